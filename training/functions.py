"""Registered functions for training/ner.cfg (passed to `spacy train --code`)."""

from __future__ import annotations

from collections.abc import Callable

import spacy
from spacy.language import Language


@spacy.registry.callbacks("copydesk.base_vocab.v1")
def base_vocab(name: str) -> Callable[[Language], Language]:
    """Give the blank pipeline the base model's lexeme norms, as its sourced NER was trained."""

    def before_init(nlp: Language) -> Language:
        base = spacy.load(
            name,
            exclude=[
                "tok2vec",
                "tagger",
                "parser",
                "attribute_ruler",
                "lemmatizer",
                "senter",
                "ner",
            ],
        )
        for table in base.vocab.lookups.tables:
            if not nlp.vocab.lookups.has_table(table):
                nlp.vocab.lookups.set_table(table, base.vocab.lookups.get_table(table))
        return nlp

    return before_init
