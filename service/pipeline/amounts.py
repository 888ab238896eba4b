"""Amounts as a reader writes them: "£7.4m" is one MONEY mention, 7.4 million GBP.

The NER model keeps "7.4" of "£7.4m", calls "4.5 per cent" MONEY and "300 mln dlrs"
CARDINAL, and misses "$3-4bn" altogether. One straight path fixes that: `widen` finds each
written amount of an NER doc (a number and its sign, the currency symbol, code or word
before it, the magnitude and currency word or percent sign after it, or a range of two) and
lets it take the place of the numeric mentions the model made of it, and of a "name" that is
only numbers ("49%-45%" read as a PERSON); `with_amounts` then reads each MONEY, PERCENT
and QUANTITY mention's value and currency. An amount is only ever made of symbols, numbers
and the closed lists of words below joined by single spaces, so it never runs into the next
sentence or paragraph.

Currency codes are ISO 4217: pycountry gives the codes and the names that make "Swiss
francs" CHF, "Canadian dollars" CAD and "yuan renminbi" CNY, and the currency words of its
names no list here knows ("riels" KHR, "taka" BDT, "Romanian lei" RON); the news shorthands
("dlrs", "stg", "A$"), the codes retired with the euro ("marks" DEM, Reuters' 1987 stories)
and the few English plurals that are not "-s" ("lei") are listed here.

Beside the amount itself, its neighbours may say what it is: a percent sign written once
for a list ("0.2, 0.5 and one percent"), money compared with a bare magnitude ("2.1 million
French francs, down from 10.3 million"), a converted amount in brackets ("4,000 pounds
($6,600)") and a row of figures for a minus written apart ("21.8% - 4.4%").
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

import pycountry

from service.model import Amount
from service.pipeline.canonical import Found

__all__ = ["AMOUNT_LABELS", "parse_amount", "widen", "with_amounts"]

AMOUNT_LABELS = frozenset({"MONEY", "PERCENT", "QUANTITY"})
# A written amount takes the place of these model readings of its number ("between 5" DATE
# of "between 5 and 6 percent"); a name it overlaps stops it, unless the name is only the
# qualifier of its currency word ("U.S." of "300 mln U.S. dlrs").
_NUMERIC_LABELS = AMOUNT_LABELS | {"CARDINAL", "DATE", "TIME", "ORDINAL"}
# An unqualified dollar: USD, unless the article names one other dollar and no US one.
_DOLLAR = "$"

# Symbols and short forms written before the number. Case-sensitive: "RM5bn", not "rm".
_SYMBOLS: dict[str, str] = {
    "$": _DOLLAR,
    "US$": "USD",
    "U.S.$": "USD",
    "$US": "USD",
    "A$": "AUD",
    "AU$": "AUD",
    "$A": "AUD",
    "C$": "CAD",
    "CA$": "CAD",
    "Can$": "CAD",
    "NZ$": "NZD",
    "$NZ": "NZD",
    "HK$": "HKD",
    "S$": "SGD",
    "NT$": "TWD",
    "R$": "BRL",
    "Mex$": "MXN",
    "£": "GBP",
    "€": "EUR",
    "¥": "JPY",  # also the yuan's sign; news in English mostly means yen
    "₹": "INR",
    "Rs": "INR",
    "Rs.": "INR",
    "₩": "KRW",
    "₽": "RUB",
    "₺": "TRY",
    "₪": "ILS",
    "₦": "NGN",
    "RMB": "CNY",
    "Rmb": "CNY",
    "RM": "MYR",
    "Rp": "IDR",
}
# ISO codes that are also words or names written in capitals next to numbers ("PHP 8").
_CODES_NOT_WRITTEN = frozenset(
    {"ALL", "AMD", "BOB", "CUP", "GEL", "MAD", "MOP", "PEN", "PHP", "SOS", "TOP"}
)
# Fund and accounting units, metals, test codes: no amount of news money.
_NOT_MONEY = re.compile(
    r"\(|Unidad|WIR|Mvdol|Bond Markets|Accounting|Unit of Account|testing|no currency"
    r"|^(?:Gold|Silver|Platinum|Palladium|Sucre)$"
)
_ISO = {c.alpha_3: c.name for c in pycountry.currencies if not _NOT_MONEY.search(c.name)}
_CODES = frozenset(_ISO) - _CODES_NOT_WRITTEN

_MARKS = "mark marks d-mark d-marks deutschmark deutschmarks"
_PLURAL_S = (
    "rupee riyal rial dinar dirham peso shilling guilder peseta escudo schilling drachma "
    "punt ecu forint rupiah naira ringgit baht rand won yen markka bolivar cordoba"
)
# Currency words after the number, lower case -> (unit, subunit). A unit's code comes from
# its qualifier ("Canadian dlrs") or, without one, from _UNQUALIFIED.
_UNIT_WORDS: dict[str, tuple[str, bool]] = {
    **dict.fromkeys(("dollar", "dollars", "dlr", "dlrs"), ("dollar", False)),
    **dict.fromkeys(("cent", "cents", "ct", "cts"), ("dollar", True)),
    **dict.fromkeys(("pound", "pounds", "stg", "sterling", "pounds sterling"), ("pound", False)),
    **dict.fromkeys(("pence", "penny"), ("pound", True)),
    **dict.fromkeys(("euro", "euros"), ("euro", False)),
    **dict.fromkeys(("franc", "francs"), ("franc", False)),
    **dict.fromkeys(_MARKS.split(), ("mark", False)),
    **dict.fromkeys(("crown", "crowns"), ("crown", False)),
    **dict.fromkeys(("krone", "kroner"), ("krone", False)),
    **dict.fromkeys(("krona", "kronor"), ("krona", False)),
    **dict.fromkeys(("real", "reais"), ("real", False)),
    **dict.fromkeys(("lira", "liras"), ("lira", False)),
    "lire": ("lire", False),
    **dict.fromkeys(("rouble", "roubles", "ruble", "rubles"), ("ruble", False)),
    **dict.fromkeys(("shekel", "shekels", "sheqel", "sheqels"), ("sheqel", False)),
    **dict.fromkeys(("zloty", "zlotys", "zlotych"), ("zloty", False)),
    **dict.fromkeys(("yuan", "renminbi"), ("yuan", False)),
    **{w + s: (w, False) for w in _PLURAL_S.split() for s in ("", "s")},
}
# Code of a unit written without a qualifier; None where the word names no one currency
# ("francs": Swiss or French).
_UNQUALIFIED: dict[str, str | None] = {
    "dollar": _DOLLAR, "pound": "GBP", "euro": "EUR", "yen": "JPY", "yuan": "CNY",
    "rupee": "INR", "ruble": "RUB", "lira": "TRY", "lire": "ITL", "mark": "DEM",
    "guilder": "NLG", "peseta": "ESP", "escudo": "PTE", "schilling": "ATS", "drachma": "GRD",
    "punt": "IEP", "markka": "FIM", "ecu": "XEU", "rand": "ZAR", "won": "KRW", "baht": "THB",
    "ringgit": "MYR", "rupiah": "IDR", "naira": "NGN", "zloty": "PLN", "forint": "HUF",
    "sheqel": "ILS", "riyal": "SAR", "krona": "SEK", "real": "BRL", "cordoba": "NIO",
    "franc": None, "peso": None, "crown": None, "krone": None, "dinar": None, "dirham": None,
    "rial": None, "shilling": None, "bolivar": None,
}  # fmt: skip
# Words that are currencies only beside a magnitude ("20 million pounds") or in a mention
# the model itself called MONEY: "lost 20 pounds" is a weight, "won 3" a result.
_WEAK_WORDS = frozenset({"pound", "pounds", "mark", "marks", "won", "real"})
# Currency words that are also names when capitalised ("50 Cent" is a rapper, "2 Real" a
# football score, "Ayn Rand"): capitalised, these need the same support as a weak word.
# Other capitalised currency words are money ("49.95 Euro", "2 trillion Baht").
_NAME_WORDS = frozenset(
    {"cent", "cents", "rand", "real", "mark", "marks", "won", "pound", "pounds", "penny"}
    | {"sterling", "crown", "crowns", "lira", "punt"}
)
# A number right after a capitalised currency word: "Euro '96", "Euro 2016" are events.
_NUMBER_NEXT = re.compile(r" '? ?\d")
# Currency words written before the number, as a symbol is ("Euro 5m", "Rupees 500
# crore"). "Euro 2016" is a football championship, so they need support as well: a
# magnitude, decimals or thousands, or the model's MONEY.
_WORDS_BEFORE: dict[str, str] = {
    **{f(w): "EUR" for w in ("euro", "euros") for f in (str, str.title, str.upper)},
    **{f(w): "INR" for w in ("rupee", "rupees") for f in (str, str.title, str.upper)},
}
# (qualifier, unit) pairs pycountry has no name for: retired European currencies and the
# adjective news writes where pycountry writes the country ("Japanese yen").
_QUALIFIED_EXTRA: dict[tuple[str, str], str] = {
    ("japanese", "yen"): "JPY", ("chinese", "yuan"): "CNY", ("korean", "won"): "KRW",
    ("south korean", "won"): "KRW", ("south african", "rand"): "ZAR", ("thai", "baht"): "THB",
    ("indonesian", "rupiah"): "IDR", ("nigerian", "naira"): "NGN", ("polish", "zloty"): "PLN",
    ("hungarian", "forint"): "HUF", ("israeli", "sheqel"): "ILS", ("pakistani", "rupee"): "PKR",
    ("sri lankan", "rupee"): "LKR", ("taiwan", "dollar"): "TWD", ("taiwanese", "dollar"): "TWD",
    ("french", "franc"): "FRF", ("belgian", "franc"): "BEF", ("luxembourg", "franc"): "LUF",
    ("german", "mark"): "DEM", ("deutsche", "mark"): "DEM", ("finnish", "markka"): "FIM",
    ("dutch", "guilder"): "NLG", ("italian", "lire"): "ITL", ("italian", "lira"): "ITL",
    ("spanish", "peseta"): "ESP", ("portuguese", "escudo"): "PTE",
    ("austrian", "schilling"): "ATS", ("greek", "drachma"): "GRD", ("irish", "pound"): "IEP",
    ("irish", "punt"): "IEP", ("swedish", "crown"): "SEK", ("danish", "crown"): "DKK",
    ("norwegian", "crown"): "NOK", ("czech", "crown"): "CZK", ("saudi", "riyal"): "SAR",
}  # fmt: skip
# How news writes the qualifier pycountry spells otherwise.
_QUALIFIER_ALIASES = {"u.s.": "us", "american": "us", "n.z.": "new zealand", "hk": "hong kong"}


# English plurals of ISO's currency words that are not the word and an "s" (plain "riels",
# "takas" are); pycountry gives the singular only.
_IRREGULAR_PLURALS = {
    "leu": "lei", "colon": "colones", "sol": "soles", "quetzal": "quetzales",
    "loti": "maloti", "lilangeni": "emalangeni",
}  # fmt: skip


# ISO's "Uzbekistan Sum" is the som in English news, and "sum" an English word.
_ISO_NOT_UNITS = frozenset({"sum"})


def _plain(name: str) -> str:
    """Lower case without accents: ISO writes "Bolívar", news "bolivar"."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _iso_units() -> dict[str, str | None]:
    """Units of the ISO names none of whose words the lists above know ("Taka", "Riel",
    "Romanian Leu", "Malawi Kwacha") -> the code of the one currency so named, None when
    several share the word (leu: RON and MDL). The unit is the name's last word; a metal
    ("Zimbabwe Gold") is no unit word."""
    codes: dict[str, set[str]] = {}
    for code, name in _ISO.items():
        words = _plain(name).split()
        if any(w in _UNIT_WORDS or w in _UNQUALIFIED for w in words):
            continue  # "Peso Uruguayo", "CFA Franc BEAC": a unit already known
        unit = words[-1]
        if unit.isalpha() and unit not in _ISO_NOT_UNITS and not _NOT_MONEY.search(unit.title()):
            codes.setdefault(unit, set()).add(code)
    return {unit: next(iter(c)) if len(c) == 1 else None for unit, c in codes.items()}


