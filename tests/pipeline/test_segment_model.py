"""The boundary model's parts: features, the forest, the decoder, the article check."""

from __future__ import annotations

import json
import math

import numpy as np

from harness.boundary_training import HEADER_ROWS, story_starts
from service.pipeline.boundary_features import FEATURE_NAMES, line_features
from service.pipeline.boundary_model import (
    STATES,
    BoundaryModel,
    Forest,
    decode,
    load_boundary_model,
    log_start,
    log_transitions,
)
from service.pipeline.normalise import describe_lines, split_lines
from service.pipeline.segment import (
    announced_tables_kept,
    article_runs,
    closing_table_kept,
    headline_first,
    headline_named,
)

OUT, T, B, C = (STATES.index(s) for s in "OTBC")


def _stump_forest() -> Forest:
    """Two trees by hand: tree 0 (state T) splits on feature 1 at 0.5, then feature 0 at
    2.0 on its right; tree 1 (state B) is one leaf."""
    inf = math.inf
    return Forest(
        feature=np.array([1, 0, 0, 0, 0, 0], dtype=np.int32),
        threshold=np.array([0.5, inf, 2.0, inf, inf, inf]),
        left=np.array([1, 1, 3, 3, 4, 5], dtype=np.int32),
        right=np.array([2, 1, 4, 3, 4, 5], dtype=np.int32),
        value=np.array([0.0, -1.0, 0.0, 2.0, 3.0, 0.5]),
        roots=np.array([0, 5], dtype=np.int32),
        depths=np.array([2, 0], dtype=np.int32),
        states=np.array([T, B], dtype=np.int32),
        baseline=np.array([0.1, 0.2, 0.3, 0.4]),
    )


def test_forest_sends_each_row_down_its_own_path() -> None:
    forest = _stump_forest()
    rows = np.array([[0.0, 0.0], [1.0, 1.0], [5.0, 1.0], [2.0, 0.5]], dtype=np.float32)
    scores = forest.scores(rows)
    # tree 0: x1 <= 0.5 -> -1; else x0 <= 2 -> 2, else 3; tree 1 adds 0.5 to B everywhere
    assert np.allclose(scores[:, T], [0.2 - 1.0, 0.2 + 2.0, 0.2 + 3.0, 0.2 - 1.0])
    assert np.allclose(scores[:, B], 0.3 + 0.5)
    assert np.allclose(scores[:, OUT], 0.1) and np.allclose(scores[:, C], 0.4)


def _walk(forest: Forest, row: np.ndarray) -> np.ndarray:
    """One row down every tree node by node: the reference the array walk must match."""
    out = forest.baseline.astype(np.float64).copy()
    for root, state in zip(forest.roots, forest.states, strict=True):
        node = int(root)
        while forest.left[node] != node:
            goes_left = row[forest.feature[node]] <= forest.threshold[node]
            node = int(forest.left[node] if goes_left else forest.right[node])
        out[state] += forest.value[node]
    return out


def test_shipped_forest_scores_as_a_node_by_node_walk() -> None:
    # more rows than one block, random values around the trees' own thresholds, some NaN
    forest = load_boundary_model().forest
    rng = np.random.default_rng(7)
    rows = rng.choice(forest.threshold[np.isfinite(forest.threshold)], (2500, len(FEATURE_NAMES)))
    rows += rng.choice([-1e-9, 0.0, 1e-9], rows.shape)
    rows[rng.random(rows.shape) < 0.01] = np.nan
    scores = forest.scores(rows)
    for i in rng.choice(len(rows), 60, replace=False):
        assert np.allclose(scores[i], _walk(forest, rows[i]), rtol=0, atol=1e-9)


def test_float32_rows_score_as_their_float64_values() -> None:
    # float32 rows meet float32 thresholds rounded down: values at and either side of each
    # threshold's float32 must take the branch their float64 value takes
    forest = load_boundary_model().forest
    rng = np.random.default_rng(11)
    near = forest.threshold[np.isfinite(forest.threshold)].astype(np.float32)
    candidates = np.concatenate(
        [near, np.nextafter(near, np.float32(np.inf)), np.nextafter(near, np.float32(-np.inf))]
    )
    rows = rng.choice(candidates, (700, len(FEATURE_NAMES))).astype(np.float32)
    rows[rng.random(rows.shape) < 0.01] = np.nan
    assert np.array_equal(forest.scores(rows), forest.scores(rows.astype(np.float64)))


