"""The word lists the checks read: data, not code (issue 13 item 1).

Each list ships as a text file, ``data/<name>.txt``: one entry per line,
lines starting with ``#`` are comments, a line ending with ``|`` goes on on
the next one, and ``@name = a|b|c`` defines alternatives that ``@name``
stands for in the phrases below it. Staff maintain the lists in the admin
(``CheckWord``, "Daftar kata pemeriksaan"): an *add* entry adds a word or
phrase, an *ignore* entry takes a shipped one out. The list the checks read
is therefore the shipped defaults + staff additions - staff ignores, and a
fresh (or flushed) database still has every default.

Reading the staff entries costs one query when they change, not one per
check: they are kept in the cache (``CACHE_KEY``, dropped on every save and
delete of a ``CheckWord``), each process asks the cache at most every
``RECHECK_SECONDS``, and the matchers compiled from them are kept in the
process by the entries' digest (:func:`current`).
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from . import danger, rude
from .engine import PhraseSet, StemSet, WordSet, forms

logger = logging.getLogger(__name__)

DATA = Path(__file__).with_name("data")

WORD = "word"  # one word per entry
PHRASE = "phrase"  # words, "a|b" alternatives, "#" for a number


@dataclass(frozen=True)
class WordList:
    name: str  # the data file's name, and CheckWord.word_list
    kind: str  # WORD or PHRASE
    label: str  # lazy, Indonesian: what staff choose in the admin


LISTS = {
    wl.name: wl
    for wl in (
        WordList("profanity", WORD, _("Kata kasar")),
        WordList("bullying", WORD, _("Kata merundung")),
        WordList("bullying_phrases", PHRASE, _("Frasa merundung")),
        WordList("not_profanity", PHRASE, _("Pengecualian kata kasar (frasa wajar)")),
        WordList("danger_stems", WORD, _("Kata dasar kekerasan (juga dengan imbuhan)")),
        WordList("danger_words", WORD, _("Kata tanda bahaya")),
        WordList("danger_phrases", PHRASE, _("Frasa tanda bahaya")),
        WordList(
            "danger_persons", PHRASE, _("Orang (ditandai bila dekat tanda bahaya)")
        ),
        WordList("danger_context", PHRASE, _("Kata konteks bahaya (dekat orang)")),
        WordList("not_danger", PHRASE, _("Pengecualian tanda bahaya (frasa wajar)")),
        WordList("name_stopwords", WORD, _("Kata pengakhir nama")),
        WordList("street_stopwords", WORD, _("Kata pengakhir nama jalan")),
        WordList("dusun_stopwords", WORD, _("Kata pengakhir nama dusun")),
        WordList("common_names", WORD, _("Nama orang umum (nama panggilan)")),
        WordList("name_honorifics", WORD, _("Sapaan sebelum nama panggilan")),
        WordList(
            "staff_titles", PHRASE, _("Nama jabatan atau lembaga (nama panggilan)")
        ),
        WordList("staff_prefixes", WORD, _("Awalan jabatan (nama panggilan)")),
    )
}

_WORD_RE = re.compile(r"[a-z]+")
_MACRO_RE = re.compile(r"@([a-z_]+)")
_DEFINITION_RE = re.compile(r"@([a-z_]+)\s*=\s*(.+)")


def _logical_lines(text: str) -> Iterable[str]:
    """Lines without comments, a line ending with "|" joined to the next."""
    pending = ""
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        pending += stripped
        if pending.endswith("|"):
            continue
        yield pending
        pending = ""
    if pending:
        yield pending.rstrip("|")


def clean_entry(entry: str) -> str:
    """An entry as it is compared: lower case, single spaces."""
    return " ".join(entry.lower().split())


def expand(entry: str, macros: Mapping[str, str]) -> str:
    """``entry`` with every ``@name`` replaced by its alternatives."""

    def replace(match: re.Match[str]) -> str:
        try:
            return macros[match.group(1)]
        except KeyError:
            raise ValueError(f"@{match.group(1)} is not defined") from None

    return _MACRO_RE.sub(replace, clean_entry(entry))


def problem(entry: str, kind: str) -> str | None:
    """Why an expanded entry cannot be read (None: it can)."""
    if kind == WORD:
        if not _WORD_RE.fullmatch(entry):
            return _("Tulis satu kata saja, huruf kecil a-z tanpa spasi.")
        return None
    parts = entry.split()
    if not parts:
        return _("Tulis satu kata atau frasa.")
    for position, part in enumerate(parts):
        if part == "#" and position:
            continue
        if not all(_WORD_RE.fullmatch(alt) for alt in part.split("|")):
            return _(
                "Tulis kata huruf kecil a-z dipisah spasi; a|b berarti a atau b, "
                "# (tidak di awal) berarti angka."
            )
    return None


def parse(text: str) -> tuple[tuple[str, ...], dict[str, str]]:
    """The entries of one data file (expanded) and its ``@name`` definitions."""
    macros: dict[str, str] = {}
    entries = []
    for line in _logical_lines(text):
        definition = _DEFINITION_RE.fullmatch(line)
        if definition:
            macros[definition.group(1)] = expand(definition.group(2), macros)
            continue
        entries.append(expand(line, macros))
    return tuple(dict.fromkeys(entries)), macros


def _load_defaults() -> tuple[dict[str, tuple[str, ...]], dict[str, dict[str, str]]]:
    defaults, macros = {}, {}
    for name, word_list in LISTS.items():
        entries, defined = parse((DATA / f"{name}.txt").read_text(encoding="utf-8"))
        for entry in entries:
            if problem(entry, word_list.kind):
                raise ValueError(f"data/{name}.txt: cannot read {entry!r}")
        defaults[name], macros[name] = entries, defined
    return defaults, macros


#: The shipped lists (expanded), by name, and the ``@name`` definitions of each.
DEFAULTS, MACROS = _load_defaults()


# =============================================================================
# The lists compiled for matching
# =============================================================================


class Lexicon:
    """Every list compiled for the detectors (built once per set of staff
    entries, then shared by every check in this process)."""

    def __init__(self, lists: Mapping[str, Sequence[str]]):
        self.lists = lists
        self.profanity = WordSet(lists["profanity"], rude.SUFFIXES)
        self.bullying = WordSet(lists["bullying"], rude.SUFFIXES)
        self.bullying_phrases = PhraseSet(lists["bullying_phrases"])
        self.not_profanity = PhraseSet(lists["not_profanity"])
        self.masked = rude.masked_lexicon(self.profanity, self.bullying)
        self.danger_stems = StemSet(lists["danger_stems"])
        self.danger_words = WordSet(lists["danger_words"], danger.SUFFIXES)
        self.danger_phrases = PhraseSet(lists["danger_phrases"])
        self.danger_persons = PhraseSet(lists["danger_persons"])
        self.danger_context = PhraseSet(lists["danger_context"])
        self.not_danger = PhraseSet(lists["not_danger"])
        self.name_stopwords = frozenset(lists["name_stopwords"])
        self.street_stopwords = self.name_stopwords | frozenset(
            lists["street_stopwords"]
        )
        self.dusun_stopwords = frozenset(lists["dusun_stopwords"]) | self.name_stopwords
        self.common_names = frozenset(lists["common_names"])
        self.name_honorifics = frozenset(lists["name_honorifics"])
        self.staff_titles = PhraseSet(lists["staff_titles"])
        self.staff_compact = frozenset(
            f for t in lists["staff_prefixes"] for f in forms(t)[:2]
        )


ADD = "add"
IGNORE = "ignore"


@dataclass(frozen=True)
class StaffWords:
    """The staff's entries, ``(word_list, word, action)`` sorted, and their
    digest (empty when there are none)."""

    entries: tuple[tuple[str, str, str], ...]
    digest: str

    @classmethod
    def of(cls, entries: Iterable[tuple[str, str, str]]) -> StaffWords:
        entries = tuple(sorted(set(entries)))
        digest = (
            hashlib.blake2b(repr(entries).encode(), digest_size=16).hexdigest()
            if entries
            else ""
        )
        return cls(entries, digest)


NO_STAFF_WORDS = StaffWords((), "")

CACHE_KEY = "proposals:checks:staff-words"
#: Kept this long at most, so that a race between a save and a reader heals
#: by itself; every save and delete drops it at once anyway.
CACHE_SECONDS = 600


def effective_lists(staff: StaffWords) -> dict[str, tuple[str, ...]]:
    """The shipped lists + the staff's additions - the staff's ignores.
    An entry that cannot be read is left out (and logged): the admin form
    refuses such entries, so only a hand-edited row can be one."""
    added: dict[str, list[str]] = {name: [] for name in LISTS}
    ignored: dict[str, set[str]] = {name: set() for name in LISTS}
    for name, word, action in staff.entries:
        if name not in LISTS:
            logger.warning("Unknown word list %r of a staff entry", name)
            continue
        try:
            entry = expand(word, MACROS[name])
        except ValueError:
            entry = None
        if entry is None or problem(entry, LISTS[name].kind):
            logger.warning("Staff entry %r of %s cannot be read", word, name)
            continue
        (added[name].append if action == ADD else ignored[name].add)(entry)
    return {
        name: tuple(
            dict.fromkeys(
                [e for e in DEFAULTS[name] if e not in ignored[name]] + added[name]
            )
        )
        for name in LISTS
    }


def _read_staff_words() -> StaffWords:
    from .models import CheckWord

    return StaffWords.of(CheckWord.objects.values_list("word_list", "word", "action"))


#: How long this process reads the entries it has without asking the
#: cache again: a change made in another process counts after this long
#: at most (in this process at once, ``forget``), and a check does not pay
#: a round trip to the cache.
RECHECK_SECONDS = 2.0

_kept: tuple[StaffWords, float] | None = None  # (entries, when read)


def staff_words() -> StaffWords:
    """The staff's entries: as this process read them less than
    ``RECHECK_SECONDS`` ago, or from the cache, or else from the database
    (one query, then kept in the cache). Only the transaction that saves a
    ``CheckWord`` sees it before it commits, and that one checks no text;
    ``changed`` drops what was kept again when it commits."""
    global _kept
    now = time.monotonic()
    kept = _kept
    if kept is not None and now - kept[1] < RECHECK_SECONDS:
        return kept[0]
    value = cache.get(CACHE_KEY)
    if value is None:
        value = _read_staff_words()
        cache.set(CACHE_KEY, value, CACHE_SECONDS)
    _kept = (value, now)
    return value


def forget() -> None:
    """Drop the kept entries, in this process and in the cache."""
    global _kept
    _kept = None
    cache.delete(CACHE_KEY)


def changed(**kwargs) -> None:
    """A ``CheckWord`` was saved or deleted (a receiver of its post_save and
    post_delete): forget the entries now, and again when the transaction
    commits, so that a reader in between does not keep the rows as they
    were."""
    forget()
    transaction.on_commit(forget)


DEFAULT_LEXICON = Lexicon(DEFAULTS)
_compiled: dict[str, Lexicon] = {"": DEFAULT_LEXICON}


def current() -> Lexicon:
    """The lists as the checks read them now."""
    global _compiled
    staff = staff_words()
    lexicon = _compiled.get(staff.digest)
    if lexicon is None:
        lexicon = Lexicon(effective_lists(staff))
        # an old set of entries is seldom back; a new dict, never one
        # changed while another thread reads it
        kept = _compiled if len(_compiled) < 8 else {"": DEFAULT_LEXICON}
        _compiled = {**kept, staff.digest: lexicon}
    return lexicon
