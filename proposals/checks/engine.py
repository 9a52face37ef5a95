"""The matching engine of the checks: what a reader sees (normalisation),
words (tokens and their normal forms) and how listed words and phrases are
found in them. It knows no word list: the detectors pass theirs in (the
lists themselves are data, ``wordlists.py``).

The matching tolerates, for every list:

* upper/lower case and accents ("ngelém");
* stretched letters ("anjiiing", "tooolol") and simple leetspeak
  (4→a, @→a, 1→i, 0→o, 3→e, 5→s, $→s, 7→t, 9→g): "4nj1ng", "b3g0";
* SMS reduplication: "pegang2" is read as "pegang pegang";
* whole words only: "asu" never matches "asuransi", "tai" never "pantai";
* invisible characters, look-alike letters (Cyrillic "а"), full-width and
  spread-out letters ("a n j i n g"): see :func:`normalised`.

A *phrase* is words separated by spaces; ``a|b`` means "a or b" in that
position; ``#`` means a number ("7", "07", "tujuh", "setengah"). A *stem*
(:class:`StemSet`) also matches with the usual affixes (di-, ter-, me-, pe-,
ke-, nge-, -i, -kan, -in, -an, -nya, ...).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from portal.core.text import INVISIBLE_EXTRA as _INVISIBLE_EXTRA

_NUMBER_WORDS = frozenset(
    "nol satu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas "
    "duabelas setengah seperempat".split()
)
#: "pukul 3 kali" counts blows; "pukul 3 pagi" is the time.
_COUNTING_WORDS = frozenset({"kali", "x"})


# =============================================================================
# Words: tokens, normal forms, phrases
# =============================================================================

_TOKEN_RE = re.compile(r"(?:[^\W_]|[@$])+")
_REPEATS_RE = re.compile(r"(.)\1+")
LEET = str.maketrans(
    {"4": "a", "@": "a", "1": "i", "0": "o", "3": "e", "5": "s", "$": "s",
     "7": "t", "9": "g"}
)  # fmt: skip


def fold(word: str) -> str:
    """Lower case, without accents ("ngelém" -> "ngelem")."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def forms(word: str) -> tuple[str, str, bool]:
    """(raw, norm, plain): leetspeak undone; then stretched letters collapsed;
    and whether the word was written plainly (no leetspeak, no stretching)."""
    folded = fold(word)
    has_letter = any(c.isalpha() for c in folded)
    raw = folded.translate(LEET) if has_letter else folded
    norm = _REPEATS_RE.sub(r"\1", raw) if has_letter else raw
    return raw, norm, raw == folded and norm == folded


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    raw: str  # lower case, no accents, leetspeak undone
    norm: str  # raw with stretched letters collapsed ("anjiiing" -> "anjing")
    plain: bool


def tokenize(text: str) -> list[Token]:
    tokens = []
    for m in _TOKEN_RE.finditer(text):
        word = m.group()
        folded = fold(word)
        if (
            len(folded) > 2
            and folded.endswith("2")
            and folded[-2].isalpha()
            and sum(c.isalpha() for c in folded) >= 2
        ):
            # "pegang2" is SMS for "pegang-pegang": two words on one span
            raw, norm, plain = forms(word[:-1])
            token = Token(m.start(), m.end(), raw, norm, plain)
            tokens += [token, token]
            continue
        raw, norm, plain = forms(word)
        tokens.append(Token(m.start(), m.end(), raw, norm, plain))
    return tokens


class WordSet:
    """Single words, compared by raw form and by collapsed form."""

    def __init__(self, words: Iterable[str], suffixes: Sequence[str] = ("",)):
        variants = [forms(w) for w in words]
        self.raw = frozenset(f[0] for f in variants)
        self.norm = frozenset(f[1] for f in variants)
        self.suffixes = tuple(sorted(set(suffixes) | {""}, key=len))

    def __contains__(self, token: Token) -> bool:
        for suffix in self.suffixes:
            for form, known in ((token.raw, self.raw), (token.norm, self.norm)):
                if suffix and not form.endswith(suffix):
                    continue
                if form[: len(form) - len(suffix)] in known:
                    return True
        return False