_ISO_UNITS = _iso_units()
# Their written forms. News writes these rarely and some are also words or names ("dong",
# "sol", "Leone"), so like the weak words they are money only beside a magnitude, a symbol,
# a qualifier ("Romanian lei") or a converted amount, or in the model's MONEY.
_ISO_UNIT_WORDS = {
    form: unit
    for unit in _ISO_UNITS
    for form in (unit, unit + "s", _IRREGULAR_PLURALS.get(unit, unit))
}
_UNQUALIFIED.update(_ISO_UNITS)
_UNIT_WORDS.update({form: (unit, False) for form, unit in _ISO_UNIT_WORDS.items()})


def _qualified_units() -> dict[tuple[str, str], str]:
    """(qualifier, unit) -> code, from pycountry's names ("Canadian Dollar") and the extras."""
    out: dict[tuple[str, str], str] = {}
    for code, name in _ISO.items():
        words = _plain(name).split()
        if len(words) > 1 and words[-1] in _UNQUALIFIED:
            out[(" ".join(words[:-1]), words[-1])] = code
    out.update(_QUALIFIED_EXTRA)
    for alias, qualifier in _QUALIFIER_ALIASES.items():
        out.update({(alias, u): c for (q, u), c in list(out.items()) if q == qualifier})
    return out


