"""Possible disclosures of abuse or danger. A disclosure is never published:
it goes to the Petugas Perlindungan (UPTD PPA, SAPA 129) within 24 hours.

The lists are broad on purpose (``danger_stems``, ``danger_words``,
``danger_phrases``) and the exceptions narrow and concrete
(``not_danger``): a missed warning can mean that a child in danger is not
helped, a wrong one costs the moderator a few seconds. A person
(``danger_persons``) is flagged with a danger word or a context word
(``danger_context``) near them, so that the officer sees who it is about."""

from __future__ import annotations

from collections.abc import Sequence

from .engine import Span, Token, covered, distance, overlaps

#: Danger words are also matched with these endings ("dipaksanya").
SUFFIXES = ("nya", "lah", "ku", "mu", "pun", "in")

#: How many words apart a person and a danger or context word may be.
DANGER_WINDOW = 10


def spans(tokens: Sequence[Token], words, lexicon) -> set[Span]:
    """The token ranges of danger words and phrases, and of the persons
    near them (with the context words that made a person count)."""
    danger: list[Span] = [
        span
        for span, token in words
        if token in lexicon.danger_stems or token in lexicon.danger_words
    ]
    danger += lexicon.danger_phrases.find(tokens)
    innocent = lexicon.not_danger.find(tokens)
    danger = [span for span in danger if not covered(span, innocent)]
    context = lexicon.danger_context.find(tokens)
    flagged = set(danger)
    for person in lexicon.danger_persons.find(tokens):
        near_danger = [s for s in danger if distance(person, s) <= DANGER_WINDOW]
        near_context = [
            s
            for s in context
            if distance(person, s) <= DANGER_WINDOW and not overlaps(person, s)
        ]
        if near_danger or near_context:
            flagged.add(person)
            flagged.update(near_context)
    return flagged