class StemSet:
    """Stems with Indonesian (and colloquial) affixes around them."""

    PREFIXES = (
        "", "di", "ter", "ke", "me", "mem", "men", "meng", "meny", "pe", "pem",
        "pen", "peng", "peny", "per", "ber", "nge", "ng", "ny",
    )  # fmt: skip
    SUFFIXES = tuple(
        first + second
        for first in ("", "i", "kan", "in", "an")
        for second in ("", "nya", "lah", "ku", "mu", "pun")
    )

    def __init__(self, stems: Iterable[str]):
        variants = [forms(s) for s in stems]
        self.raw = frozenset(f[0] for f in variants)
        self.norm = frozenset(f[1] for f in variants)

    def __contains__(self, token: Token) -> bool:
        for form, known in ((token.raw, self.raw), (token.norm, self.norm)):
            for prefix in self.PREFIXES:
                if not form.startswith(prefix):
                    continue
                rest = form[len(prefix) :]
                for suffix in self.SUFFIXES:
                    if suffix and not rest.endswith(suffix):
                        continue
                    if rest[: len(rest) - len(suffix)] in known:
                        return True
        return False


@dataclass(frozen=True)
class _Slot:
    raw: frozenset[str]
    norm: frozenset[str]
    number: bool = False


def _compile_phrase(phrase: str) -> tuple[_Slot, ...]:
    slots = []
    for part in phrase.split():
        if part == "#":
            slots.append(_Slot(frozenset(), frozenset(), number=True))
            continue
        variants = [forms(alt) for alt in part.split("|") if alt]
        slots.append(
            _Slot(frozenset(f[0] for f in variants), frozenset(f[1] for f in variants))
        )
    return tuple(slots)


def _slot_matches(slot: _Slot, tokens: Sequence[Token], i: int) -> bool:
    token = tokens[i]
    if slot.number:
        if not (token.raw.isdigit() or token.norm in _NUMBER_WORDS):
            return False
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        return following is None or following.norm not in _COUNTING_WORDS
    return token.raw in slot.raw or token.norm in slot.norm


class PhraseSet:
    """Phrases of one or more words; finds (first, last + 1) token ranges."""

    def __init__(self, phrases: Iterable[str]):
        self.phrases = [_compile_phrase(p) for p in phrases]
        # phrases by the forms of their first word, to try only likely ones
        self.by_first: dict[str, list[tuple[_Slot, ...]]] = {}
        self.number_first = [p for p in self.phrases if p[0].number]
        for slots in self.phrases:
            for form in slots[0].raw | slots[0].norm:
                self.by_first.setdefault(form, []).append(slots)

    def find(self, tokens: Sequence[Token]) -> list[tuple[int, int]]:
        found = []
        for i, token in enumerate(tokens):
            candidates = {
                id(p): p
                for p in self.by_first.get(token.raw, [])
                + self.by_first.get(token.norm, [])
                + self.number_first
            }
            for slots in candidates.values():
                if i + len(slots) > len(tokens):
                    continue
                if all(_slot_matches(s, tokens, i + k) for k, s in enumerate(slots)):
                    found.append((i, i + len(slots)))
        return found


Span = tuple[int, int]  # token range [first, last + 1)


def covered(span: Span, exceptions: Iterable[Span]) -> bool:
    return any(a <= span[0] and span[1] <= b for a, b in exceptions)


def distance(a: Span, b: Span) -> int:
    return max(a[0] - b[1], b[0] - a[1], 0)


def overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


_SPLIT_MARKS = frozenset("-.*_'")


