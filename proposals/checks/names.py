"""Personal data: full names after a cue ("nama saya Andi Pratama", "anak
dari Bapak Yohanes", "Hormat saya, Siti Nurhaliza"). Where a name ends is
the list ``name_stopwords``."""

from __future__ import annotations

import re

from .engine import walk_words
from .findings import Category

_CUE_REST_RE = re.compile(r"(?i)[ \t]*(?:[:,\-][ \t]*)?(?:(?:adalah|ialah|yaitu)\b)?")

# (pattern, minimum words, lower case allowed, must be followed by)
_SELF = r"(?:saya|aku|ku|gue|gw|aq)"
_PARENT = (
    r"(?:ayah|bapak|bapa|ibu|mama|mamak|papa|abah|umak|emak|orang[ \t]*tua|ortu|wali)"
)
_NAME_AFTER_RE = re.compile(
    r"(?i)[ \t]*,?[ \t]*\b(?:dari|dr|dri|kelas|kls|umur|usia|berumur|berusia|siswa|"
    r"siswi|murid|pelajar|tinggal|anak|asal)\b"
)
_NAME_CUES = (
    # "nama saya Andi Pratama", "namaku siti nurhaliza", "perkenalkan, ..."
    (
        re.compile(
            rf"(?i)\b(?:nama[ \t]*(?:lengkap[ \t]*)?{_SELF}|perkenalkan(?:[ \t,]+"
            rf"(?:nama[ \t]*{_SELF}|{_SELF}))?|{_SELF}[ \t]+bernama)\b"
        ),
        2,
        True,
        False,
    ),
    # "nama ayah saya Yohanes", "ibuku bernama Maria"
    (
        re.compile(
            rf"(?i)\b(?:nama[ \t]+{_PARENT}[ \t]*{_SELF}?|{_PARENT}[ \t]*{_SELF}?"
            r"[ \t]+bernama)\b"
        ),
        1,
        True,
        False,
    ),
    # "anak dari Bapak Yohanes Kristian", "anak Pak Yohanes"
    (
        re.compile(
            r"(?i)\banak[ \t]+(?:dari[ \t]+|dr\.?[ \t]+)?(?:bapak|bpk|pak|ibu|bu|"
            r"mama|mamak|papa|ayah|abah|umak)\b\.?"
        ),
        1,
        False,
        False,
    ),
    # "Hormat saya, Andi Pratama", "ditulis oleh Siti Nurhaliza"
    (
        re.compile(
            r"(?i)\b(?:hormat[ \t]+(?:saya|kami)|salam[ \t]+dari|ttd|tertanda|"
            r"(?:ditulis|dibuat|diusulkan)[ \t]+oleh|pengusul|penulis)\b\.?"
        ),
        2,
        False,
        False,
    ),
    # "aku Siti Nurhaliza dari SDN 3 Ledo", "Saya Andi Pratama, kelas 6"
    (re.compile(r"(?i)\b(?:aku|saya)\b"), 2, False, True),
)


def spans(text: str, lexicon) -> list[tuple[str, int, int]]:
    found = []
    for pattern, min_words, lowercase_ok, needs_follow in _NAME_CUES:
        for m in pattern.finditer(text):
            pos = _CUE_REST_RE.match(text, m.end()).end()
            words = walk_words(
                text,
                pos,
                lowercase_ok=lowercase_ok,
                max_words=5,
                stopwords=lexicon.name_stopwords,
            )
            if len(words) < min_words:
                continue
            if needs_follow and not _NAME_AFTER_RE.match(text, words[-1][1]):
                continue
            found.append((Category.FULL_NAME, words[0][0], words[-1][1]))
    return found
