"""The rule for a child's public name (nickname), with the checks other apps
add, so that accounts does not import them (issue 11 item 6).

The nickname is the only name shown next to a child's idea. It must not
carry personal data (phone, address, school, full name), rude words, or the
title of a staff role ("Petugas Perlindungan", "Moderator"): a child who
trusts such a name may tell it what they would tell an officer. The checks
themselves live in ``proposals/checks.py`` (one set of word lists for ideas
and names), registered here by ``ProposalsConfig.ready()``.

A checker is ``checker(name) -> list[str]``: friendly Indonesian reasons, an
empty list when the name may be shown.
"""

from django.core.exceptions import ValidationError

from portal.core.text import strip_invisible

_checkers = []


def register(checker):
    _checkers.append(checker)
    return checker


def problems(name):
    """Every reason, once each, why ``name`` may not be a public name."""
    reasons = []
    for checker in _checkers:
        for reason in checker(strip_invisible(name or "")):
            if reason not in reasons:
                reasons.append(reason)
    return reasons


def validate_public_name(name):
    """Form validator for every place a nickname is set or changed."""
    reasons = problems(name)
    if reasons:
        raise ValidationError(reasons, code="public_name")