def test_runs_of_equal_rows_score_as_each_row_alone() -> None:
    # a row equal to the one above is walked once for both, a block of one row repeated
    # takes the sums of the same block before it: runs across block edges, a -0.0 equal
    # to 0.0, NaN rows (never equal to anything) and a lone row between runs
    forest = load_boundary_model().forest
    rng = np.random.default_rng(5)
    pool = rng.choice(forest.threshold[np.isfinite(forest.threshold)], (4, len(FEATURE_NAMES)))
    pool[1, :3] = np.nan
    pool[3, 0] = 0.0
    rows = np.repeat(pool, [100, 90, 1, 500], axis=0)  # blocks of 128 rows: 3 of one row
    rows[250, 0] = -0.0
    scores = forest.scores(rows.astype(np.float32))
    for i in (0, 99, 100, 189, 190, 191, 250, 300, 450, 600, 690):
        alone = _walk(forest, rows[i].astype(np.float32).astype(np.float64))
        assert np.allclose(scores[i], alone, rtol=0, atol=1e-9)


def test_model_survives_its_json_exactly() -> None:
    model = load_boundary_model()
    again = BoundaryModel.from_json(json.loads(json.dumps(model.to_json())))
    lines = split_lines("Headline of a story\n\nA first sentence of the story, long enough.\n")
    _, features = line_features(lines, describe_lines(lines))
    assert np.array_equal(model.probabilities(features), again.probabilities(features))


def test_features_have_one_column_per_name() -> None:
    text = "# Title\n\nBy Jane Doe\n\nLONDON (Reuters) - Body text goes on here, long.\n---\n"
    lines = split_lines(text)
    rows, features = line_features(lines, describe_lines(lines))
    assert rows == [0, 2, 4, 5]
    assert features.shape == (4, len(FEATURE_NAMES))
    assert np.isfinite(features).all()


def test_place_features_of_repeated_lines_and_prose() -> None:
    # "Share" every ten lines is furniture at intervals; "Headline two" comes again ten
    # lines on and then at once; prose is every line but those and the headlines
    prose = [
        f"Paragraph {k} of the story goes on with enough words to read as prose here."
        for k in range(16)
    ]
    rows = ["Share", "Headline one", *prose[:8], "Share", "Headline two", *prose[8:]]
    rows += ["Share", "Headline two", "Headline two"]
    lines = split_lines("\n".join(rows))
    _, features = line_features(lines, describe_lines(lines))

    def column(name: str) -> list[float]:
        return features[:, FEATURE_NAMES.index(name)].tolist()

    far, near = float(np.float32(10 / 60)), float(np.float32(1 / 60))
    share, twice = [0, 10, 20], [11, 21, 22]
    assert [column("repeat_any")[k] for k in [*share, *twice, 1]] == [1.0] * 6 + [0.0]
    assert [column("repeat_distance")[k] for k in share] == [1.0, far, far]
    assert [column("repeat_distance")[k] for k in [*twice, 1]] == [1.0, far, near, 1.0]
    assert [column("repeat_ahead")[k] for k in [*share, *twice]] == [0, 0, 0, 0, 1, 0]
    assert [column("repeat_behind")[k] for k in [*share, *twice]] == [0, 0, 0, 0, 0, 1]
    assert [column("recurs_spread")[k] for k in [*share, *twice]] == [1, 1, 1, 0, 0, 0]
    to_prose = [round(v, 6) for v in column("to_prose")]
    assert to_prose[:3] == [0.2, 0.1, 0.1] and to_prose[9] == 0.3 and to_prose[19:] == [1.0] * 4


def _structure_only() -> BoundaryModel:
    counts = np.ones((4, 4))
    return BoundaryModel(
        forest=_stump_forest(),
        start=log_start(np.ones(4)),
        transitions=log_transitions(counts),
        transition_weight=1.0,
    )


def test_an_article_opens_on_its_headline() -> None:
    # the scorer leans to "body" on the first line, but body cannot open a dump cheaply
    probabilities = np.array([[0.1, 0.2, 0.6, 0.1], [0.05, 0.05, 0.85, 0.05]])
    assert decode(probabilities, _structure_only()) == [T, B]


