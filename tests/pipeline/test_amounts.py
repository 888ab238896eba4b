"""Amounts as a reader writes them: spans that keep the currency and magnitude, and values."""

from __future__ import annotations

import pytest

from service.model import Amount, Options
from service.pipeline import run
from service.pipeline.amounts import parse_amount, widen
from service.pipeline.entities import DEFAULT_MODEL, load_nlp

ENTITIES_ONLY = Options(dedupe="off", tags=frozenset({"entities"}))
BN, MN = 1e9, 1e6


@pytest.mark.parametrize(
    ("surface", "label", "value", "upper", "currency", "unit"),
    [
        ("£7.4m", "MONEY", 7.4 * MN, None, "GBP", None),
        ("$1.2 billion", "MONEY", 1.2 * BN, None, "USD", None),
        ("7.4 million euros", "MONEY", 7.4 * MN, None, "EUR", None),
        ("US$300", "MONEY", 300.0, None, "USD", None),
        ("300 mln dlrs", "MONEY", 300 * MN, None, "USD", None),
        ("1.2 billion U.S. dlrs", "MONEY", 1.2 * BN, None, "USD", None),
        ("30 Canadian cts", "MONEY", 0.3, None, "CAD", None),
        ("300 mln Swiss francs", "MONEY", 300 * MN, None, "CHF", None),
        ("5.5 mln stg", "MONEY", 5.5 * MN, None, "GBP", None),
        ("80.2 billion marks", "MONEY", 80.2 * BN, None, "DEM", None),
        ("€2bn-€3bn", "MONEY", 2 * BN, 3 * BN, "EUR", None),
        ("$3-4bn", "MONEY", 3 * BN, 4 * BN, "USD", None),
        ("$500,000 to $1 million", "MONEY", 500_000.0, 1 * MN, "USD", None),
        ("between 65 cts and 1.15 dlrs", "MONEY", 0.65, 1.15, "USD", None),
        ("12 cents", "MONEY", 0.12, None, "USD", None),
        ("30p", "MONEY", 0.3, None, "GBP", None),
        ("510.75 pence", "MONEY", 5.1075, None, "GBP", None),
        ("12-3/4 dlrs", "MONEY", 12.75, None, "USD", None),
        ("1,250,000 yen", "MONEY", 1_250_000.0, None, "JPY", None),
        ("A$1.2bn", "MONEY", 1.2 * BN, None, "AUD", None),
        ("HK$5.2 billion", "MONEY", 5.2 * BN, None, "HKD", None),
        ("EUR 5m", "MONEY", 5 * MN, None, "EUR", None),
        ("5 million USD", "MONEY", 5 * MN, None, "USD", None),
        ("£30k", "MONEY", 30_000.0, None, "GBP", None),
        ("five million dollars", "MONEY", 5 * MN, None, "USD", None),
        ("half a billion pounds", "MONEY", 0.5 * BN, None, "GBP", None),
        ("Rs 50 crore", "MONEY", 500 * MN, None, "INR", None),
        ("₹2 lakh", "MONEY", 200_000.0, None, "INR", None),
        ("about $5 million", "MONEY", 5 * MN, None, "USD", None),
        # capitalised currency words, names of two words, signed values
        ("3.4 billion Rupees", "MONEY", 3.4 * BN, None, "INR", None),
        ("12 Euros", "MONEY", 12.0, None, "EUR", None),  # the model said MONEY: no name
        ("7.12 Chinese yuan renminbi", "MONEY", 7.12, None, "CNY", None),
        ("40 pesos uruguayo", "MONEY", 40.0, None, "UYU", None),
        ("0.9 Pounds Sterling", "MONEY", 0.9, None, "GBP", None),
        ("-$5m", "MONEY", -5 * MN, None, "USD", None),
        ("+2.5%", "PERCENT", 2.5, None, None, "percent"),
        ("\u22123.1 percent", "PERCENT", -3.1, None, None, "percent"),
        ("-0.5 to -0.3%", "PERCENT", -0.5, -0.3, None, "percent"),
        # a currency the text names no single code for, or none at all: null, never a guess
        ("1.2 billion francs", "MONEY", 1.2 * BN, None, None, None),
        ("50 crore", "MONEY", 500 * MN, None, None, None),
        ("12 million", "MONEY", 12 * MN, None, None, None),
        ("4.5 per cent", "PERCENT", 4.5, None, None, "percent"),
        ("20per cent", "PERCENT", 20.0, None, None, "percent"),
        ("135-thousand-dollars", "MONEY", 135_000.0, None, "USD", None),
        ("49.95 Euro", "MONEY", 49.95, None, "EUR", None),
        ("Euro 0.17 bn", "MONEY", 0.17 * BN, None, "EUR", None),
        ("- Euro 0.17 bn", "MONEY", -0.17 * BN, None, "EUR", None),
        ("3 pct", "PERCENT", 3.0, None, None, "percent"),
        ("3 percent", "PERCENT", 3.0, None, None, "percent"),
        ("5pc", "PERCENT", 5.0, None, None, "percent"),
        ("1-1/2 pct", "PERCENT", 1.5, None, None, "percent"),
        ("3/8 percent", "PERCENT", 0.375, None, None, "percent"),
        ("between 5 and 6 percent", "PERCENT", 5.0, 6.0, None, "percent"),
        ("0.7-0.8%", "PERCENT", 0.7, 0.8, None, "percent"),
        ("between 3% and 3.5%", "PERCENT", 3.0, 3.5, None, "percent"),
        ("five to 10 pct", "PERCENT", 5.0, 10.0, None, "percent"),
        # one percent sign or currency written for two numbers: it holds for both
        ("60 or 70 percent", "PERCENT", 60.0, 70.0, None, "percent"),
        ("two or 3 million dollars", "MONEY", 2 * MN, 3 * MN, "USD", None),
        ("4 percentage points", "PERCENT", 4.0, None, None, "percentage point"),
        ("59.1 mln acres", "QUANTITY", 59.1 * MN, None, None, "acres"),
        ("20 pounds", "QUANTITY", 20.0, None, None, "pounds"),
        # currency words only ISO's list of names knows, one code or several ("leu": RON, MDL)
        ("three million riels", "MONEY", 3 * MN, None, "KHR", None),
        ("212.4 million taka", "MONEY", 212.4 * MN, None, "BDT", None),
        ("40 Romanian lei", "MONEY", 40.0, None, "RON", None),
        ("310.2 billion lei", "MONEY", 310.2 * BN, None, None, None),
        ("5 billion bolivars", "MONEY", 5 * BN, None, None, None),
        # a market's bid and offer, and a minus written apart in a row of figures
        ("18.00 / 18.50 percent", "PERCENT", 18.0, 18.5, None, "percent"),
        ("- 6.1%", "PERCENT", -6.1, None, None, "percent"),
        ("the 100m", "QUANTITY", 100.0, None, None, "m"),
    ],
)
def test_parse_amount(
    surface: str,
    label: str,
    value: float,
    upper: float | None,
    currency: str | None,
    unit: str | None,
) -> None:
    assert parse_amount(surface, label) == Amount(value, upper, currency, unit)


