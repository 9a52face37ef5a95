"""What only a child's public name (nickname) is checked for (issue 11 item
6): the title of a staff role or agency (``staff_titles``, and
``staff_prefixes`` glued to another word: "AdminBunga"), and what looks like
a real full name (``common_names``; ``name_honorifics`` such as "Kak" do not
count as a name)."""

from __future__ import annotations

import re

from .engine import fold, forms, tokenize
from .findings import Category

_NICK_WORD_RE = re.compile(r"[^\W\d_]+")


def staff_spans(text: str, lexicon) -> list[tuple[str, int, int]]:
    tokens = tokenize(text)
    found = [
        (Category.STAFF_TITLE, tokens[a].start, tokens[b - 1].end)
        for a, b in lexicon.staff_titles.find(tokens)
    ]
    letters = [(m.start(), m.end()) for m in re.finditer(r"[^\W_]+", text)]
    if letters:
        compact = "".join(text[a:b] for a, b in letters)
        raw, norm, _plain = forms(compact)
        if any(
            form.startswith(title) or form.endswith(title)
            for form in (raw, norm)
            for title in lexicon.staff_compact
        ):
            found.append((Category.STAFF_TITLE, letters[0][0], letters[-1][1]))
    return found


def full_name_spans(text: str, lexicon) -> list[tuple[str, int, int]]:
    """Two or more capitalised name words ("Budi Santoso") look like a real
    full name; so do two known names side by side in any case ("budi
    santoso"). "Kak Rio", "Bunga" and "putri salju" do not."""
    words = [
        m
        for m in _NICK_WORD_RE.finditer(text)
        if fold(m.group()) not in lexicon.name_honorifics
    ]
    capitalised = [m for m in words if m.group()[0].isupper()]
    if len(capitalised) >= 2:
        return [(Category.FULL_NAME, capitalised[0].start(), capitalised[-1].end())]
    for first, second in zip(words, words[1:], strict=False):
        adjacent = not text[first.end() : second.start()].strip(" \t._-")
        if (
            adjacent
            and fold(first.group()) in lexicon.common_names
            and fold(second.group()) in lexicon.common_names
        ):
            return [(Category.FULL_NAME, first.start(), second.end())]
    return []
