"""Personal data: house addresses. The place an idea is about ("perbaikan
Jalan Raya Ledo", "jembatan di Dusun Sebalo") is not one: a spelled-out
"Jalan X" counts next to a house number, gang, RT/RW or a phrase like
"rumah saya di"; the abbreviation "Jl./Jln." with a name counts on its own;
"Dusun X" only where it says where someone lives."""

from __future__ import annotations

import re

from .engine import PLACE_WORD_RE, fold, walk_words
from .findings import Category

_RT_RW = (
    r"(?:\bRT[ \t]*/[ \t]*RW[ \t]*[.:]?[ \t]*\d{1,3}[ \t]*[/\-][ \t]*\d{1,3}\b"
    r"|\bRT[ \t]*[.:]?[ \t]*\d{1,3}\b(?:[ \t]*[/,\-]?[ \t]*(?:dan[ \t]+)?"
    r"RW[ \t]*[.:]?[ \t]*\d{1,3}\b)?"
    r"|\bRW[ \t]*[.:]?[ \t]*\d{1,3}\b)"
)
_RT_RW_RE = re.compile(rf"(?i){_RT_RW}")
_ADDRESS_MORE_RE = re.compile(
    r"(?i)[ \t]*,?[ \t]*(?:(?:no|nomor|nomer|nmr)\b\.?[ \t]*\d+[a-z]?(?:[/\-]\d+)?\b"
    r"|(?:blok|blk)\b\.?[ \t]*[a-z]?\d{0,3}[a-z]?\b"
    rf"|{_RT_RW})"
)
_GANG_RE = re.compile(r"(?:\b[Gg][Gg]\b\.?|\b[Gg]ang\b)[ \t]*")
_STREET_RE = re.compile(r"(?i)\b(?P<word>jl|jln|jaln|jalan)\b\.?[ \t]*")
_DUSUN_RE = re.compile(r"(?i)\b(?:dusun|dsn)\b\.?[ \t]*")
_ADDRESS_CUE_BEFORE_RE = re.compile(
    r"(?i)\b(?:rumah\w*|tinggal|alamat\w*|beralamat|menetap|kos|ngekos)\b"
    r"(?:[ \t]+\w+){0,2}[ \t]+(?:di[ \t]+)?$"
)
_RESIDENCE_BEFORE_RE = re.compile(
    r"(?i)\b(?:tinggal|rumah(?:ku|nya)?|menetap)(?:[ \t]+(?:saya|aku|kami|kita))?"
    r"[ \t]+(?:di|ada[ \t]+di)[ \t]*$"
)
_ADDRESS_CUE_RE = re.compile(
    r"(?i)\b(?:alamat|beralamat)(?:[ \t]+rumah)?(?:[ \t]*(?:ku|saya|aku|kami|nya))?"
    r"(?:[ \t]+(?:adalah|yaitu|ialah|di))?[ \t]*:?[ \t]*"
)
_HOUSE_NUMBER_RE = re.compile(
    r"(?i)\brumah(?:[ \t]*(?:ku|saya|aku|kami))?[ \t]+(?:nomor|nomer|no\.?|nmr)"
    r"[ \t]*\d+[a-z]?\b"
)
_ADDRESS_ABBREVIATIONS = frozenset(
    "jl jln no gg rt rw kec ds dsn kab kel blok blk".split()
)
_ADDRESS_NOT = frozenset(
    "email e surel web website situs ig instagram fb tiktok sekolah".split()
)


def _extend_address(text: str, end: int, stopwords: frozenset[str]) -> tuple[int, bool]:
    """Follow "No. 12", "Gg. Mawar", "RT 02/RW 03", "Blok C" after a street."""
    extended = False
    while True:
        m = _ADDRESS_MORE_RE.match(text, end)
        if m and m.end() > end and re.search(r"\w", m.group()):
            end, extended = m.end(), True
            continue
        gap = re.compile(r"[ \t]*,?[ \t]*").match(text, end)
        g = _GANG_RE.match(text, gap.end())
        if g:
            words = walk_words(
                text,
                g.end(),
                lowercase_ok=g.group().strip().endswith("."),
                max_words=3,
                stopwords=stopwords,
                word_re=PLACE_WORD_RE,
            )
            if words:
                end, extended = words[-1][1], True
                continue
        return end, extended


