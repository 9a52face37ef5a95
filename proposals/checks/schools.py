"""Personal data: the child's own school and class."""

from __future__ import annotations

import re

from .engine import PLACE_WORD_RE, walk_words
from .findings import Category

# --- schools and classes ---------------------------------------------------------
# Dewan Pers 1/2019 counts a child's school as identifying. A school an idea
# is *about* ("Atap SDN 05 Ledo bocor") is not personal data; the child's own
# school is: after "aku/saya/sekolahku/siswa/murid", or with the class
# ("SDN 05 Ledo kelas 5B"). A class with its parallel letter ("kelas 5B",
# "kelas VII-C") narrows a child down to some thirty and counts on its own.

SCHOOL_RE = re.compile(
    r"(?i)\b(?:sd|sdn|sdi|sdit|sdk|smp|smpn|smpit|smpk|sma|sman|smk|smkn|mi|min|"
    r"mis|mts|mtsn|ma|man|slb|slbn)\b(?:[ \t]+(?:negeri|swasta|inpres|n|s)\b)?"
    r"[ \t]*\.?[ \t]*(?:no\.?[ \t]*)?\d{1,3}\b"
)
_CLASS = (
    r"\b(?:kelas|kls)\b\.?[ \t]*(?:\d{1,2}|[ivx]{1,4})"
    r"(?:[ \t]*[-.]?[ \t]*(?P<section>[a-g]))?\b"
)
_CLASS_RE = re.compile(rf"(?i){_CLASS}")
_CLASS_AFTER_RE = re.compile(rf"(?i)[ \t]*,?[ \t]*{_CLASS}")
_SCHOOL_SELF_BEFORE_RE = re.compile(
    r"(?i)\b(?:sekolah(?:ku|nya)?(?:[ \t]+(?:saya|aku|kami|kita))?|bersekolah|"
    r"(?:aku|saya|ku|gue|gw)(?:[ \t]+(?:sekolah|bersekolah|siswa|siswi|murid|"
    r"pelajar|anak))?|siswa|siswi|murid|pelajar)"
    r"(?:[ \t]+(?:kelas|kls)[ \t]+\w+)?(?:[ \t]+(?:di|dari|ada[ \t]+di|yaitu|"
    r"adalah))?[ \t]*:?[ \t]*$"
)


def spans(text: str, lexicon) -> list[tuple[str, int, int]]:
    found = []
    for m in SCHOOL_RE.finditer(text):
        end = m.end()
        words = walk_words(
            text,
            end,
            lowercase_ok=False,
            max_words=3,
            stopwords=lexicon.name_stopwords,
            word_re=PLACE_WORD_RE,
        )
        if words and words[0][0] > end:
            end = words[-1][1]
        grade = _CLASS_AFTER_RE.match(text, end)
        own = _SCHOOL_SELF_BEFORE_RE.search(text[max(0, m.start() - 40) : m.start()])
        if grade or own:
            found.append((Category.SCHOOL, m.start(), grade.end() if grade else end))
    for m in _CLASS_RE.finditer(text):
        if m.group("section"):
            found.append((Category.SCHOOL, m.start(), m.end()))
    return found