def test_body_after_outside_needs_a_headline() -> None:
    probabilities = np.array(
        [[0.9, 0.05, 0.03, 0.02], [0.3, 0.3, 0.35, 0.05], [0.05, 0.05, 0.85, 0.05]]
    )
    assert decode(probabilities, _structure_only()) == [OUT, T, B]


def test_article_runs_go_from_headline_to_next_headline_or_outside() -> None:
    states = [OUT, T, B, C, B, T, B, OUT, OUT, T]
    assert article_runs(states) == [(1, 5), (5, 7), (9, 10)]


def test_the_check_learns_which_decoded_articles_start_a_story() -> None:
    # gold rows: a menu, story 0 (headline, byline, body), story 1 whose headline the
    # decoder will miss (headline, standfirst, caption, body), a subheading deep in story 1
    labels = ["O", "T", "C", "B", "B", "T", "B", "C", "B", "B", "B", "B", "B", "B", "B"]
    runs = [
        (0, 1),  # opens on the menu: not a story
        (1, 5),  # opens on story 0's headline
        (7, 12),  # opens on story 1's caption, two rows below its missed headline
        (12, 15),  # opens on a subheading of story 1, whose lines the article above has
    ]
    assert story_starts(labels, runs) == [0, 1, 1, 0]
    # the same caption opening is no story when the article above already holds story 1
    assert story_starts(labels, [(1, 6), (7, 15)]) == [1, 0]
    # nor when it lies deeper than the headline block
    assert story_starts(labels, [(1, 5), (5 + HEADER_ROWS + 1, 15)]) == [1, 0]


def test_a_story_sent_alone_opens_on_its_first_line() -> None:
    headline = "CRICKET - WEST INDIES 172 ALL OUT IN 49.2 OVERS V AUSTRALIA ."
    texts = [headline, "MELBOURNE 1996-12-06", "West Indies were all out for 172."]
    # nothing reads as an article, or a body opens right below the first line with no
    # headline anywhere: the first line is the headline
    assert headline_first([OUT, OUT, OUT], texts) == [T, B, B]
    assert headline_first([OUT, B, B], texts) == [T, B, B]
    assert headline_first([OUT, C, B], texts) == [T, C, B]
    # a headline elsewhere, a body further down, or a first line that is chrome or too
    # long for a headline: the states stand
    assert headline_first([OUT, T, B], texts) == [OUT, T, B]
    assert headline_first([OUT, OUT, B], texts) == [OUT, OUT, B]
    assert headline_first([OUT, B, B], ["Share on Facebook", *texts[1:]]) == [OUT, B, B]
    long_line = " ".join(["word"] * 26)
    assert headline_first([OUT, B, B], [long_line, *texts[1:]]) == [OUT, B, B]


def test_a_story_opened_one_line_low_on_a_body_line_opens_on_the_first_line() -> None:
    texts = ["BAHIA COCOA REVIEW", "Showers continued throughout the week in", "the zone."]
    reads_as_body = np.array([[0.9, 0.0, 0.1, 0.0], [0.0, 0.4, 0.5, 0.1], [0.0, 0.0, 1.0, 0.0]])
    assert headline_first([OUT, T, B], texts, reads_as_body) == [T, B, B]
    # the line the story opened on reads as a headline, or no scores given: states stand
    reads_as_headline = reads_as_body[[0, 1, 2]].copy()
    reads_as_headline[1] = [0.0, 0.6, 0.3, 0.1]
    assert headline_first([OUT, T, B], texts, reads_as_headline) == [OUT, T, B]
    assert headline_first([OUT, T, B], texts) == [OUT, T, B]
    # a first line that is chrome stays outside
    assert headline_first([OUT, T, B], ["Share", *texts[1:]], reads_as_body) == [OUT, T, B]


