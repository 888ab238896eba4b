"""Within-dump folding, cross-document folding and the signatures behind them."""

from __future__ import annotations

import importlib
import random
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from datasketch import MinHash

from service.model import DEFAULT_NEAR_THRESHOLD, Article, Fold, Result, Section, Span
from service.pipeline.dedupe import (
    ArticleText,
    apply_cross_folds,
    dedupe,
    fold_across_documents,
    sign,
)

ROOT = Path(__file__).resolve().parents[2]
# the module, not the function the package exports under the same name
dd = importlib.import_module("service.pipeline.dedupe")

_RNG = random.Random(5)
_VOCAB = [f"{a}{b}" for a in ("ka", "lo", "mi", "nu", "pe", "ri", "so", "tu") for b in range(60)]


def story(words: int = 240, seed: int | None = None) -> list[str]:
    """Paragraphs of made-up lower-case words: no two stories share more than chance."""
    rng = random.Random(seed) if seed is not None else _RNG
    text = [rng.choice(_VOCAB) for _ in range(words)]
    return [" ".join(text[i : i + 40]) for i in range(0, words, 40)]


def article(paragraphs: list[str], title: str = "A title", at: int = 0) -> Article:
    span = Span(at, at + 10, at + 1, at + 2)
    return Article(span, title, (Section(None, tuple(paragraphs)),), ())


