"""Language of an article's text, as an ISO 639-1 code ("und": too little text, or unsure)."""

from __future__ import annotations

from functools import cache

__all__ = ["detect_language", "load_language_model"]

# Below this many letters the identifier guesses; "und" is the honest answer.
MIN_LETTERS = 20
# The identifier's cost grows with length; the first few thousand characters decide it.
SAMPLE_CHARS = 2000
# Below this probability the guess is noise: results tables and name lists (mostly proper
# nouns and numbers) come out as Javanese or Nigerian Pidgin with p < 0.7; prose scores ~1.
MIN_CONFIDENCE = 0.8


@cache
def load_language_model():  # type: ignore[no-untyped-def]
    """Load the identifier once per process (before gunicorn forks, when preloaded)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str:
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return "und"
    code, probability = load_language_model().classify(sample)
    return str(code) if probability >= MIN_CONFIDENCE else "und"