def test_a_story_opens_on_the_headline_its_lead_names() -> None:
    lead = (
        "Walt Disney Co. executive Kevin Mayer said overwhelming demand and a coding "
        "problem caused the glitches that hit the streaming service on its first day."
    )
    texts = [
        "Company Town",
        "'We had some issues,' exec says on Disney+ glitches",
        "By Meg James",
        "Facebook",
        "Share Close extra sharing options",
        lead,
    ]
    # the decoder opened the story on the share bar: the headline above, which shares
    # "Disney" and "glitches" with the lead, opens it; the rows between are its furniture
    assert headline_named([OUT, OUT, OUT, OUT, T, B], texts) == [OUT, T, C, C, C, B]
    # past a body above (another story's), or with a first row that shares the lead's
    # words, the states stand
    assert headline_named([OUT, B, OUT, OUT, T, B], texts) == [OUT, B, OUT, OUT, T, B]
    named = [*texts[:4], "Disney+ streaming glitches explained", lead]
    assert headline_named([OUT, OUT, OUT, OUT, T, B], named) == [OUT, OUT, OUT, OUT, T, B]
    # a line above sharing one word, or too short to be a headline, is no headline of it
    one_word = ["Company Town", "Glitches of the week in review", *texts[2:]]
    assert headline_named([OUT, OUT, OUT, OUT, T, B], one_word) == [OUT, OUT, OUT, OUT, T, B]
    label = ["Company Town", "Disney glitches", *texts[2:]]
    assert headline_named([OUT, OUT, OUT, OUT, T, B], label) == [OUT, OUT, OUT, OUT, T, B]


def test_a_table_closing_the_last_story_is_its_body() -> None:
    texts = [
        "Essex beat Lancashire by an innings.",
        "Scores at stumps on the third day :",
        "Essex 532-8 dec",
        "Lancashire 214 and 201-5",
        "Leicestershire v Somerset 1030",
    ]
    assert closing_table_kept([T, B, OUT, OUT, OUT], texts) == [T, B, B, B, B]
    # one row in five without a figure still reads as a table, one in four does not
    rows = [*texts, "Somerset ( holders )", "Surrey 310"]
    assert closing_table_kept([T, B, *[OUT] * 5], rows) == [T, *[B] * 6]
    assert closing_table_kept([T, B, *[OUT] * 4], rows[:6]) == [T, B, *[OUT] * 4]
    # its column labels have no figure, and are the table's all the same
    ports = [*texts[:2], "Port Loading Waiting", "Vancouver 5 7", "Prince Rupert 1 3"]
    assert closing_table_kept([T, B, OUT, OUT, OUT], ports) == [T, B, B, B, B]
    unlabelled = [*texts[:2], "Port Loading Waiting", "Vancouver 5 7", "Ships in port"]
    assert closing_table_kept([T, B, OUT, OUT, OUT], unlabelled) == [T, B, OUT, OUT, OUT]
    # a footer of words, a lone row, or outside rows that do not end the text stay outside
    footer = [*texts[:2], "Terms of use", "(c) 2024 News Ltd", "Contact us"]
    assert closing_table_kept([T, B, OUT, OUT, OUT], footer) == [T, B, OUT, OUT, OUT]
    assert closing_table_kept([T, B, B, B, OUT], texts) == [T, B, B, B, OUT]
    assert closing_table_kept([T, B, OUT, OUT, T], texts) == [T, B, OUT, OUT, T]
    # below a headline with no body, the rows are not a story's table
    assert closing_table_kept([B, T, OUT, OUT, OUT], texts) == [B, T, OUT, OUT, OUT]


def test_a_table_the_story_announces_is_its_body() -> None:
    texts = [
        "SOCCER - SCOTTISH LEAGUE RESULTS .",
        "Results of Scottish league matches on Saturday :",
        "Division one",
        "Greenock Morton 1 Falkirk 0",
        "Partick 1 St Mirren 1",
        "Division two",
        "Ayr 6 Berwick 0",
        "Clyde 0 Queen of South 2",
        "Dumbarton 1 Brechin 1",
    ]
    states = [T, B, OUT, OUT, OUT, OUT, OUT, T, B]
    assert announced_tables_kept(states, texts) == [T, *[B] * 8]
    # the next story's headline ends the table
    story = [*texts[:7], "Rangers sign Dutch striker", "Rangers signed a striker on Friday ."]
    assert announced_tables_kept(states, story) == [T, *[B] * 6, T, B]
    # a footer is no table, and without the colon nothing is announced
    footer = [*texts[:2], "Published 10:02 AM EST Nov 19, 2019", "Terms of Service Privacy Notice"]
    assert announced_tables_kept([T, B, OUT, OUT], footer) == [T, B, OUT, OUT]
    unannounced = [texts[0], "Results of Scottish league matches on Saturday", *texts[2:]]
    assert announced_tables_kept(states, unannounced) == states
    # a commenter's name is no announcement
    comments = [*texts[:1], "mroklahoma says:", "November 19, 2019 at 8:13 am", "5 stars"]
    assert announced_tables_kept([T, B, OUT, OUT], comments) == [T, B, OUT, OUT]
