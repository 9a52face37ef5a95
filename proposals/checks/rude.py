"""Rude words and bullying: the moderator asks the child to rewrite, or
hides a reply. Lists: ``profanity``, ``bullying``, ``bullying_phrases`` and
the innocent uses in ``not_profanity`` (``data/*.txt``)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .engine import LEET, Span, Token, WordSet, covered, fold
from .findings import Category

#: Also matched with these endings ("anjingnya", "bodohlah", "goblokmu").
SUFFIXES = ("nya", "lah", "in", "mu", "lu", "kau", "loe")

#: Characters a child types for one letter of a rude word ("anj*ng", "b#bi",
#: "t@i", "k_ntol", "g.blok"); each stands for exactly one letter.
_MASK_CHARS = "*#@_."
_MASKED_RE = re.compile(r"(?<![^\W_*#@])[^\W_]+(?:[*#@_.]{1,2}[^\W_]+)+")


def masked_lexicon(
    profanity: WordSet, bullying: WordSet
) -> dict[int, list[tuple[str, str]]]:
    """Every rude or bullying word with its suffixes, by length."""
    by_length: dict[int, list[tuple[str, str]]] = {}
    for words, category in (
        (profanity, Category.PROFANITY),
        (bullying, Category.BULLYING),
    ):
        for word in words.raw:
            for suffix in words.suffixes:
                form = word + suffix
                by_length.setdefault(len(form), []).append((form, category))
    return by_length


def spans(tokens: Sequence[Token], words, lexicon) -> list[tuple[str, Span]]:
    """(category, token range) of rude words and bullying, but for the
    innocent uses written plainly ("tahi lalat", "anjing liar")."""
    rude: list[tuple[str, Span]] = []
    for span, token in words:
        if token in lexicon.profanity:
            rude.append((Category.PROFANITY, span))
        if token in lexicon.bullying:
            rude.append((Category.BULLYING, span))
    rude += [
        (Category.BULLYING, span) for span in lexicon.bullying_phrases.find(tokens)
    ]
    innocent = lexicon.not_profanity.find(tokens)
    return [
        (category, span)
        for category, span in rude
        if not (
            covered(span, innocent) and all(t.plain for t in tokens[span[0] : span[1]])
        )
    ]


def masked_words(text: str, lexicon) -> list[tuple[str, int, int]]:
    """(category, start, end) of rude words with letters masked by ``*``,
    ``#``, ``@``, ``_`` or ``.``: every visible letter must match and each
    mark stands for one letter; at least two letters are visible and more
    letters than marks, so "t.i" needs a listed three-letter word "t?i" and
    ordinary text ("10.30", "bola.Tapi") matches nothing."""
    found = []
    for m in _MASKED_RE.finditer(text):
        word = m.group()
        marks = sum(c in _MASK_CHARS for c in word)
        visible = len(word) - marks
        if visible < 2 or marks >= visible:
            continue
        if set(word) & set(_MASK_CHARS) == {"."} and word.replace(".", "").isupper():
            continue  # an abbreviation ("T.I", "S.Pd"), not a masked word
        letters = fold(word)
        if any(c.isalpha() for c in letters):
            letters = "".join(
                c if c in _MASK_CHARS else c.translate(LEET) for c in letters
            )
        for form, category in lexicon.masked.get(len(letters), ()):
            if all(
                c in _MASK_CHARS or c == f for c, f in zip(letters, form, strict=True)
            ):
                found.append((category, m.start(), m.end()))
                break
    return found
