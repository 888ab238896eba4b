"""Top 3 IPTC topics of 30 English articles of varied subjects, through the pipeline.

    PYTHONPATH=. python bench/show_topics.py

Ten Reuters-21578 stories (1987) and twenty SemEval-2022 Task 8 sample texts (2020), chosen
by subject before the classifier was looked at. Prints JSON lines: "returned" is what the
pipeline returns (topics over the threshold, second-level ones included), "top3_top_level"
the three most probable of the 17 top-level topics whatever their score.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.topic_corpus import one_article, reuters_by_title, semeval
from service.model import Options
from service.pipeline import run
from service.pipeline.topics import ranking_for

REUTERS_TITLES = [
    "STRONG EARTHQUAKE HITS NEW ZEALAND",
    "IRAQ SAYS IT CRUSHES NEW IRANIAN BASRA OFFENSIVE",
    "SIX REPORTED WOUNDED IN ECUADOR GENERAL STRIKE",
    "REAGAN PLEDGES TO INCREASE SPENDING ON ACID RAIN",
    "GM LAYING OFF 5,500 AT TWO MICHIGAN PLANTS",
    "BAHIA COCOA REVIEW",
    "SAUDI HOSTAGE FREED IN BEIRUT",
    "STORM BRINGS HEAVY SNOWS TO U.S. PLAINS",
    "ZAMBIAN SCHOOL AND HOSPITAL STRIKES SPREAD",
    "SWISS BANKS MEET CHURCHES OVER S. AFRICA LOANS",
]
SEMEVAL_PAIRS = [
    "1484188861_1483842637",  # ice hockey
    "1484039997_1484239250",  # New Year superstitions
    "1484190309_1484127332",  # alleged assault
    "1484396414_1483740598",  # abortion and civil rights law
    "1484757932_1484190345",  # skiing accident
    "1484038289_1484223088",  # Rose Parade
    "1484037032_1483931345",  # rubbish after New Year
    "1484396190_1484349204",  # Apple chip deal
    "1484039471_1484315288",  # car chase, arrests
    "1547184894_1622811499",  # schools closed, hungry children
    "1484007958_1484312289",  # food trends
    "1484012634_1484083409",  # murder case charge sheet
    "1543560406_1543583268",  # economic slowdown
    "1483803773_1484100188",  # terror attacks averted
    "1484190635_1483767490",  # petrol prices
    "1483805955_1484113104",  # racist graffiti at a camp
    "1484007897_1484275230",  # church leader's advice
    "1483803735_1484143351",  # Australian bushfires
    "1484453641_1484085861",  # protest at a refugee ministry
    "1483803662_1484149244",  # striking miners
]


def main() -> int:
    options = Options(tags=frozenset({"topics"}))
    dumps = [
        (title, one_article(title, body.replace("\n    ", "\n\n")))
        for title, body in reuters_by_title(REUTERS_TITLES)
    ]
    dumps += [(headline, text) for headline, text in semeval(SEMEVAL_PAIRS)]
    for title, dump in dumps:
        result = run(dump, options)
        article = max(result.articles, key=lambda a: a.word_count)
        returned = [f"{t.code} {t.label} {t.score:.2f}" for t in article.tags.topics[:3]]
        ranked = [f"{t.code[7:]} {t.label} {t.score:.2f}" for t in ranking_for(article)[:3]]
        line = {"title": title, "returned": returned, "top3_top_level": ranked}
        print(json.dumps(line, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