def _named_units() -> dict[str, str]:
    """Two-word names the unit word comes first in, in each of its written forms -> code:
    "yuan renminbi" CNY, "pounds sterling" GBP, "peso uruguayo" UYU, "rial omani" OMR."""
    out: dict[str, str] = {}
    for code, name in _ISO.items():
        first, *rest = _plain(name).split()
        if not rest or first not in _UNQUALIFIED:
            continue
        for word, (unit, _) in list(_UNIT_WORDS.items()):
            if unit == first and word.startswith(first) and " " not in word:  # "pounds"
                out[" ".join((word, *rest))] = code
    return out


_QUALIFIED = _qualified_units()
_NAMED_UNITS = _named_units()
# a two-word name is a form of its first word's unit ("Chinese yuan renminbi" qualifies yuan)
_UNIT_WORDS.update({name: _UNIT_WORDS[name.split()[0]] for name in _NAMED_UNITS})
_DOLLAR_CODES = frozenset(c for (_, unit), c in _QUALIFIED.items() if unit == "dollar")

_MAGNITUDES: dict[str, Decimal] = {
    **dict.fromkeys(("k", "thousand"), Decimal(10) ** 3),
    **dict.fromkeys(("lakh", "lakhs"), Decimal(10) ** 5),
    **dict.fromkeys(("m", "mm", "mn", "mln", "million"), Decimal(10) ** 6),
    **dict.fromkeys(("crore", "crores"), Decimal(10) ** 7),
    **dict.fromkeys(("b", "bn", "bln", "billion"), Decimal(10) ** 9),
    **dict.fromkeys(("tn", "trn", "trillion"), Decimal(10) ** 12),
}
# Glued one-letter magnitudes are metres, bytes or kilos unless a currency is written too.
_WEAK_MAGNITUDES = frozenset({"k", "m", "mm", "b", "tn"})
_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
)
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety"
_SPELLED_NUMBERS = {w: Decimal(n) for n, w in enumerate(_ONES.split())} | {
    w: Decimal(20 + 10 * n) for n, w in enumerate(_TENS.split())
}
# "a" and "half" only ever before a magnitude: "a million", never "a dollar"
_SPELLED = (
    _SPELLED_NUMBERS
    | dict.fromkeys(("a", "an"), Decimal(1))
    | dict.fromkeys(("half", "half a", "half an"), Decimal("0.5"))
)


