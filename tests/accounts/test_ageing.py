"""Issue 11 item 18: age from birth year *and month* (the youngest the
child can be), self-consent only when certainly 17, and a defined end of
the child account at 18: told at once, deleted after the grace period."""

import datetime
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from portal.accounts.ageing import (
    age_on,
    members_turned_18,
    process_turned_18,
    turns_18_on,
)
from portal.accounts.models import AccountDeletion, ChildProfile, User
from portal.notifications.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db

SIGNUP = "/akun/daftar/"
GUARDIAN = "/akun/daftar/wali/"


def step_one(client, desa, year, month=None):
    data = {
        "nickname": "Dayu",
        "username": "dayu2009",
        "password1": "pelangi-sore-77",
        "password2": "pelangi-sore-77",
        "birth_year": str(year),
        "gender": "perempuan",
        "desa": desa.pk,
    }
    if month is not None:
        data["birth_month"] = str(month)
    return client.post(SIGNUP, data)


def test_age_counts_the_month_and_takes_the_youngest_possible():
    on = datetime.date(2026, 11, 28)
    assert age_on(2009, 12, on) == 16  # the finding: 2026 − 2009 said 17
    assert age_on(2009, 11, on) == 16  # birthday this month, day unknown
    assert age_on(2009, 10, on) == 17
    assert age_on(2009, None, on) == 16  # month not known: as if December
    assert turns_18_on(2008, 11) == datetime.date(2026, 12, 1)
    assert turns_18_on(2008, 12) == datetime.date(2027, 1, 1)
    assert turns_18_on(2008, None) == datetime.date(2027, 1, 1)


def test_signup_asks_the_birth_month(client, regions):
    year = timezone.localdate().year - 12
    response = step_one(client, regions.first(), year)
    assert response.status_code == 200
    assert "Pilih bulan lahirmu" in response.content.decode()


def test_a_child_not_yet_17_by_month_cannot_consent_alone(client, regions):
    """Born in the month after this one, 17 years ago: still 16."""
    today = timezone.localdate()
    year, month = today.year - 17, today.month + 1
    if month == 13:
        year, month = year + 1, 1
    step_one(client, regions.first(), year, month)
    page = client.get(GUARDIAN)
    assert "child_age" in page.context and page.context["child_age"] == 16
    assert "Saya sendiri (17 tahun)" not in page.content.decode()
    response = client.post(GUARDIAN, {"method": "self", "agree": "on"})
    assert not User.objects.filter(username="dayu2009").exists()
    assert response.status_code == 200


def test_a_child_17_by_month_may_consent_alone(client, regions):
    today = timezone.localdate()
    year, month = today.year - 17, today.month - 1
    if month == 0:
        year, month = year - 1, 12
    step_one(client, regions.first(), year, month)
    response = client.post(GUARDIAN, {"method": "self", "agree": "on"})
    assert response.status_code == 302
    profile = User.objects.get(username="dayu2009").child_profile
    assert (profile.birth_year, profile.birth_month) == (year, month)
    assert profile.age == 17


def test_an_adult_by_month_cannot_sign_up(client, regions):
    today = timezone.localdate()
    year, month = today.year - 18, today.month - 1
    if month == 0:
        year, month = year - 1, 12
    response = step_one(client, regions.first(), year, month)
    assert response.status_code == 200
    assert "di bawah 18 tahun" in response.content.decode()


def test_an_account_without_month_counts_as_the_youngest(regions):
    kid = factories.make_child(age=17)
    ChildProfile.objects.filter(user=kid).update(birth_month=None)
    profile = ChildProfile.objects.get(user=kid)
    today = timezone.localdate()
    assert profile.age == today.year - profile.birth_year - 1


def member_born(year, month, regions):
    kid = factories.make_child()
    ChildProfile.objects.filter(user=kid).update(birth_year=year, birth_month=month)
    return kid


def test_members_who_turned_18_are_found_by_month(regions):
    dec = member_born(2008, 12, regions)
    oct_ = member_born(2008, 10, regions)
    nomonth = member_born(2008, None, regions)
    today = datetime.date(2026, 11, 28)
    assert set(members_turned_18(today).values_list("user_id", flat=True)) == {oct_.pk}
    jan = datetime.date(2027, 1, 1)
    assert set(members_turned_18(jan).values_list("user_id", flat=True)) == {
        oct_.pk,
        dec.pk,
        nomonth.pk,
    }


def test_turning_18_tells_then_deletes_after_the_grace_period(client, regions):
    """The clock moves: the month after the 18th birthday the member is told
    and can no longer take part; 30 days later the account is deleted."""
    kid = member_born(2008, 10, regions)
    staying = member_born(2009, 1, regions)
    told_at = timezone.make_aware(datetime.datetime(2026, 11, 2, 6, 0))
    assert process_turned_18(told_at) == (1, 0)
    kid = User.objects.get(pk=kid.pk)
    assert kid.child_profile.aged_out and not kid.can_take_part
    notice = Notification.objects.get(user=kid)
    assert "18 tahun" in notice.title and "Unduh datamu" in notice.body
    client.force_login(kid)
    assert "Unduh semua dataku" in client.get("/saya/").content.decode()
    assert client.get("/saya/data.json").status_code == 200
    # Running again the next day tells nobody twice and deletes nothing.
    assert process_turned_18(told_at + timedelta(days=1)) == (0, 0)
    assert process_turned_18(told_at + timedelta(days=29)) == (0, 0)
    assert process_turned_18(told_at + timedelta(days=30, minutes=1)) == (0, 1)
    assert not User.objects.filter(pk=kid.pk).exists()
    assert AccountDeletion.objects.get().reason == "aged_out"
    assert User.objects.get(pk=staying.pk).can_take_part


def test_the_daily_retention_command_runs_it(regions):
    kid = member_born(2000, 1, regions)
    call_command("apply_retention")
    assert ChildProfile.objects.get(user=kid).aged_out
