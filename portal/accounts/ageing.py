"""A child's age from birth year and month, and what happens at 18.

Only the year and month of birth are asked (never the day), so an age is
known to within a month. Every decision takes the *youngest* age the child
can be: the birthday counts from the first day of the month after the
birth month, and an account made before the month was asked (month null)
counts as born in December. So a child self-consents only when certainly
17, and a child account ends only when its member is certainly 18.

At 18 (issue 11 item 18, PP 17/2025: a child is anyone under 18) the
member is told, in the portal, that the child account ends; they keep
read access and the data download for ``ADULT_GRACE_DAYS`` days; then the
account is deleted like any other (``delete_child_account``, reason
"aged_out"). ``process_turned_18`` does both steps; the daily command
``end_child_accounts`` runs it, and the retention command may call it too.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

ADULT_AGE = 18


def age_on(birth_year, birth_month, on):
    """The youngest age a child born in ``birth_year``/``birth_month`` can
    be on the date ``on`` (``birth_month`` None: as if born in December)."""
    month = birth_month or 12
    age = on.year - birth_year
    if on.month <= month:
        age -= 1
    return age


def birth_for_age(age, on):
    """A (year, month) of birth whose youngest possible age on ``on`` is
    exactly ``age``: the month before ``on``'s (for tests and demo data)."""
    if on.month == 1:
        return on.year - age - 1, 12
    return on.year - age, on.month - 1


def turns_18_on(birth_year, birth_month):
    """The first day on which the member is certainly 18."""
    month = birth_month or 12
    if month == 12:
        return datetime.date(birth_year + ADULT_AGE + 1, 1, 1)
    return datetime.date(birth_year + ADULT_AGE, month + 1, 1)


def members_turned_18(today):
    """Child profiles whose member is certainly 18 or older on ``today``."""
    from .models import ChildProfile

    year = today.year - ADULT_AGE
    return ChildProfile.objects.filter(
        Q(birth_year__lt=year) | Q(birth_year=year, birth_month__lt=today.month)
    )


def grace_period():
    return datetime.timedelta(days=settings.ADULT_GRACE_DAYS)


@transaction.atomic
def tell_turned_18(profile, now):
    """The member is 18: the child account ends. They are told at once, and
    can still read and download their data until the grace period ends."""
    from portal.notifications.models import Message, Notification, notify

    profile.adult_notified_at = now
    profile.save(update_fields=["adult_notified_at"])
    deadline = timezone.localdate(now + grace_period())
    sent = notify(
        [profile.user],
        kind=Notification.Kind.INFO,
        title=Message(
            gettext_noop("Selamat, kamu sudah 18 tahun! Akun anakmu akan berakhir.")
        ),
        body=Message(
            gettext_noop(
                "Portal ini khusus untuk anak. Kamu tidak bisa lagi mengirim atau "
                "mendukung ide. Unduh datamu di Halaman Saya sebelum %(date)s; "
                "setelah itu akunmu dan data pribadimu dihapus. Ide yang sudah "
                "tampil tetap ada tanpa namamu. Terima kasih sudah ikut!"
            ),
            date=deadline.strftime("%d-%m-%Y"),
        ),
        url="/saya/",
    )
    # Dated by the caller's clock, so that a rehearsal of the retention
    # schedule with a moved clock does not expire the message it just sent.
    Notification.objects.filter(pk__in=[n.pk for n in sent]).update(created_at=now)


def process_turned_18(now=None):
    """The daily step: tell members who turned 18, and delete the accounts
    of those told more than the grace period ago. Returns (told, deleted)."""
    from .actions import delete_child_account
    from .models import AccountDeletion, ChildProfile

    now = now or timezone.now()
    today = timezone.localdate(now)
    told = 0
    for profile in (
        members_turned_18(today)
        .filter(adult_notified_at__isnull=True)
        .select_related("user")
    ):
        tell_turned_18(profile, now)
        told += 1
    deleted = 0
    for profile in ChildProfile.objects.filter(
        adult_notified_at__lte=now - grace_period()
    ).select_related("user", "desa__kecamatan"):
        delete_child_account(profile.user, reason=AccountDeletion.Reason.AGED_OUT)
        deleted += 1
    return told, deleted