def split_words(text: str, tokens: Sequence[Token]) -> list[tuple[Span, Token]]:
    """A word split by one mark ("gob-lok", "dipu*kul") read as one, on the
    token range of its two halves."""
    joined = []
    for i in range(len(tokens) - 1):
        a, b = tokens[i], tokens[i + 1]
        if a is b or text[a.end : b.start] not in _SPLIT_MARKS:
            continue
        raw, norm, plain = forms(text[a.start : a.end] + text[b.start : b.end])
        joined.append(((i, i + 2), Token(a.start, b.end, raw, norm, plain)))
    return joined


# =============================================================================
# Name-like words, walked from a cue ("nama saya ...", "Jalan ...")
# =============================================================================

_NAME_WORD_RE = re.compile(r"[^\W\d_](?:[^\W\d_]|['’\-](?=[^\W\d_]))*\.?")
PLACE_WORD_RE = re.compile(r"[^\W_](?:[^\W_]|['’\-](?=[^\W_]))*\.?")
_BLANKS_RE = re.compile(r"[ \t]*")
_NAME_ABBREVIATIONS = frozenset(
    {"m", "muh", "moh", "mhd", "muhd", "st", "hj", "h", "ir", "dr", "a", "i"}
)


def walk_words(
    text: str,
    pos: int,
    *,
    lowercase_ok: bool,
    max_words: int,
    stopwords: frozenset[str],
    word_re: re.Pattern[str] = _NAME_WORD_RE,
) -> list[tuple[int, int]]:
    """Consecutive name-like words from ``pos`` (on one line). Mixed case ends
    the name: in "Andi pergi" only "Andi" is a name."""
    words: list[tuple[int, int]] = []
    first_capital = False
    cursor = _BLANKS_RE.match(text, pos).end()
    while len(words) < max_words:
        m = word_re.match(text, cursor)
        if not m:
            break
        word = m.group()
        bare = word.rstrip(".")
        if not bare or fold(bare) in stopwords:
            break
        capital = bare[0].isupper() or bare[0].isdigit()
        if not capital and not lowercase_ok:
            break
        if words and first_capital and not capital:
            break
        if not words:
            first_capital = capital
        words.append((m.start(), m.start() + len(bare)))
        if word.endswith(".") and fold(bare) not in _NAME_ABBREVIATIONS:
            break  # the end of a sentence
        gap = _BLANKS_RE.match(text, m.end())
        if gap.end() == m.end() and not word.endswith("."):
            break
        cursor = gap.end()
    return words


# =============================================================================
# Normalisation: what a reader sees, not how it is encoded (issue 11 item 8)
# =============================================================================

#: Letters that look like Latin ones (Cyrillic, Greek, and a few Latin
#: variants) and dashes that look like "-". NFKC does not fold these.
_CONFUSABLES = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h",
    "о": "o", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s",
    "і": "i", "ї": "i", "ј": "j", "ԁ": "d", "һ": "h", "ӏ": "l", "ԛ": "q",
    "ԝ": "w", "ь": "b", "п": "n", "г": "r", "и": "u", "л": "n",
    "А": "A", "В": "B", "Е": "E", "Ё": "E", "К": "K", "М": "M", "Н": "H",
    "О": "O", "Р": "P", "С": "C", "Т": "T", "Х": "X", "У": "Y", "Ѕ": "S",
    "І": "I", "Ї": "I", "Ј": "J", "Ԁ": "D", "Һ": "H", "Ӏ": "I", "Ԛ": "Q",
    "Ԝ": "W", "З": "3",
    # Greek
    "α": "a", "β": "b", "γ": "y", "ε": "e", "η": "n", "ι": "i", "κ": "k",
    "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K",
    "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    # Latin look-alikes
    "ı": "i", "ȷ": "j", "ɑ": "a", "ɡ": "g", "ɩ": "i", "ʟ": "L", "ℓ": "l",
    # dashes and minus signs
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-", "\u2043": "-",
}  # fmt: skip

#: Look-alikes that stand for two Latin letters: Cyrillic "у" is drawn like a
#: "y" but typed for a "u" as often; the words are matched both ways.
_SECOND_READING = {"у": "u", "У": "U"}