def spans(text: str, lexicon) -> list[tuple[str, int, int]]:
    found = []
    for m in _STREET_RE.finditer(text):
        words = walk_words(
            text,
            m.end(),
            lowercase_ok=True,
            max_words=4,
            stopwords=lexicon.street_stopwords,
            word_re=PLACE_WORD_RE,
        )
        if not words:
            continue
        name_end = words[-1][1]
        end, extended = _extend_address(text, name_end, lexicon.street_stopwords)
        first = text[words[0][0]]
        capital = first.isupper() or first.isdigit()
        cue = bool(
            _ADDRESS_CUE_BEFORE_RE.search(text[max(0, m.start() - 40) : m.start()])
        )
        spelled_out = m.group("word").lower() == "jalan"
        if spelled_out and not (capital and (extended or cue)):
            continue  # "perbaikan Jalan Raya Ledo": the place of the idea
        if not spelled_out and not (capital or extended or cue):
            continue  # "jln rusak parah" is SMS for "jalan"
        if not extended and not capital:
            end = words[0][1]
        found.append((Category.ADDRESS, m.start(), end))
    for m in _GANG_RE.finditer(text):
        words = walk_words(
            text,
            m.end(),
            lowercase_ok=m.group().strip().endswith("."),
            max_words=3,
            stopwords=lexicon.street_stopwords,
            word_re=PLACE_WORD_RE,
        )
        if words:
            end, _extended = _extend_address(
                text, words[-1][1], lexicon.street_stopwords
            )
            found.append((Category.ADDRESS, m.start(), end))
    # "Dusun X" names a place an idea may well be about (a bridge in Dusun
    # Sebalo); it is flagged only where it says where someone lives.
    for m in _DUSUN_RE.finditer(text):
        if not _RESIDENCE_BEFORE_RE.search(text[max(0, m.start() - 40) : m.start()]):
            continue
        words = walk_words(
            text,
            m.end(),
            lowercase_ok=True,
            max_words=3,
            stopwords=lexicon.dusun_stopwords,
            word_re=PLACE_WORD_RE,
        )
        if words:
            if not text[words[0][0]].isupper():
                words = words[:1]
            found.append((Category.ADDRESS, m.start(), words[-1][1]))
    for m in _RT_RW_RE.finditer(text):
        found.append((Category.ADDRESS, m.start(), m.end()))
    for m in _HOUSE_NUMBER_RE.finditer(text):
        found.append((Category.ADDRESS, m.start(), m.end()))
    for m in _ADDRESS_CUE_RE.finditer(text):
        end = _address_after_cue(text, m.end())
        if end is not None:
            found.append((Category.ADDRESS, m.end(), end))
    return found


def _address_after_cue(text: str, pos: int) -> int | None:
    """The end of what follows "alamat saya": up to the end of the sentence."""
    end = None
    for count, m in enumerate(re.compile(r"[^\s]+").finditer(text, pos)):
        if count == 10 or text[end or pos : m.start()].count("\n"):
            break
        word = m.group()
        if word.startswith("["):
            break  # "alamat: [disensor]" is already censored
        bare = word.rstrip(".,;:!?")
        key = fold(bare)
        if count == 0 and (key in _ADDRESS_NOT or not bare):
            return None
        if key in {"dan", "yang", "saya", "aku", "kami", "karena", "untuk", "agar"}:
            break
        if bare:
            end = m.start() + len(bare)
        if word[-1:] in "!?;" or (
            word.endswith(".") and key not in _ADDRESS_ABBREVIATIONS
        ):
            break
    return end
