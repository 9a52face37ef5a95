"""Personal data: phone numbers and NIK/KK numbers. Ordinary numbers
(years, budgets like "Rp 50.000.000", counts like "30 anak") are not."""

from __future__ import annotations

import re

from .findings import Category

_DIGITS_RE = re.compile(r"\d+")
# what may stand between two groups of one number: "0812-3456", "0812 3456",
# "0812.3456", "(0562) 44", "+62 (812)", "0812/3456", "0812  3456"
_NUMBER_JOIN_RE = re.compile(r"\)?[ \t]{0,2}[.\-/_]?[ \t]{0,2}\(?")
_MONEY_BEFORE_RE = re.compile(r"(?i)(?:rp|idr)\.?[ \t]*\(?$")


def _is_money(text: str, run: list[tuple[int, int]], i: int, j: int) -> bool:
    """Thousands ("Rp 62.800.000.000", "1.500.000") are not a phone or a NIK."""
    if _MONEY_BEFORE_RE.search(text[max(0, run[i][0] - 6) : run[i][0]]):
        return True
    if j == i:
        return False
    seps = {text[run[k][1] : run[k + 1][0]] for k in range(i, j)}
    lengths = [run[k][1] - run[k][0] for k in range(i, j + 1)]
    return (
        len(seps) == 1
        and seps <= {".", ","}
        and 1 <= lengths[0] <= 3
        and all(n == 3 for n in lengths[1:])
    )


# Indonesian province codes (the first two digits of a NIK)
_PROVINCES = frozenset(
    [*range(11, 20), 21, *range(31, 37), *range(51, 54), *range(61, 66)]
    + [*range(71, 77), 81, 82, *range(91, 98)]
)
_NIK_WORD_BEFORE_RE = re.compile(
    r"(?i)\b(?:nik|kk|ktp|kia|nomor[ \t]+induk)\b(?:[ \t]+[^\W\d_]+){0,3}\W{0,6}$"
)


def _digits_of(text: str, run: list[tuple[int, int]], i: int, j: int) -> str:
    return "".join(text[a:b] for a, b in run[i : j + 1])


def _is_nik(text: str, start: int, digits: str) -> bool:
    """16 digits after "NIK"/"KK", or shaped like a NIK: a province code, then
    a birth date (day + 40 for girls) at digits 7-12. "2025 2026 2027 2028"
    is a list of years."""
    if _NIK_WORD_BEFORE_RE.search(text[max(0, start - 30) : start]):
        return True
    day, month = int(digits[6:8]), int(digits[8:10])
    return (
        int(digits[:2]) in _PROVINCES
        and (1 <= day <= 31 or 41 <= day <= 71)
        and 1 <= month <= 12
    )


_PHONE_WORD_BEFORE_RE = re.compile(
    r"(?i)(?<![^\W\d_])(?:wa|hp|telp|tlp|tel|no|nomor|nmr|sms|call|whatsapp)$"
)


def _glued_to_word(text: str, start: int) -> bool:
    """Digits glued to a word ("RT02", "andi0812") are not a number of their
    own, unless the word says what follows ("wa08123456789", "hp0812...")."""
    if start == 0 or not (text[start - 1].isalpha() or text[start - 1] == "_"):
        return False
    return not _PHONE_WORD_BEFORE_RE.search(text[max(0, start - 12) : start])


def _is_phone(digits: str, plus: bool, first_group: str) -> bool:
    if digits.startswith("62"):
        national = "0" + digits[2:]
    elif plus or not digits.startswith("0"):
        return False
    else:
        # "08-12-2026" is a date: a phone number starts "08xx", "021", "0562"
        if len(first_group) < 3:
            return False
        national = digits
    return 10 <= len(national) <= 13 and national[1] in "2345678"


def spans(text: str, lexicon=None) -> list[tuple[str, int, int]]:
    groups = [(m.start(), m.end()) for m in _DIGITS_RE.finditer(text)]
    runs: list[list[tuple[int, int]]] = []
    for group in groups:
        if runs:
            gap = text[runs[-1][-1][1] : group[0]]
            if gap and _NUMBER_JOIN_RE.fullmatch(gap):
                runs[-1].append(group)
                continue
        runs.append([group])

    found = []
    for run in runs:
        n = len(run)
        i = 0
        while i < n:
            start = run[i][0]
            if _glued_to_word(text, start):
                i += 1  # part of a word or a user name ("RT02", "andi0812")
                continue
            # NIK / KK number: 16 digits, maybe in groups ("6107 0123 4567 0001")
            total, j = 0, i
            while j < n:
                total += run[j][1] - run[j][0]
                if total >= 16:
                    break
                j += 1
            if (
                total == 16
                and j < n
                and not _is_money(text, run, i, j)
                and _is_nik(text, start, _digits_of(text, run, i, j))
            ):
                found.append((Category.NIK, start, run[j][1]))
                i = j + 1
                continue
            # phone: the longest valid number starting at this group
            plus = start > 0 and text[start - 1] == "+"
            best, digits, j = None, "", i
            while j < n:
                digits += text[run[j][0] : run[j][1]]
                if len(digits) > 14:
                    break
                if _is_phone(
                    digits, plus, text[run[i][0] : run[i][1]]
                ) and not _is_money(text, run, i, j):
                    best = j
                j += 1
            if best is None:
                i += 1
                continue
            begin, end = start, run[best][1]
            if plus:
                begin -= 1
            if begin > 0 and text[begin - 1] == "(":
                begin -= 1
            inside = text[begin:end]
            if inside.count("(") > inside.count(")") and text[end : end + 1] == ")":
                end += 1
            found.append((Category.PHONE, begin, end))
            i = best + 1
    return found