# Letters or digits spread out one by one: "a n j i n g", "d.i.p.u.k.u.l",
# "0 8 1 2 3 4 5 6 7 8 9 0".
_SPREAD_RE = re.compile(r"(?<![^\W_])(?:[^\W_][ .\-_*/]){3,}[^\W_](?![^\W_])")
# A word of digits and letters that look like digits: "o812", "O8I2", "789O".
_DIGITISH_RE = re.compile(r"(?<![^\W_])[0-9oOlIi]+(?![^\W_])")
_DIGIT_LOOKALIKES = str.maketrans({"o": "0", "O": "0", "l": "1", "I": "1", "i": "1"})


@dataclass(frozen=True)
class Normalised:
    """Text as a reader sees it, with where each character came from:
    ``starts[i]:ends[i]`` is the span of the original text that produced
    character ``i``, so a finding maps back to exactly what the child typed,
    invisible characters included."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    second: str | None = None  # the other reading of ambiguous look-alikes

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.starts[start], self.ends[end - 1]


def _normalise_char(ch: str) -> str | None:
    """What one character reads as; ``None`` if it shows nothing."""
    category = unicodedata.category(ch)
    if category == "Cf" or ch in _INVISIBLE_EXTRA:
        return None
    if category in ("Mn", "Me"):
        return ""  # a combining mark: belongs to the character before
    if ch in _CONFUSABLES:
        return _CONFUSABLES[ch]
    out = []
    for c in unicodedata.normalize("NFKC", ch):
        if c in _CONFUSABLES:
            out.append(_CONFUSABLES[c])
        elif not c.isascii() and c.isdecimal():
            out.append(str(unicodedata.decimal(c)))
        elif unicodedata.category(c) not in ("Mn", "Me", "Cf"):
            out.append(c)
    return "".join(out)


def normalised(text: str) -> Normalised:
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    seconds: list[str] = []
    ambiguous = False
    pending = None  # where invisible characters before the next one began
    for i, ch in enumerate(text):
        if ch.isascii():
            mapped = ch
        else:
            mapped = _normalise_char(ch)
            if mapped is None:
                pending = i if pending is None else pending
                continue
            if not mapped:
                if ends:
                    ends[-1] = i + 1
                else:
                    pending = i if pending is None else pending
                continue
        begin = i if pending is None else pending
        pending = None
        second = _SECOND_READING.get(ch)
        ambiguous = ambiguous or second is not None
        for c in mapped:
            chars.append(c)
            seconds.append(second or c)
            starts.append(begin)
            ends.append(i + 1)
    if pending is not None and ends:
        ends[-1] = len(text)

    # Spread-out letters and digits are read as one word or number.
    normal = "".join(chars)
    keep = [True] * len(chars)
    for m in _SPREAD_RE.finditer(normal):
        for k in range(m.start() + 1, m.end(), 2):
            keep[k] = False
    if not all(keep):
        chars = [c for c, k in zip(chars, keep, strict=True) if k]
        seconds = [c for c, k in zip(seconds, keep, strict=True) if k]
        starts = [s for s, k in zip(starts, keep, strict=True) if k]
        ends = [e for e, k in zip(ends, keep, strict=True) if k]
        normal = "".join(chars)

    # Letters for digits inside a number ("o812 3456 789O").
    def digits(m: re.Match[str]) -> str:
        word = m.group()
        count = sum(c.isdigit() for c in word)
        if count and count >= len(word) - count:
            return word.translate(_DIGIT_LOOKALIKES)
        return word

    normal = _DIGITISH_RE.sub(digits, normal)
    second = None
    if ambiguous:
        second = _DIGITISH_RE.sub(digits, "".join(seconds))
    return Normalised(normal, tuple(starts), tuple(ends), second)


def normalise(text: str) -> str:
    """The text as the checks read it: NFKC, without invisible controls,
    with look-alike letters folded to Latin. For tests and the admin."""
    return normalised(text or "").text
