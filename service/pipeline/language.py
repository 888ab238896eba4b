"""Language of an article's text, as an ISO 639-1 code ("und" when there is too little text)."""

from __future__ import annotations

from functools import cache

__all__ = ["detect_language", "load_language_model"]

# Below this many letters the identifier guesses; "und" is the honest answer.
MIN_LETTERS = 20
# The identifier's cost grows with length; the first few thousand characters decide it.
SAMPLE_CHARS = 2000


@cache
def load_language_model():  # type: ignore[no-untyped-def]
    """Load the identifier once per process (before gunicorn forks, when preloaded)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)


def detect_language(text: str) -> str:
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return "und"
    code, _score = load_language_model().classify(sample)
    return str(code)
