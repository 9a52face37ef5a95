"""The rule for a child's public name (nickname), with the checks other apps
add, so that accounts does not import them (issue 11 item 6).

The nickname is the only name shown next to a child's idea. It must not
carry personal data (phone, address, school, full name), rude words, or the
title of a staff role ("Petugas Perlindungan", "Moderator"): a child who
trusts such a name may tell it what they would tell an officer. The checks
themselves live in ``proposals/checks/`` (one set of word lists for ideas
and names), registered here by ``ProposalsConfig.ready()``.

A changed name is shown only once a moderator approved it (``approve``,
``pending_names``; ``User.approved_nickname`` is what public pages show).

A checker is ``checker(name) -> list[str]``: friendly Indonesian reasons, an
empty list when the name may be shown.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_noop

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


# --- approval -----------------------------------------------------------------
# A public name is shown only once a moderator approved it: with the first idea
# of the child (the checks panel shows it; approving the idea approves the
# name), or, for a name changed later, under "Nama panggilan baru"
# (``proposals_admin:names``). Until then public pages show the name approved
# before, or the neutral "Anak dari Kecamatan X".


def is_pending(user):
    """Whether the child's nickname waits for a moderator's approval."""
    return bool(user.nickname) and user.nickname != user.approved_nickname


def pending_names():
    """Children whose changed public name waits, oldest account first. Only
    children with an idea that was public need a decision here: any other
    name is approved with the child's first idea."""
    from django.db.models import F

    from .models import User

    return (
        User.objects.filter(child_profile__isnull=False, is_active=True)
        .exclude(nickname="")
        .exclude(nickname=F("approved_nickname"))
        .filter(proposals__first_published_at__isnull=False)
        .distinct()
        .order_by("pk")
    )


def approve(user):
    """The moderator approves the child's current nickname (if it passes the
    checks; a failing one is never approved)."""
    if user.nickname == user.approved_nickname or problems(user.nickname):
        return False
    user.approved_nickname = user.nickname
    user.save(update_fields=["approved_nickname"])
    return True


@transaction.atomic
def refuse(user):
    """The moderator refuses the changed nickname: the approved one (or
    none) is the child's name again, and the child is told to pick another
    (one action: the name and the notification together)."""
    from portal.notifications.models import Message, Notification, notify

    if not is_pending(user):
        return False
    user.nickname = user.approved_nickname
    user.save(update_fields=["nickname"])
    notify(
        [user],
        kind=Notification.Kind.MODERATION,
        title=Message(gettext_noop("Pilih nama panggilan lain")),
        body=Message(
            gettext_noop(
                "Nama panggilan barumu tidak disetujui moderator, jadi nama "
                "lamamu tetap dipakai. Kamu bisa memilih nama lain di halaman "
                "Saya."
            )
        ),
        url="/saya/nama/",
    )
    return True