def test_no_number_no_amount() -> None:
    assert parse_amount("millions of dollars", "MONEY") is None
    assert parse_amount("7.4", "CARDINAL") is None  # only MONEY, PERCENT and QUANTITY
    assert parse_amount("₹" + "9" * 400 + " crore", "MONEY") is None  # no infinity in JSON


def test_digits_of_other_scripts_are_numbers() -> None:
    assert parse_amount("$१२ million", "MONEY") == Amount(12 * MN, None, "USD", None)


def _widened(text: str, model: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """widen() on `text` with the model's mentions given by surface (first occurrence)."""
    spans = [(text.index(s), text.index(s) + len(s), label) for s, label in model]
    return [(text[a:b], label) for a, b, label in widen(text, spans)]


@pytest.mark.parametrize(
    ("text", "model", "expected"),
    [
        # the issue's sentence, with what the bare model returns for it
        (
            "Torfaen council said it would raise £7.4m by lifting council tax 4.5 per cent.",
            [("Torfaen", "ORG"), ("7.4", "MONEY"), ("4.5 per cent", "MONEY")],
            [("Torfaen", "ORG"), ("£7.4m", "MONEY"), ("4.5 per cent", "PERCENT")],
        ),
        # a CARDINAL with a currency word after it is money; one with "pct" a percentage
        (
            "It raised 300 mln dlrs, up 3 pct.",
            [("300", "CARDINAL"), ("3", "CARDINAL")],
            [("300 mln dlrs", "MONEY"), ("3 pct", "PERCENT")],
        ),
        # amounts the model missed are added; its extra words are not the amount
        (
            "It raised $3-4bn last year and HK$5.2 billion.",
            [("$3-4bn last year", "MONEY")],
            [("$3-4bn", "MONEY"), ("HK$5.2 billion", "MONEY")],
        ),
        # a range read as two mentions, or with the date the model made of its start
        (
            "Sales rose between 5 and 6 percent, from €2bn-€3bn.",
            [("between 5", "DATE"), ("€2bn", "MONEY"), ("€3bn", "MONEY")],
            [("between 5 and 6 percent", "PERCENT"), ("€2bn-€3bn", "MONEY")],
        ),
        # a dash with a space before it only is a minus sign, not a range: a signed value
        (
            "Brent 64.20 -0.35 -0.54%",
            [],
            [("-0.54%", "PERCENT")],
        ),
        (
            "The index fell -2.5% while gold rose +1.2%, and 3-5% and 49%-45% hold no sign.",
            [],
            [
                ("-2.5%", "PERCENT"),
                ("+1.2%", "PERCENT"),
                ("3-5%", "PERCENT"),
                ("49%", "PERCENT"),
                ("45%", "PERCENT"),
            ],
        ),
        # a score of percentages the model called a person (whole or cut short) is two
        # percentages; a name with letters of its own stays
        (
            "Smith leads Jones 52%-41% in Ohio and 55%-38% in Utah, said Trump 49%.",
            [
                ("Smith", "PERSON"),
                ("Jones", "PERSON"),
                ("52%-41%", "PERSON"),
                ("Ohio", "GPE"),
                ("55%-38", "PERSON"),
                ("Utah", "GPE"),
                ("Trump 49%", "PERSON"),
            ],
            [
                ("Smith", "PERSON"),
                ("Jones", "PERSON"),
                ("52%", "PERCENT"),
                ("41%", "PERCENT"),
                ("Ohio", "GPE"),
                ("55%", "PERCENT"),
                ("38%", "PERCENT"),
                ("Utah", "GPE"),
                ("Trump 49%", "PERSON"),
            ],
        ),
        # a capitalised currency word is money; one that is also a name ("50 Cent", "3
        # Rand", "2 Real") needs a magnitude, a qualifier or a symbol, and so does one with
        # a number after it ("Euro '96" is a championship)
        (
            "The resort earned 3.4 billion Rupees, 12 Euros and 5 Swiss Francs, and 4 million "
            "Rand, not 50 Cent, 3 Rand or 2 Real; all 23 Euro '96 players came.",
            [],
            [
                ("3.4 billion Rupees", "MONEY"),
                ("12 Euros", "MONEY"),
                ("5 Swiss Francs", "MONEY"),
                ("4 million Rand", "MONEY"),
            ],
        ),
        # a currency area is no amount
        (
            "The 12 euro zone countries and the 14 franc zone states met.",
            [],
            [],
        ),
        # a currency word before the number, as a symbol is, with a magnitude, decimals or the
        # model's MONEY; a spaced minus after "(" or "or" is the amount's sign
        (
            "Vienna (-2.1% or - Euro 0.35 bn) fell, Graz (- EUR 5m) too; a ticket for Euro 2016 "
            "cost euro 49.50 and the project Rupees 300 crore.",
            [("Euro 2016", "EVENT")],
            [
                ("-2.1%", "PERCENT"),
                ("- Euro 0.35 bn", "MONEY"),
                ("- EUR 5m", "MONEY"),
                ("Euro 2016", "EVENT"),
                ("euro 49.50", "MONEY"),
                ("Rupees 300 crore", "MONEY"),
            ],
        ),
        # the currency word after a hyphen: the compound adjective of money
        (
            "It cost 350-thousand-dollars, a 20-dollar note and a 5-million-euro fine.",
            [],
            [
                ("350-thousand-dollars", "MONEY"),
                ("20-dollar", "MONEY"),
                ("5-million-euro", "MONEY"),
            ],
        ),
        # currency names of two words are one currency
        (
            "It costs 7.12 Chinese yuan renminbi, or 0.9 pounds sterling.",
            [("7.12 Chinese", "MONEY"), ("0.9", "MONEY")],
            [("7.12 Chinese yuan renminbi", "MONEY"), ("0.9 pounds sterling", "MONEY")],
        ),
        # a change and the new level, "by" or not, are two amounts; a range written with a
        # currency on each end is one ("$2 billion to $3 billion")
        (
            "Copper fell by $12 to $8,410 a tonne and rose 40 cents to $8.50; repairs cost "
            "$2 billion to $3 billion.",
            [("$12 to $8,410", "MONEY")],
            [
                ("$12", "MONEY"),
                ("$8,410", "MONEY"),
                ("40 cents", "MONEY"),
                ("$8.50", "MONEY"),
                ("$2 billion to $3 billion", "MONEY"),
            ],
        ),
        # a percent sign written once holds for both numbers of "or"; amounts written whole
        # are two
        (
            "Turnout was 60 or 70%, and tickets cost $5 or $6.",
            [("70%", "PERCENT"), ("5", "MONEY"), ("6", "MONEY")],
            [("60 or 70%", "PERCENT"), ("$5", "MONEY"), ("$6", "MONEY")],
        ),
        # "from X to Y" is a change and the new level after a change word in its clause,
        # "by" or not; otherwise one range
        (
            "Inflation rose from 5 to 6 percent.",
            [("5 to 6 percent", "PERCENT")],
            [("6 percent", "PERCENT")],
        ),
        (
            "The board cut its dividend forecast for next year from $12 to $9, while fares "
            "went up by nearly a third from 30p to 40p.",
            [],
            [("$12", "MONEY"), ("$9", "MONEY"), ("30p", "MONEY"), ("40p", "MONEY")],
        ),
        (
            "Turnover grew 8 percent, from $50 million to $54 million.",
            [],
            [("8 percent", "PERCENT"), ("$50 million", "MONEY"), ("$54 million", "MONEY")],
        ),
        (
            "Tickets will cost anywhere from $40 to $90, and rates range from 3% to 4.5%.",
            [("$40", "MONEY"), ("$90", "MONEY")],
            [("$40 to $90", "MONEY"), ("3% to 4.5%", "PERCENT")],
        ),
        # a range word right before "from" keeps it a range, a change word before it or
        # not; a sentence end stops the change word from reaching it
        (
            "Prices, which jumped last year, now range from 2 to 3 dlrs. Costs rose. Fees "
            "run from 2% to 3%.",
            [],
            [("2 to 3 dlrs", "MONEY"), ("2% to 3%", "PERCENT")],
        ),
        # the currency's qualifier is part of the amount, not a place of its own
        (
            "It earned 1.2 billion U.S. dlrs in 1986.",
            [("1.2 billion", "CARDINAL"), ("U.S.", "GPE"), ("1986", "DATE")],
            [("1.2 billion U.S. dlrs", "MONEY"), ("1986", "DATE")],
        ),
        # a bare number with a magnitude only grows the amount the model found
        (
            "It will spend 12 million on 7 million homes.",
            [("12", "MONEY"), ("7 million", "CARDINAL")],
            [("12 million", "MONEY"), ("7 million", "CARDINAL")],
        ),
        # currency words from ISO's names need a magnitude, a qualifier, a converted amount or
        # the model's MONEY, and never replace the currency of a symbol before them
        (
            "Bids reached 310.2 billion lei, 40 Romanian lei and a fine of three million "
            "riels; 5 lei of flowers, and a $3 billion dong-sized sum.",
            [],
            [
                ("310.2 billion lei", "MONEY"),
                ("40 Romanian lei", "MONEY"),
                ("three million riels", "MONEY"),
                ("$3 billion", "MONEY"),
            ],
        ),
        (
            "A Hanoi bank lent 5 million dong and the $2 billion dong bond sold.",
            [],
            [("5 million dong", "MONEY"), ("$2 billion", "MONEY")],
        ),
        # a converted amount in brackets makes a weak currency word money, either way round
        (
            "They fined him 2,000 pounds ($3,300) and paid $800 (500 pounds); he weighs 200 "
            "pounds.",
            [],
            [
                ("2,000 pounds", "MONEY"),
                ("$3,300", "MONEY"),
                ("$800", "MONEY"),
                ("500 pounds", "MONEY"),
            ],
        ),
        # a bid and offer is one range; "3 / 4" with no unit is none
        (
            "Rates opened at 18.00 / 18.50 percent and 3 / 4 of dealers stayed.",
            [],
            [("18.00 / 18.50 percent", "PERCENT")],
        ),
        # a spaced minus in a row of figures is the sign; between amounts in prose, a dash
        (
            "Change 2.3% 11.5% - 6.1%\nthe $418 - $380 move we saw",
            [],
            [
                ("2.3%", "PERCENT"),
                ("11.5%", "PERCENT"),
                ("- 6.1%", "PERCENT"),
                ("$418", "MONEY"),
                ("$380", "MONEY"),
            ],
        ),
        # a percent sign written once for a list holds for each number in it, but not for a
        # date the model found
        (
            "Trades in 0.3, 0.7 and two percent fuel; it grew 4 percent in 1995 and 6 percent.",
            [("0.7", "CARDINAL"), ("1995", "DATE")],
            [
                ("0.3", "PERCENT"),
                ("0.7", "PERCENT"),
                ("two percent", "PERCENT"),
                ("4 percent", "PERCENT"),
                ("1995", "DATE"),
                ("6 percent", "PERCENT"),
            ],
        ),
        # a magnitude compared with money just before it is money, its currency unsaid; a
        # count of things is not
        (
            "Profit was 5.2 million French francs, down from 8.1 million in 1995. Sales of "
            "$4 million compared with 3 million visitors.",
            [("8.1 million", "CARDINAL"), ("1995", "DATE"), ("3 million", "CARDINAL")],
            [
                ("5.2 million French francs", "MONEY"),
                ("8.1 million", "MONEY"),
                ("1995", "DATE"),
                ("$4 million", "MONEY"),
                ("3 million", "CARDINAL"),
            ],
        ),
        # weights, metres and a rapper are no money
        (
            "He lost 20 pounds before the 100m final, said 50 Cent.",
            [("20 pounds", "QUANTITY"), ("100m", "QUANTITY"), ("50 Cent", "PERSON")],
            [("20 pounds", "QUANTITY"), ("100m", "QUANTITY"), ("50 Cent", "PERSON")],
        ),
    ],
)
def test_widen(text: str, model: list[tuple[str, str]], expected: list[tuple[str, str]]) -> None:
    assert _widened(text, model) == expected


def test_an_amount_never_crosses_a_sentence_or_a_name() -> None:
    text = "It paid £7.4m. Million people watched. It sold 5 Acme dlrs."
    assert _widened(text, [("7.4", "MONEY"), ("Acme", "ORG")]) == [
        ("£7.4m", "MONEY"),
        ("Acme", "ORG"),
    ]
    # a name over the number stops the amount: the model's reading stays
    text = "It bought Channel 4 pct stakes."
    assert _widened(text, [("Channel 4", "ORG")]) == [("Channel 4", "ORG")]


@pytest.fixture(scope="module")
def shipped_model() -> None:
    load_nlp(DEFAULT_MODEL)


def _amounts(text: str) -> dict[str, tuple[str, Amount | None]]:
    """Raw text of every amount mention -> (type, amount), through the whole pipeline."""
    out = {}
    for article in run(text, ENTITIES_ONLY).articles:
        for entity in article.tags.entities:
            for m in entity.mentions:
                if entity.type in {"MONEY", "PERCENT", "QUANTITY"}:
                    out[text[m.start : m.end]] = (entity.type, entity.amount)
    return out


@pytest.mark.usefixtures("shipped_model")
def test_pipeline_mentions_cover_symbol_and_magnitude_in_the_raw_text() -> None:
    text = (
        "Council tax rise\n\n"
        "Torfaen council said it would raise £7.4m by lifting council tax 4.5 per cent. "
        "Shares rose 3 percent to $1.2 billion, or 12 cents a share.\n\n"
        "The firm had earned 300 mln dlrs, up 3 pct.\n"
    )
    got = _amounts(text)
    assert got["£7.4m"] == ("MONEY", Amount(7.4 * MN, None, "GBP", None))
    assert got["4.5 per cent"] == ("PERCENT", Amount(4.5, None, None, "percent"))
    assert got["3 percent"] == ("PERCENT", Amount(3.0, None, None, "percent"))
    assert got["$1.2 billion"] == ("MONEY", Amount(1.2 * BN, None, "USD", None))
    assert got["12 cents"] == ("MONEY", Amount(0.12, None, "USD", None))
    assert got["300 mln dlrs"] == ("MONEY", Amount(300 * MN, None, "USD", None))
    assert got["3 pct"] == ("PERCENT", Amount(3.0, None, None, "percent"))


@pytest.mark.usefixtures("shipped_model")
def test_offsets_hold_across_odd_spaces_and_line_breaks() -> None:
    # a no-break space inside the amount and a hard-wrapped line: offsets are the raw ones
    text = "Budget cut\n\nThe ministry will cut £7.4\u00a0million from a budget of\n300 mln dlrs.\n"
    got = _amounts(text)
    assert got["£7.4\u00a0million"][1] == Amount(7.4 * MN, None, "GBP", None)
    assert got["300 mln dlrs"][1] == Amount(300 * MN, None, "USD", None)


@pytest.mark.usefixtures("shipped_model")
def test_a_bare_dollar_is_the_article_s_own_dollar() -> None:
    australian = (
        "Qantas results\n\n"
        "Qantas said sales would dip by A$30m after the tsunami. Its shares fell to $4.50.\n"
    )
    assert _amounts(australian)["$4.50"] == ("MONEY", Amount(4.5, None, "AUD", None))
    mixed = (
        "Qantas results\n\n"
        "Qantas said sales would dip by A$30m, or US$23m. Its shares fell to $4.50.\n"
    )
    assert _amounts(mixed)["$4.50"] == ("MONEY", Amount(4.5, None, "USD", None))
