"""Automatic warnings for the moderator: personal data, rude words, danger.

Why this module exists
----------------------
Every idea (usulan) a child writes is pre-moderated by DinsosPPPA staff before
anyone else can read it. These checks are an *aid* for that person, never a
judge: they point at the places in the child's words that need a human look.

* **Personal data** (UU 27/2022 PDP: a child's data is *specific* personal
  data; PP 17/2025 "PP Tunas": privacy by default). Phone numbers, e-mail,
  NIK/KK numbers, house addresses, full names, links and social media
  accounts. An idea is never published while one is left (``Proposal.publish``
  refuses); the moderator removes them with :func:`redact` and keeps the
  child's other words exactly as written.
* **Rude words and bullying**, so that the moderator can ask the child to
  rewrite, or hide a reply.
* **Possible disclosures of abuse or danger**. A disclosure is never
  published: it goes to the Petugas Perlindungan (UPTD PPA, SAPA 129) within
  24 hours.

The trade-off, on purpose
-------------------------
False positives are acceptable: the moderator reads every idea anyway and a
wrong warning costs a few seconds. False negatives on *danger* are not: a
missed warning can mean that a child in danger is not helped. So the danger
lists are broad (the topic words "kekerasan" or "narkoba" are flagged too, even
in an idea *against* violence or drugs) and the exceptions are narrow and
concrete: the time of day ("pukul 7 pagi"), football ("tendangan bebas"),
pests ("membunuh nyamuk"), a snack ("kue cubit").

Personal data is stricter about false positives, because it blocks
publication until the moderator censors it: ordinary numbers (years, budgets
like "Rp 50.000.000", counts like "30 anak") and the place an idea is about
("Kecamatan Ledo", "Desa Sungai Duri", "perbaikan Jalan Raya Ledo") are not
personal data. A spelled-out "Jalan X" counts as a house address only next to a
house number, gang, RT/RW or a phrase like "rumah saya di"; the abbreviation
"Jl./Jln." with a name counts on its own.

Where things are
----------------
``engine.py`` reads the text (normalisation, words, matching listed words
and phrases); each detector family has its module: ``rude.py``,
``danger.py``, ``numbers.py`` (phone, NIK), ``contacts.py`` (e-mail, links,
accounts), ``addresses.py``, ``schools.py``, ``names.py`` (full names) and
``public_name.py`` (staff titles and full names in a nickname). This module
is the interface the rest of the portal calls.

Maintaining the lists
---------------------
The word lists are data: ``data/<list>.txt`` ships the defaults (one entry
per line, ``#`` comments; each file says what its list is for), and staff
add words or ignore shipped ones in the admin ("Daftar kata pemeriksaan",
``CheckWord``; docs/moderation-and-safeguarding.md). ``wordlists.py`` reads
both. Write words in lower case, in their ordinary spelling; the matching
tolerates case, accents, stretched letters, leetspeak, SMS reduplication and
hidden characters (``engine.py``), and matches whole words only: "asu" never
matches "asuransi", "tai" never "pantai".

A *phrase* is words separated by spaces; ``a|b`` means "a or b" in that
position; ``#`` means a number ("7", "07", "tujuh", "setengah"). Write
reduplication as two words ("pegang pegang" matches "pegang-pegang" and
"pegang2"). A *stem* in ``danger_stems`` also matches with the usual affixes
(di-, ter-, me-, pe-, ke-, nge-, -i, -kan, -in, -an, -nya, ...), so "pukul"
covers "dipukul", "dipukuli", "pukulan", "kena pukul"; write the nasalised form
as a stem of its own ("mukul" for "memukul", "nampar" for "menampar").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from django.utils.translation import gettext_lazy as _

from . import (
    addresses,
    contacts,
    danger,
    names,
    numbers,
    public_name,
    rude,
    schools,
    wordlists,
)
from .engine import Span, normalise, normalised, split_words, tokenize
from .findings import KIND_OF, LABELS, REDACTED, Category, Finding, Kind

__all__ = [
    "Category",
    "Finding",
    "Kind",
    "LABELS",
    "REDACTED",
    "NICKNAME_FIELD",
    "blocks_approval",
    "check_fields",
    "check_public_name",
    "check_text",
    "checked_fields",
    "has_danger",
    "has_personal_data",
    "normalise",
    "public_name_is_clean",
    "public_name_problems",
    "redact",
]

# The shipped lists (data/*.txt), as the checks read them without staff
# entries; the effective lists are ``wordlists.current()``.
_DEFAULTS = wordlists.DEFAULTS
PROFANITY_WORDS = frozenset(_DEFAULTS["profanity"])
BULLYING_WORDS = frozenset(_DEFAULTS["bullying"])
BULLYING_PHRASES = _DEFAULTS["bullying_phrases"]
DANGER_STEMS = frozenset(_DEFAULTS["danger_stems"])
DANGER_WORDS = frozenset(_DEFAULTS["danger_words"])
DANGER_PHRASES = _DEFAULTS["danger_phrases"]
DANGER_PERSONS = _DEFAULTS["danger_persons"]
DANGER_CONTEXT = _DEFAULTS["danger_context"]
NOT_PROFANITY = _DEFAULTS["not_profanity"]
NOT_DANGER = _DEFAULTS["not_danger"]
NAME_STOPWORDS = frozenset(_DEFAULTS["name_stopwords"])
COMMON_NAMES = frozenset(_DEFAULTS["common_names"])
STAFF_TITLES = _DEFAULTS["staff_titles"]

#: The name of the checked field that holds the public name of the child.
NICKNAME_FIELD = "nickname"

#: The personal-data detectors: ``spans(text, lexicon)`` gives
#: (category, start, end) in the normalised text.
_PERSONAL_DATA = (numbers, contacts, names, addresses, schools)


def _language_spans(text: str, lexicon) -> list[tuple[str, int, int]]:
    """(category, start, end) of rude words, bullying and danger."""
    tokens = tokenize(text)
    if not tokens:
        return []
    words = [((i, i + 1), token) for i, token in enumerate(tokens)]
    words += split_words(text, tokens)
    spans: list[tuple[str, Span]] = rude.spans(tokens, words, lexicon)
    spans += [(Category.DANGER, span) for span in danger.spans(tokens, words, lexicon)]
    found = [
        (category, tokens[a].start, tokens[b - 1].end) for category, (a, b) in spans
    ]
    seen = {(start, end) for _category, start, end in found}
    return found + [
        (category, start, end)
        for category, start, end in rude.masked_words(text, lexicon)
        if (start, end) not in seen
    ]


def _censored(matched: str) -> bool:
    """Nothing is left but what the moderator already censored."""
    return not re.search(r"\w", matched.replace(REDACTED, ""))


def check_text(text: str, field: str = "", *, lexicon=None) -> list[Finding]:
    """Every warning for one text, sorted by position.

    The detectors read the text normalised (:func:`normalise`); each finding
    is mapped back to the span of the original text, so that its ``text`` is
    what the child typed and :func:`redact` removes the evading characters
    (zero-width spaces, look-alike letters) with the rest. ``lexicon`` is
    the word lists to read (by default the current ones)."""
    lexicon = lexicon or wordlists.current()
    original = text or ""
    normal = normalised(original)
    text = normal.text
    raw = [
        span for detector in _PERSONAL_DATA for span in detector.spans(text, lexicon)
    ]
    raw += _language_spans(text, lexicon)
    if normal.second is not None:
        raw += _language_spans(normal.second, lexicon)
    spans = {(c, s, e) for c, s, e in raw if s < e and not _censored(text[s:e])}
    emails = [(s, e) for c, s, e in spans if c == Category.EMAIL]
    rude = {(s, e) for c, s, e in spans if KIND_OF[c] == Kind.PROFANITY}
    kept = set()
    for category, start, end in spans:
        if category == Category.LINK and (
            any(s < end and start < e for s, e in emails)  # the domain of an e-mail
            or (start, end) in rude  # "@njing" is a rude word, not an account
        ):
            continue
        if any(
            c == category and s <= start and end <= e and (s, e) != (start, end)
            for c, s, e in spans
        ):
            continue  # inside a longer finding of the same category
        kept.add((category, start, end))
    mapped = {(category, *normal.span(start, end)) for category, start, end in kept}
    return [
        Finding.at(category, field, original, start, end)
        for category, start, end in sorted(mapped, key=lambda x: (x[1], x[2], x[0]))
    ]


def check_fields(fields: dict[str, str]) -> list[Finding]:
    """Every warning for several fields (name -> text), by field then position.
    The field ``NICKNAME_FIELD`` is checked as a public name."""
    lexicon = wordlists.current()
    findings = [
        f
        for name, text in fields.items()
        for f in (check_public_name if name == NICKNAME_FIELD else check_text)(
            text, name, lexicon=lexicon
        )
    ]
    return sorted(findings, key=lambda f: (f.field, f.start, f.end, f.category))


def check_public_name(
    name: str, field: str = NICKNAME_FIELD, *, lexicon=None
) -> list[Finding]:
    """Every warning for a public name: the checks of an idea, plus staff
    titles and what looks like a full name."""
    lexicon = lexicon or wordlists.current()
    original = name or ""
    findings = check_text(original, field, lexicon=lexicon)
    normal = normalised(original)
    extra = public_name.staff_spans(normal.text, lexicon)
    if not extra:  # "Petugas Perlindungan" is a title, not a person
        extra = public_name.full_name_spans(normal.text, lexicon)
    # any school in a name is the child's own ("Bunga SDN 3")
    extra += [
        (Category.SCHOOL, *m.span()) for m in schools.SCHOOL_RE.finditer(normal.text)
    ]
    seen = {(f.category, f.start, f.end) for f in findings}
    for category, start, end in extra:
        start, end = normal.span(start, end)
        if (category, start, end) in seen:
            continue
        seen.add((category, start, end))
        findings.append(Finding.at(category, field, original, start, end))
    return sorted(findings, key=lambda f: (f.start, f.end, f.category))


_NAME_PROBLEMS = {
    Category.FULL_NAME: _(
        "Sepertinya ini nama lengkap. Pakai satu nama panggilan saja, bukan nama "
        "asli lengkap. Contoh: Bunga, Dayu, Kak Rio."
    ),
    Kind.PERSONAL_DATA: _(
        "Nama panggilan tidak boleh berisi nomor HP, alamat, sekolah, e-mail, "
        "atau akun media sosial: semua orang bisa melihat nama ini."
    ),
    Kind.PROFANITY: _(
        "Nama panggilan ini berisi kata kasar atau kata yang menyakitkan. Pilih "
        "nama lain yang baik."
    ),
    Kind.IMPERSONATION: _(
        "Nama panggilan tidak boleh memakai nama jabatan atau lembaga, seperti "
        "Petugas Perlindungan, Moderator, Admin, atau Polisi. Pilih nama "
        "panggilanmu sendiri."
    ),
    Kind.DANGER: _(
        "Nama panggilan ini tidak bisa dipakai. Pilih nama lain. Kalau kamu "
        "butuh bantuan, telepon SAPA 129."
    ),
}


def public_name_problems(name: str) -> list[str]:
    """Friendly reasons why ``name`` may not be shown; empty when it may.
    Registered with ``portal.accounts.public_name`` for the account forms."""
    reasons = []
    for finding in check_public_name(name):
        reason = str(
            _NAME_PROBLEMS.get(finding.category) or _NAME_PROBLEMS[finding.kind]
        )
        if reason not in reasons:
            reasons.append(reason)
    return reasons


def public_name_is_clean(name: str) -> bool:
    """Whether a nickname may appear on public pages (cached for each set of
    word lists: the cards of a list page ask for each idea)."""
    return _public_name_is_clean(name, wordlists.current())


@lru_cache(maxsize=4096)
def _public_name_is_clean(name: str, lexicon) -> bool:
    return bool(name and name.strip()) and not check_public_name(name, lexicon=lexicon)


def checked_fields(proposal) -> dict[str, str]:
    """What becomes public when ``proposal`` (or a revision of it, from
    ``revision.as_object()``) is approved: the child's words and the public
    name shown next to them. Every approval guard checks this."""
    fields = dict(proposal.text_content())
    if not proposal.proposer_group_id and proposal.proposer_id:
        nickname = getattr(proposal.proposer, "nickname", "")
        if getattr(proposal.proposer, "is_child", False):
            fields[NICKNAME_FIELD] = nickname or ""
    return fields


def blocks_approval(findings: Iterable[Finding]) -> bool:
    """Personal data anywhere, or anything at all in the public name: the
    moderator censors the words, or removes the name, before approving."""
    return any(
        f.kind == Kind.PERSONAL_DATA or f.field == NICKNAME_FIELD for f in findings
    )


def has_personal_data(findings: Iterable[Finding]) -> bool:
    return any(f.kind == Kind.PERSONAL_DATA for f in findings)


def has_danger(findings: Iterable[Finding]) -> bool:
    return any(f.kind == Kind.DANGER for f in findings)


def redact(text: str, findings_for_this_field, replacement: str = REDACTED) -> str:
    """Replace the spans of the given findings (all from this one text) with
    ``replacement``. Overlapping or touching spans become one replacement;
    the rest of the child's words stay exactly as written."""
    text = text or ""
    spans = sorted(
        (max(0, f.start), min(len(text), f.end)) for f in findings_for_this_field
    )
    merged: list[list[int]] = []
    for start, end in spans:
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    for start, end in reversed(merged):  # from the end: offsets stay valid
        text = text[:start] + replacement + text[end:]
    return text