def edited(paragraphs: list[str], share: float, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    out = []
    for p in paragraphs:
        words = p.split()
        out.append(" ".join("edit" if rng.random() < share else w for w in words))
    return out


def test_exact_copy_folds_with_similarity_one() -> None:
    body = story()
    kept, folds = dedupe([article(body), article(body, "Other title", 100)], "near", 0.8)
    assert len(kept) == 1
    assert folds == (Fold(0, "exact", 1.0, "Other title", Span(100, 110, 101, 102)),)


def test_exact_ignores_case_quotes_and_spacing() -> None:
    body = ["He said \u201cyes\u201d to the  plan.", "Second   paragraph here."]
    copy = ['HE SAID "yes" to the plan.', "second paragraph here."]
    kept, folds = dedupe([article(body), article(copy, at=50)], "exact", 0.8)
    assert len(kept) == 1
    assert folds[0].kind == "exact"


def test_near_copy_with_edited_words_folds_as_near() -> None:
    body = story()
    copy = edited(body, 0.04)
    kept, folds = dedupe([article(body), article(copy, at=50)], "near", DEFAULT_NEAR_THRESHOLD)
    assert len(kept) == 1
    assert folds[0].kind == "near"
    assert DEFAULT_NEAR_THRESHOLD <= folds[0].similarity < 1.0
    assert folds[0].duplicate_of == 0


def test_shorter_version_folds_by_containment() -> None:
    body = story(400)
    cut = body[:-2]  # a second outlet's version without the last two paragraphs
    kept, folds = dedupe([article(body), article(cut, at=50)], "near", 0.8)
    assert len(kept) == 1
    assert folds[0].similarity == 1.0
    assert folds[0].kind == "near"


def test_threshold_is_respected() -> None:
    body = story()
    copy = edited(body, 0.06)
    assert len(dedupe([article(body), article(copy)], "near", 0.99)[0]) == 2
    assert len(dedupe([article(body), article(copy)], "near", 0.7)[0]) == 1


def test_modes_off_and_exact_leave_near_copies_alone() -> None:
    body = story()
    arts = [article(body), article(edited(body, 0.03)), article(body)]
    assert dedupe(arts, "off", 0.8) == (tuple(arts), ())
    kept, folds = dedupe(arts, "exact", 0.8)
    assert len(kept) == 2
    assert [f.kind for f in folds] == ["exact"]


def test_different_stories_are_never_folded() -> None:
    arts = [article(story(seed=i), at=i) for i in range(200)]
    kept, folds = dedupe(arts, "near", 0.3)
    assert len(kept) == 200
    assert folds == ()


def test_template_stories_with_other_names_and_figures_stay_apart() -> None:
    template = (
        "{name} is raising {n} mln dlrs via an offering of convertible subordinated "
        "debentures due 2012 with a {c} pct coupon and par pricing, said lead manager "
        "{bank}. The debentures are convertible into the company's common stock and are "
        "non-callable for two years. The issue is rated by Moody's and Standard and Poor's."
    )
    a = template.format(name="Witco Corp", n=140, c="5-1/2", bank="Smith Barney")
    b = template.format(name="Micropolis Corp", n=75, c="six", bank="Kidder Peabody")
    extra = " The company said proceeds would repay debt and fund general corporate purposes."
    kept, folds = dedupe([article([a + extra]), article([b + extra])], "near", 0.8)
    assert len(kept) == 2, folds


_SYLLABLES = ("ka", "lo", "mi", "nu", "pe", "ri", "so", "tu", "ba", "de")
_LETTER_WORDS = [a + b + c for a in _SYLLABLES for b in _SYLLABLES for c in _SYLLABLES[:4]]


def _named_story(words: int, seed: int) -> list[str]:
    """Paragraphs of made-up lower-case words (letters only: no figures hide in them) that
    also name people, firms and figures, as news does."""
    rng = random.Random(seed)
    names = ["Acme Corp", "Jo Lindqvist", "Port Vela", "Orban Bank", "42 mln"]
    text = [rng.choice(_LETTER_WORDS) for _ in range(words)]
    return [
        " ".join(text[i : i + 40]) + f" {names[(i // 40) % len(names)]} said"
        for i in range(0, words, 40)
    ]


def test_a_copy_cut_short_in_another_sites_page_folds() -> None:
    # a second site printed a third of the story, with its own byline, share bar and
    # related links: containment stays high while Jaccard falls near 0.3, where LSH
    # rarely proposes the pair, and the furniture's names are not the story's
    body = _named_story(1200, seed=7)
    chrome = [
        "By Imogen Petrova",
        "Share WhatsApp Messenger LinkedIn Email",
        "Related stories Oxford Corp 4th qtr net Mourinho expects fight",
    ]
    copy = [chrome[0], *body[: len(body) // 3], *chrome[1:]]
    others = [article(_named_story(300, seed=s), f"Other {s}") for s in (1, 2, 3)]
    kept, folds = dedupe([article(body), *others, article(copy, "Copy", 500)], "near", 0.8)
    assert len(kept) == 4
    assert [(f.duplicate_of, f.kind) for f in folds] == [(0, "near")]


def test_short_briefs_sharing_boilerplate_stay_apart() -> None:
    briefs = [
        "Qtly div 30 cts vs 30 cts prior Pay April 30 Record April Three",
        "Qtly div 30 cts vs 30 cts prior Pay April 16 Record April Three",
        "Qtly div four cts vs three cts prior Pay April 15 Record March 31",
        "Qtly div four cts vs four cts prior Pay April 15 Record March 31",
        "Mthly div 7.1 cts vs 7.1 cts prior Pay March 31 Record March 16 NOTE: Franklin "
        "Insured Tax-Free Income Fund.",
        "Mthly div 7.1 cts vs 7.1 cts prior Pay March 31 Record March 16 NOTE: Franklin "
        "Puerto Rico Tax-Free Income Fund.",
    ]
    kept, folds = dedupe([article([b], at=i) for i, b in enumerate(briefs)], "near", 0.3)
    assert len(kept) == len(briefs), folds


def test_titled_briefs_about_different_subjects_stay_apart() -> None:
    body = ["Qtly div four cts vs four cts prior", "Pay April 15", "Record March 23"]
    first = article(body, "SEVEN OAKS INTERNATIONAL INC <QPON> IN PAYOUT")
    cut = article(body[:2], "ROWE FURNITURE CORP <ROWE> SETS QTLY DIVIDEND", 50)
    assert len(dedupe([first, cut], "near", 0.3)[0]) == 2
    retitled = article(body[:2], "Update 1-Seven Oaks International Inc in payout", 50)
    assert len(dedupe([first, retitled], "near", 0.8)[0]) == 1


def test_short_brief_repeated_with_a_trimmed_tail_folds() -> None:
    brief = [
        "American Motors Corp said its February U.S. car production declined to 2,978 units "
        "from 3,808 a year ago.",
        "AMC said its U.S. jeep production rose to 18,651 from 16,673 last year.",
    ]
    longer = [*brief, "Year-to-date, AMC said car production fell to 6,011 units."]
    kept, folds = dedupe([article(longer), article(brief, at=50)], "near", 0.8)
    assert len(kept) == 1
    assert folds[0].similarity == 1.0


def test_fuller_later_copy_is_flagged_but_does_not_move() -> None:
    body = story(200)
    fuller = [*body, *story(80, seed=99)]
    first, later = article(body, "First"), article(fuller, "Later", 500)
    kept, folds = dedupe([first, later], "near", 0.8)
    assert kept == (first,)
    assert folds[0].fuller is True
    assert folds[0].duplicate_of == 0
    assert folds[0].span == later.span
    slightly_longer = [*body, "one more short sentence at the end"]
    _, folds = dedupe([first, article(slightly_longer)], "near", 0.8)
    assert folds[0].fuller is False


def test_duplicate_of_counts_kept_articles_only() -> None:
    a, b = story(seed=1), story(seed=2)
    arts = [article(a), article(a), article(b), article(edited(b, 0.03))]
    kept, folds = dedupe(arts, "near", 0.8)
    assert len(kept) == 2
    assert [f.duplicate_of for f in folds] == [0, 1]


def test_signature_is_datasketch_minhash_of_the_shingle_hashes() -> None:
    sig = sign(" ".join(story()))
    reference = MinHash(num_perm=dd.NUM_PERM, seed=1, scheme="affine32", hashfunc=int)
    reference.update_batch([int(h) for h in sig.shingles])
    assert np.array_equal(reference.hashvalues, sig.minhash)


def test_signatures_are_stable_across_processes() -> None:
    code = (
        "from service.pipeline.dedupe import sign;"
        "print(sign('The quick brown fox jumps over the lazy dog').bands[:3])"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": str(seed), "PYTHONPATH": str(ROOT)},
            cwd=ROOT,
        ).stdout
        for seed in (1, 2)
    }
    assert len(runs) == 1


def test_permutations_are_datasketchs_and_built_once_per_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reference = MinHash(num_perm=dd.NUM_PERM, seed=1, scheme="affine32")
    assert np.array_equal(reference.permutations[0], dd._PERM_A)
    assert np.array_equal(reference.permutations[1], dd._PERM_B)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("permutations built per request")

    monkeypatch.setattr(dd, "_permutations", refuse)
    assert len(dedupe([article(story()), article(story())], "near", 0.8)[0]) == 2


def test_candidates_are_near_linear_not_all_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    real = dd.similarity

    def counting(a: dd.Signature, b: dd.Signature) -> float:
        nonlocal calls
        calls += 1
        return real(a, b)

    monkeypatch.setattr(dd, "similarity", counting)
    arts = [article(story(120, seed=i)) for i in range(1500)]
    dedupe(arts, "near", 0.8)
    assert calls < 150  # all pairs would be 1,124,250


def test_pipeline_imports_no_web_or_storage_library() -> None:
    code = (
        "import importlib, sys; d = importlib.import_module('service.pipeline.dedupe');"
        "d.fold_across_documents([('a', [d.ArticleText('t', 'some body text', d.Span(0,1,1,1))])],"
        " 'near', 0.8);"
        "print([m for m in ('flask', 'marshmallow', 'redis', 'diskcache', 'datasketch')"
        " if m in sys.modules])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    assert out.strip() == "[]"


# ---- across the documents of a batch


def texts(*bodies: list[str]) -> list[ArticleText]:
    return [
        ArticleText(f"t{i}", "\n\n".join(b), Span(i * 100, i * 100 + 50, i, i))
        for i, b in enumerate(bodies)
    ]


def test_later_document_folds_into_earlier_one() -> None:
    x, y, z = story(seed=1), story(seed=2), story(seed=3)
    docs = [("a", texts(x, y)), ("b", texts(z, edited(y, 0.03), x))]
    first, second = fold_across_documents(docs, "near", 0.8)
    assert first.kept == (0, 1) and first.moved == {}
    assert second.kept == (0,)
    assert second.moved[1].document == "a" and second.moved[1].duplicate_of == 1
    assert second.moved[1].kind == "near"
    assert second.moved[2].document == "a" and second.moved[2].duplicate_of == 0
    assert second.moved[2].kind == "exact" and second.moved[2].similarity == 1.0


def test_duplicate_of_points_at_the_renumbered_index_of_the_earlier_document() -> None:
    x, y, z = story(seed=1), story(seed=2), story(seed=3)
    # in "b", x moves out, so z (cached index 1) becomes index 0 there
    docs = [("a", texts(x)), ("b", texts(x, z)), ("c", texts(y, z))]
    _, second, third = fold_across_documents(docs, "near", 0.8)
    assert second.kept == (1,)
    assert third.kept == (0,)
    assert (third.moved[1].document, third.moved[1].duplicate_of) == ("b", 0)


def test_first_document_and_mode_off_never_change() -> None:
    x = story(seed=1)
    docs = [("a", texts(x, story(seed=2))), ("b", texts(x))]
    assert fold_across_documents(docs, "off", 0.8)[1].kept == (0,)
    assert fold_across_documents(docs, "near", 0.8)[0].kept == (0, 1)


def test_apply_cross_folds_renumbers_and_redirects_own_folds() -> None:
    x, z = story(seed=1), story(seed=3)
    # document "b": articles [x, z]; its own fold (a copy of z) points at index 1
    b_articles = (article(x, at=0), article(z, at=100))
    own = Fold(1, "exact", 1.0, "copy of z", Span(200, 250, 9, 9))
    own_x = Fold(0, "exact", 1.0, "copy of x", Span(300, 350, 12, 12))
    result = Result(b_articles, (own, own_x), (), input_chars=400, lines=12, main_article=1)
    docs = [("a", texts(x)), ("b", [dd.article_text(a) for a in b_articles])]
    cross = fold_across_documents(docs, "near", 0.8)[1]
    out = apply_cross_folds(result, cross)
    assert out.articles == (b_articles[1],)
    assert out.main_article == 0  # z, renumbered
    assert apply_cross_folds(replace(result, main_article=0), cross).main_article is None
    by_title = {f.title: f for f in out.duplicates}
    assert (by_title["copy of z"].duplicate_of, by_title["copy of z"].document) == (0, None)
    assert (by_title["copy of x"].duplicate_of, by_title["copy of x"].document) == (0, "a")
    assert by_title[b_articles[0].title].document == "a"  # the moved article itself
    assert [f.span.start for f in out.duplicates] == sorted(f.span.start for f in out.duplicates)