def _alternatives(words: Iterable[str]) -> str:
    """A regex alternation of the words, longest first so "dlrs" wins over "dlr"."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# Lower case, capitals ("5 MLN DLRS") or capitalised ("2 trillion Baht"); a capitalised one
# may be a name ("50 Cent" is a rapper), so it needs a word of support (see _side).
_UNITS_RX = _alternatives(f(w) for w in _UNIT_WORDS for f in (str, str.upper, str.title))
_QUALIFIERS_RX = _alternatives({q for q, _ in _QUALIFIED})
_CODES_RX = "|".join(sorted(_CODES))
_SYMBOL_FIRST = "".join(sorted({w[0] for w in (*_SYMBOLS, *_WORDS_BEFORE, *_CODES)}))
_WORD_MAGNITUDES = "thousand|million|billion|trillion|crores?|lakhs?|mln|bln|mn|bn|tn|trn"
_SPELLED_FIRST = "".join(sorted({w[0] for w in _SPELLED} | {w[0].upper() for w in _SPELLED}))
# One side of an amount: [symbol or code] number [magnitude] [percent | currency]. The
# cheap lookaheads come first: without them the long alternations ran at every word start
# (0.37 s a megabyte of text, now 0.1 s).
_SIDE = re.compile(
    rf"""
    (?<![\w.,/])
    (?:
        (?<![^\s(\[])(?P<sign>[-+\u2212])(?=\S)  # "-0.62%", "+$5m": glued, after a space
      # "(- Euro 5m", "or - 3%", a row of figures ("1.8% 21.8% - 4.4%": after a figure
      # and a space; a range of the two was ruled out first), and a mention's own text
      | (?:(?<=[(\[])|(?<=\bor\ )|(?<=[\d%]\ )|\A)(?P<spaced_sign>[-+\u2212])\ (?=\S)
    )?
    (?:(?=(?-i:[{re.escape(_SYMBOL_FIRST)}])[^\s\d]{{0,5}}\ ?\d)
        (?:(?P<symbol>(?-i:{_alternatives(_SYMBOLS)}|{_CODES_RX}))\ ?
          | (?P<word_before>(?-i:{_alternatives(_WORDS_BEFORE)}))\ ))?
    (?:
        (?P<number>
            \d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?  # 1,250,000
          | \d{{1,2}}/(?:64|32|16|8|4|2)(?![\d/])  # 3/8: the market's fractions
          | \d+(?:\.\d+)?(?:[-\ ]\d{{1,2}}/(?:64|32|16|8|4|2)(?![\d/]))?  # 12.5, 12-3/4
          | \.\d+
        )
      | (?=(?-i:[{_SPELLED_FIRST}])[a-z]{{0,6}}(?:\ a)?[\ -](?:[a-z]|\d))
        (?P<spelled>
            (?:half\ an?|half|an?)(?=[\ -](?:{_WORD_MAGNITUDES})\b)
          | (?:{_alternatives(_SPELLED_NUMBERS)})
            (?=[\ -](?:{_WORD_MAGNITUDES}|pct|per[\ -]?cent|percent|{_UNITS_RX})\b
              |\ (?:to|and|or)\ \d)
        )
    )
    (?:
        (?P<glued>{_WORD_MAGNITUDES}|mm|m|b|k)(?!\w)
      | [\ -](?P<magnitude>{_WORD_MAGNITUDES})\b
    )?
    (?:
        (?P<percent>\ ?%|\ ?pct\b|pc\b|[\ -]?per[\ -]?cent\b|[\ -]?percent\b)
      | [\ -](?P<points>percentage[\ -]points?)\b
      | (?-i:(?P<pence>p))(?!\w|\.m)
      | (?:\ (?P<qualifier>{_QUALIFIERS_RX})\ |[\ -])(?P<unit>(?-i:{_UNITS_RX}))\b
        (?![\ -](?:zone|area)s?\b)  # "the 12 euro zone countries"
      | \ (?P<code>(?-i:{_CODES_RX}))\b
    )?
    """,
    re.IGNORECASE | re.VERBOSE,
)
# A spaced sign after a figure is a minus in a row of figures: the row ends or another
# figure follows ("Percent change 1.8% 21.8% - 4.4%").
_FIGURE_ENDS = frozenset("0123456789%")
_ROW_GOES_ON = re.compile(r"[ \t]*(?:\n|\Z|[-+\u2212]?\ ?[$£€¥]?\d)")
# A converted amount in brackets, right after a side or right before it: its currency
# symbol or code vouches for a weak currency word ("4,000 pounds ($6,600)").
_CONVERSION_SYMBOL = rf"(?-i:{_alternatives(_SYMBOLS)}|{_CODES_RX})"
_CONVERSION_AFTER = re.compile(
    rf" ?[(\[] ?(?:about |around |some |nearly |roughly |almost )?{_CONVERSION_SYMBOL} ?\d"
)
_CONVERSION_BEFORE = re.compile(
    rf"{_CONVERSION_SYMBOL} ?\d[\d.,]*(?: ?(?:{_WORD_MAGNITUDES}|m|bn|k))? ?[(\[] ?$",
    re.IGNORECASE,
)
_CONVERSION_REACH = 40
# What joins the two sides of a range: "$3-4bn", "$800 - $1,000", "3 to 4 percent", "between
# 5 and 6 percent", "80 or 90%". A dash is spaced on both sides or on neither: "0.08 -0.62%"
# is a minus.
# A market's bid and offer, "22.00 / 22.75 percent", are one range too.
_JOINT = re.compile(r"-to-|[-–]| [-–] | to | and | or | / ", re.IGNORECASE)
_BETWEEN = "between "
# After these, alone or with "by", "X to Y dlrs" is a change and the new level, not a
# range: "rose 1-1/2 to 12-3/4 dlrs", "fell by Rs 173 to Rs 47,051" (but "down 29.9 to 36.3
# pct" is one).
_CHANGE_WORDS = frozenset(
    {"rose", "fell", "gained", "lost", "climbed", "dropped", "declined", "eased", "slipped"}
    | {"jumped", "added", "shed", "firmed", "edged", "up", "down", "rises", "falls", "gains"}
    | {"increased", "decreased", "plunged", "surged", "soared", "tumbled", "dipped", "slumped"}
    | {"advanced", "rallied", "softened", "hardened", "appreciated", "depreciated", "grew"}
)
# "from X to Y" is a range ("anywhere from $200 to $500") unless one of these words comes
# before "from" in its sentence: then it is a change and the new level ("slashed its
# forecast from $47 billion to $8 billion", "rose by 37 percent, from 0.9 to 1.2 percent",
# "raised the limit for foreign investment in telecoms companies from 49% to 74%").
_CHANGE_VERBS = (
    "raise lift boost hike increase cut slash reduce lower trim decrease drop jump climb "
    "surge soar rally advance gain decline fall ease slip dip plunge tumble slump sink shrink "
    "grow expand double triple halve change move shift swing widen narrow revise upgrade "
    "downgrade improve worsen go"
)
_CHANGE_IRREGULAR = (
    "rose risen rise rises rising fell fallen grew grown sank sunk shrank shrunk swung went "
    "gone lost lose loses losing loss losses shed slid rallied rallies reduction reductions "
    "growth"
)


def _inflections(verb: str) -> set[str]:
    """The regular forms of a verb (and its noun, where it is the same word); the odd
    non-word it also makes ("lowerred") never occurs in text."""
    stem = verb[:-1] if verb.endswith("e") else verb
    doubled = verb + verb[-1]  # "slipped", "cutting"
    return {
        verb,
        verb + "s",
        verb + "es",
        stem + "ed",
        stem + "ing",
        doubled + "ed",
        doubled + "ing",
    }


_CHANGE_BEFORE_FROM = frozenset(
    {form for verb in _CHANGE_VERBS.split() for form in _inflections(verb)}
    | set(_CHANGE_IRREGULAR.split())
    | _CHANGE_WORDS
)
# ... unless the word right before "from" says it is a range ("prices ranging from").
_RANGE_BEFORE_FROM = frozenset(
    {"anywhere", "somewhere", "range", "ranges", "ranged", "ranging", "priced"}
    | {"vary", "varies", "varied", "varying"}
)
# How far back, in words and characters, the words before an amount are read; a sentence
# end or a blank line stops them (a single line break does not: Reuters wraps its lines).
_CHANGE_REACH = 12
_WINDOW = 100
_SENTENCE_BREAK = re.compile(r"[.!?;]\s|\n\s*\n")
# The ends of a range are within this factor of each other: "on March 23 to 3.3 billion
# dlrs" is a date and an amount.
_RANGE_SPREAD = 1000


# A number in a list the percent sign is written once for ("0.2, 0.5 and one percent"): the
# last joint is "and" or "or", the others commas. A number that takes its label from its
# neighbours only displaces the model's numbers, never its dates ("4 percent in 1995 and 6
# percent") or names.
_LIST_LAST = re.compile(r",? (?:and|or) ", re.IGNORECASE)
_LIST_COMMA = re.compile(r", ")
_BORROWING_YIELDS = AMOUNT_LABELS | {"CARDINAL"}
# A magnitude compared with the money amount before it is money too: "21.8 million French
# francs compared to 34.1 million", "2.1 million French francs, down from 10.3 million".
# The words between stay in one clause; after the number come punctuation, the end or a
# word of time or place, not a noun that counts ("from 3 million visitors").
_IMPLIED_GAP = re.compile(
    r"[^.;!?\d]{0,40}?\b(?:compared\ (?:to|with)|from|against|versus|vs\.?|than)\ "
    r"(?:about\ |around\ |some\ |nearly\ |roughly\ |almost\ |just\ )?",
    re.IGNORECASE | re.VERBOSE,
)
_IMPLIED_END = re.compile(
    r"\s*(?:[^\w\s]|\Z)|\ (?:in|a|an|the|for|at|on|during|over|last|earlier|previously|ago"
    r"|before|year|a\ year)\b",
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class _Side:
    """One number as written, with what is written around it; offsets into the text."""

    start: int
    end: int  # a weak magnitude or currency word it cannot vouch for is left outside
    number_start: int
    number_end: int  # past the number and its magnitude
    number: Decimal
    magnitude: Decimal | None
    currency: str | None  # ISO code, _DOLLAR, or None
    subunit: bool  # cents, pence
    names_currency: bool  # a currency is written, even one with no single code ("francs")
    percent: str | None  # "percent", "percentage point" or None


@dataclass(frozen=True, slots=True)
class _Written:
    """One amount as written: one side, or two making a range."""

    start: int
    end: int
    low: _Side
    high: _Side | None

    @property
    def label(self) -> str | None:
        """PERCENT or MONEY when the text says so, None for a bare number."""
        sides = (self.low, self.high) if self.high else (self.low,)
        if any(s.percent for s in sides):
            return "PERCENT"
        if any(s.names_currency for s in sides):
            return "MONEY"
        return None


def widen(text: str, mentions: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """One NER doc's mentions (start, end, label), each written amount in the place of the
    model's numeric mentions of it, and the amounts the model missed added.

    A currency or percent sign settles the label (MONEY, PERCENT) and the span; a bare
    number with a magnitude ("12 million") only grows the one MONEY, PERCENT or QUANTITY
    mention it overlaps.
    """
    spans = sorted(mentions)
    written = list(_written(text, money=False))
    borrowed = _borrowed_labels(text, written)
    for n, amount in enumerate(written):
        starts = [s for s, _, _ in spans]
        first = bisect.bisect_left(starts, amount.start)
        if first and spans[first - 1][1] > amount.start:
            first -= 1
        last = bisect.bisect_left(starts, amount.end)
        overlapped = spans[first:last]
        label = amount.label
        if label is None and n in borrowed:
            # a label read from the neighbours is weaker than the model's date or name
            if all(m[2] in _BORROWING_YIELDS for m in overlapped):
                spans[first:last] = [(amount.start, amount.end, borrowed[n])]
        elif label is None:
            if len(overlapped) == 1 and overlapped[0][2] in AMOUNT_LABELS:
                start, end, kind = overlapped[0]
                spans[first:last] = [(min(start, amount.start), max(end, amount.end), kind)]
        elif all(_yields(m, amount, text) for m in overlapped):
            spans[first:last] = [(amount.start, amount.end, label)]
    return spans


def _borrowed_labels(text: str, written: Sequence[_Written]) -> dict[int, str]:
    """Bare numbers (by index) that take the label of the amount beside them: the members
    of a list the percent sign is written once for ("0.2, 0.5 and one percent": three
    percentages), and a magnitude compared with money just before it, its currency left
    unsaid ("2.1 million French francs, down from 10.3 million")."""
    out: dict[int, str] = {}
    for n, amount in enumerate(written):
        if amount.label == "PERCENT":
            for member in _list_members(text, written, n):
                out[member] = "PERCENT"
        elif amount.label is None and n and _implied_money(text, written[n - 1], amount):
            out[n] = "MONEY"
    return out


def _list_members(text: str, written: Sequence[_Written], n: int) -> Iterator[int]:
    """The bare numbers listed before written[n], last one first: joined to it by "and" or
    "or" (a comma before allowed) and to each other by commas."""
    last = written[n]
    joint = _LIST_LAST
    at = n - 1
    while at >= 0:
        member, gap = written[at], text[written[at].end : written[at + 1].start]
        if not (joint.fullmatch(gap) and _bare(member) and _near(member.low, last.low)):
            return
        yield at
        joint, at = _LIST_COMMA, at - 1


def _bare(amount: _Written) -> bool:
    """A number written alone: no sign, range, magnitude or unit of its own."""
    low = amount.low
    return (
        amount.label is None
        and amount.high is None
        and low.magnitude is None
        and (low.number >= 0 and low.start == low.number_start and low.end == low.number_end)
    )


def _near(a: _Side, b: _Side) -> bool:
    near, far = sorted((abs(a.number), abs(b.number)))
    return near > 0 and far <= near * _RANGE_SPREAD


def _implied_money(text: str, money: _Written, amount: _Written) -> bool:
    """Whether `amount`, a bare number with a magnitude, is compared with the money amount
    written just before it in its clause ("compared to 34.1 million in the same six months"),
    and no noun after it makes it a count ("from 3 million visitors")."""
    if money.label != "MONEY" or amount.high is not None or amount.low.magnitude is None:
        return False
    if amount.low.start != amount.low.number_start:
        return False
    gap = text[money.end : amount.start]
    return (
        _IMPLIED_GAP.fullmatch(gap) is not None and _IMPLIED_END.match(text, amount.end) is not None
    )


def _yields(mention: tuple[int, int, str], amount: _Written, text: str) -> bool:
    """Whether a model mention gives way to the written amount it overlaps: a numeric one
    always, a name when it is a symbol or currency qualifier inside the amount, or when it
    is no name at all, only amounts and the marks between them ("49%-45%" read as PERSON)."""
    start, end, label = mention
    if label in _NUMERIC_LABELS or _only_amounts(text[start:end]):
        return True
    numbers = (amount.low.number_start, (amount.high or amount.low).number_end)
    inside = amount.start <= start and end <= amount.end
    return inside and (end <= numbers[0] or start >= numbers[1])


def _only_amounts(surface: str) -> bool:
    """Whether no letter of `surface` lies outside the numbers and amounts written in it
    (the model's "49%-45" of "49%-45%" too)."""
    at = 0
    for written in _written(surface, money=False):
        if any(c.isalpha() for c in surface[at : written.start]):
            return False
        at = written.end
    return at > 0 and not any(c.isalpha() for c in surface[at:])


def parse_amount(surface: str, label: str) -> Amount | None:
    """The value of one MONEY, PERCENT or QUANTITY mention's text; None when it has no
    number ("millions of dollars"). An unqualified dollar is USD here."""
    amount = _read(surface, label)
    if amount is not None and amount.currency == _DOLLAR:
        return replace(amount, currency="USD")
    return amount


def with_amounts(found: Sequence[Found]) -> list[Found]:
    """One article's mentions, each MONEY, PERCENT and QUANTITY one with its amount.

    A bare "$" is the article's own dollar when the article names one dollar only and not
    the US one ("A$2bn ... $30 a share"); otherwise USD.
    """
    amounts = [_read(f.surface, f.label) if f.label in AMOUNT_LABELS else None for f in found]
    named = {a.currency for a in amounts if a is not None and a.currency in _DOLLAR_CODES}
    dollar = named.pop() if len(named) == 1 else "USD"
    return [
        f
        if a is None
        else replace(f, amount=replace(a, currency=dollar) if a.currency == _DOLLAR else a)
        for f, a in zip(found, amounts, strict=True)
    ]


def _read(surface: str, label: str) -> Amount | None:
    money = label == "MONEY"
    written = list(_written(surface, money))
    if not written:
        return None
    amount = next((w for w in written if w.label is not None), written[0])
    low, high = amount.low, amount.high
    sides = (low, high) if high else (low,)
    value, upper = _value(low, high), _upper(low, high)
    if not math.isfinite(value + (upper or 0.0)):
        return None  # a run of 400 digits is no amount, and JSON has no infinity
    if label == "PERCENT":
        unit = next((s.percent for s in sides if s.percent), "percent")
        return Amount(value, upper, None, unit)
    if money:
        currency = next((s.currency for s in reversed(sides) if s.currency), None)
        return Amount(value, upper, currency, None)
    if label == "QUANTITY":
        return Amount(value, upper, None, surface[sides[-1].number_end :].strip(" -") or None)
    return None


def _value(low: _Side, high: _Side | None) -> float:
    magnitude = low.magnitude
    if magnitude is None and high is not None and high.magnitude and low.number <= high.number:
        magnitude = high.magnitude  # "$3-4bn": one magnitude written for both
    subunit = low.subunit or (high is not None and high.subunit and not low.names_currency)
    return _float(low.number, magnitude, subunit)


def _upper(low: _Side, high: _Side | None) -> float | None:
    if high is None:
        return None
    subunit = high.subunit or (low.subunit and not high.names_currency)
    return _float(high.number, high.magnitude, subunit)


def _float(number: Decimal, magnitude: Decimal | None, subunit: bool) -> float:
    value = number * (magnitude or 1)  # Decimal: "7.4" times a million is 7400000.0 exactly
    return float(value / 100 if subunit else value)


def _written(text: str, money: bool) -> Iterator[_Written]:
    """Every amount written in `text`, left to right. `money`: the model called the text
    MONEY, so glued magnitudes and weak words ("pounds") count without a currency sign."""
    at = 0
    while (m := _SIDE.search(text, at)) is not None:
        low = _side(m, money)
        at = max(low.end, m.start() + 1)
        joint = _JOINT.match(text, low.end)
        second = _SIDE.match(text, joint.end()) if joint is not None else None
        if joint is None or second is None:
            yield _Written(low.start, low.end, low, None)
            continue
        high = _side(second, money)
        word = joint.group().strip().casefold()
        before = _words_before(text, low.start)
        if _range_of(low, high, word, before):
            start = low.start - len(_BETWEEN) if word == "and" else low.start
            at = high.end
            yield _Written(start, high.end, low, high)
        else:
            yield _Written(low.start, low.end, low, None)


def _words_before(text: str, start: int) -> list[str]:
    """The words of the sentence before `start`, last ones only, lower case, a "by" right
    before the amount passed over ("fell by Rs 173 to Rs 47,051")."""
    # a window: slicing from 0 made long docs quadratic
    window = text[max(0, start - _WINDOW) : start]
    clauses = _SENTENCE_BREAK.split(window)
    words = clauses[-1].casefold().split()
    if start > _WINDOW and len(clauses) == 1:
        words = words[1:]  # the window may have cut the first word in two
    words = words[-(_CHANGE_REACH + 1) :]
    while words and words[-1] == "by":
        words.pop()
    return words


def _range_of(low: _Side, high: _Side, joint: str, before: list[str]) -> bool:
    """Whether two sides joined by `joint` make one range, `before` being the words before:
    "$3-4bn", "between 5 and 6 percent", "80 or 90%", a bid and offer "22.00 / 22.75
    percent" and "anywhere from $200 to $500" do;
    "rose from 5 to 6 percent", "rose 1-1/2 to 12-3/4 dlrs" (a change and the new level),
    "5 pct to 10 dlrs", "$5 or $6" (two amounts written whole) do not, nor do two numbers that
    cannot be the ends of one range."""
    last = before[-1] if before else ""
    if joint == "and" and last != _BETWEEN.strip():
        return False
    if joint in {"or", "/"} and (low.names_currency or low.percent):
        return False
    if joint == "/" and not (high.names_currency or high.percent):
        return False  # "3 / 4": a score or a fraction, no quote
    if joint in {"to", "-to-"}:
        ranged = len(before) > 1 and before[-2] in _RANGE_BEFORE_FROM
        if last == "from" and not ranged and _CHANGE_BEFORE_FROM.intersection(before):
            return False
        if last in _CHANGE_WORDS and high.percent is None:
            return False
    if (low.percent is None) != (high.percent is None) and (
        low.names_currency or high.names_currency
    ):
        return False
    if low.currency is not None and high.currency is not None and low.currency != high.currency:
        return False
    lowest, highest = _value(low, high), _upper(low, high) or 0.0
    near, far = sorted((abs(lowest), abs(highest)))  # "-0.5 to -0.3%": signed ends
    return lowest <= highest and (near == 0 or far <= near * _RANGE_SPREAD)


def _side(m: re.Match[str], money: bool) -> _Side:
    """What one matched side says; a weak magnitude or currency word it cannot vouch for
    is left out of its span."""
    number_group = "number" if m.group("number") else "spelled"
    if m.group("number"):
        number = _number(m.group("number"))
    else:
        number = _SPELLED[" ".join(m.group("spelled").casefold().split())]
    negative = (m.group("sign") or m.group("spaced_sign")) in {"-", "\u2212"}
    start = m.start()
    symbol = m.group("symbol")
    currency = (_SYMBOLS.get(symbol) or symbol) if symbol else None
    named = symbol is not None
    subunit = False
    percent: str | None = None
    end = m.end()
    glued = m.group("glued")
    magnitude = (glued or m.group("magnitude") or "").casefold()
    number_end = m.end("glued") if glued else max(m.end("magnitude"), m.end(number_group))
    written_unit = m.group("unit") or ""
    unit_word = written_unit.casefold()
    if m.group("percent"):
        percent = "percent"
    elif m.group("points"):
        percent = "percentage point"
    elif m.group("pence"):
        currency, subunit, named = "GBP", True, True
    elif m.group("code"):
        currency, named = m.group("code"), True
    elif unit_word:
        unit, subunit = _UNIT_WORDS[unit_word]
        qualifier = (m.group("qualifier") or "").casefold()
        code = _NAMED_UNITS.get(unit_word) or (
            _QUALIFIED.get((qualifier, unit)) if qualifier else _UNQUALIFIED[unit]
        )
        vouched = money or magnitude or symbol or qualifier or _converted(m.string, m)
        weak = unit_word in _WEAK_WORDS and not vouched
        # after a symbol an ISO word is the next word, not the currency ("a $3 billion sum")
        weak = weak or (unit_word in _ISO_UNIT_WORDS and (bool(symbol) or not vouched))
        # "2 trillion Baht", "49.95 Euro" are money; "50 Cent", "3 Rand" may be names
        capitalised = written_unit[0].isupper() and not written_unit.isupper()
        # "23 Euro '96 veterans": a capitalised word with a number after it names an event
        then_number = _NUMBER_NEXT.match(m.string, m.end("unit")) is not None
        name_like = capitalised and (unit_word in _NAME_WORDS or then_number)
        weak = weak or (name_like and not (vouched or qualifier))
        if (qualifier and code is None) or weak:
            end, subunit = number_end, False  # "lost 20 pounds": a weight
        else:
            currency, named = code, True
    word_before = m.group("word_before")
    if word_before:
        alone = not (named or percent)  # "pushed the euro 1.5 percent higher"
        supported = money or magnitude or any(c in m.group(number_group) for c in ".,")
        if alone and supported:
            currency, named = _WORDS_BEFORE[word_before], True
        else:  # "Euro 2016" is a championship: only the number is read
            start, negative = m.start(number_group), False
    if glued and magnitude in _WEAK_MAGNITUDES and not (money or named or percent):
        number_end = end = m.end(number_group)  # "the 100m final": metres
        magnitude = ""
    if _in_prose(m, end):  # "the $418 - $380 move": a dash between two amounts
        start, negative = m.end("spaced_sign") + 1, False
    return _Side(
        start=start,
        end=end,
        number_start=m.start(number_group),
        number_end=number_end,
        number=-number if negative else number,
        magnitude=_MAGNITUDES.get(magnitude),
        currency=currency,
        subunit=subunit,
        names_currency=named,
        percent=percent,
    )


def _in_prose(m: re.Match[str], end: int) -> bool:
    """Whether a spaced sign after a figure stands in prose, not in a row of figures (the
    side's line goes on with words): there it is a dash, not a minus."""
    sign = m.start("spaced_sign")
    text = m.string
    after_figure = sign >= 2 and text[sign - 2] in _FIGURE_ENDS and text[sign - 1] == " "
    return after_figure and _ROW_GOES_ON.match(text, end) is None


def _converted(text: str, m: re.Match[str]) -> bool:
    """Whether the side is written beside its conversion in brackets, an amount with a
    currency symbol or code: "fined him 4,000 pounds ($6,600)", "$6,600 (4,000 pounds)"."""
    if _CONVERSION_AFTER.match(text, m.end("unit")):
        return True
    before = text[max(0, m.start() - _CONVERSION_REACH) : m.start()]
    return _CONVERSION_BEFORE.search(before) is not None


def _number(written: str) -> Decimal:
    """ "1,250,000" -> 1250000, "12-3/4" -> 12.75, "3/8" -> 0.375, ".5" -> 0.5."""
    whole, _, last = written.replace(",", "").replace("-", " ").rpartition(" ")
    if "/" not in last:
        return Decimal(last)
    top, _, bottom = last.partition("/")
    return Decimal(whole or 0) + Decimal(top) / Decimal(bottom)
