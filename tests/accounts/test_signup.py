import pytest
from django.urls import reverse
from django.utils.timezone import localdate

from portal.accounts.ageing import birth_for_age
from portal.accounts.models import ConsentRecord, User, current_year

pytestmark = pytest.mark.django_db

SIGNUP = "/akun/daftar/"
GUARDIAN = "/akun/daftar/wali/"


def step_one(client, desa, **overrides):
    data = {
        "nickname": "Dayu",
        "username": "dayu2014",
        "password1": "pelangi-sore-77",
        "password2": "pelangi-sore-77",
        "birth_year": current_year() - 12,
        "birth_month": 1,
        "gender": "perempuan",
        "desa": desa.pk,
        "disability": "tidak",
        "forum_anak": "on",
    }
    data.update(overrides)
    return client.post(SIGNUP, data)


def test_signup_asks_only_for_what_the_issue_lists(client, regions):
    response = client.get(SIGNUP)
    form = response.context["form"]
    assert set(form.fields) == {
        "nickname",
        "username",
        "password1",
        "password2",
        "birth_year",
        "birth_month",
        "gender",
        "desa",
        "disability",
        "forum_anak",
    }
    html = response.content.decode()
    assert "jangan nama lengkap" in html.lower()
    # desa are grouped by kecamatan, so they can be chosen within it
    assert '<optgroup label="Ledo">' in html


def test_step_one_creates_nothing_until_the_guardian_consents(client, regions):
    response = step_one(client, regions.first())
    assert response.status_code == 302
    assert response["Location"] == GUARDIAN
    assert not User.objects.filter(username="dayu2014").exists()
    page = client.get(GUARDIAN)
    assert "orang tua" in page.content.decode().lower()
    assert "checked" not in page.content.decode().split('name="agree"')[1].split(">")[0]


def test_guardian_step_requires_the_unticked_checkbox(client, regions):
    step_one(client, regions.first())
    response = client.post(
        GUARDIAN, {"guardian_name": "Ibu Maria", "guardian_relationship": "mother"}
    )
    assert response.status_code == 200
    assert "Centang kotak persetujuan" in response.content.decode()
    assert not User.objects.filter(username="dayu2014").exists()


def test_full_signup_records_consent_and_signs_in(client, regions):
    step_one(client, regions.first())
    response = client.post(
        GUARDIAN,
        {
            "guardian_name": "Ibu Maria",
            "guardian_relationship": "mother",
            "agree": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    user = User.objects.get(username="dayu2014")
    assert user.check_password("pelangi-sore-77")
    assert user.nickname == "Dayu"
    profile = user.child_profile
    assert profile.birth_year == current_year() - 12
    assert profile.gender == "perempuan"
    assert profile.forum_anak_claimed is True
    assert profile.is_forum_anak is False  # claimed, not verified
    consent = user.consents.get()
    assert consent.method == ConsentRecord.Method.DEVICE
    assert consent.status == ConsentRecord.Status.ACTIVE
    assert consent.guardian_name == "Ibu Maria"
    assert consent.notice_version
    assert user.can_take_part
    assert client.get(reverse("accounts:my_page")).status_code == 200


def test_an_adult_gets_a_friendly_explanation_and_no_account(client, regions):
    year, month = birth_for_age(18, localdate())
    response = step_one(client, regions.first(), birth_year=year, birth_month=month)
    assert response.status_code == 200
    assert "khusus untuk anak" in response.content.decode()
    assert client.get(GUARDIAN).status_code == 302
    assert not User.objects.exists()


def test_a_child_under_six_cannot_sign_up_alone(client, regions):
    response = step_one(client, regions.first(), birth_year=current_year() - 4)
    assert response.status_code == 200
    assert "di bawah 6 tahun" in response.content.decode()


def test_seventeen_year_old_may_consent_with_parent_informed(client, regions):
    year, month = birth_for_age(17, localdate())
    step_one(client, regions.first(), birth_year=year, birth_month=month)
    page = client.get(GUARDIAN).content.decode()
    assert "17 tahun" in page
    client.post(GUARDIAN, {"method": "self", "agree": "on"})
    consent = User.objects.get(username="dayu2014").consents.get()
    assert consent.method == ConsentRecord.Method.SELF


def test_younger_child_cannot_choose_self_consent(client, regions):
    step_one(client, regions.first(), birth_year=current_year() - 12)
    response = client.post(GUARDIAN, {"method": "self", "agree": "on"})
    # the method field does not exist for a 12-year-old: a guardian is required
    assert response.status_code == 200
    assert not User.objects.filter(username="dayu2014").exists()


def test_guardian_step_without_step_one_goes_back(client, regions):
    response = client.get(GUARDIAN)
    assert response.status_code == 302
    assert response["Location"] == SIGNUP


def test_errors_are_friendly_indonesian_and_keep_what_was_typed(client, regions):
    response = step_one(client, regions.first(), gender="", birth_year="dua ribu")
    html = response.content.decode()
    assert "Tulis tahun lahir dengan angka" in html
    assert "Pilih salah satu" in html
    assert 'value="Dayu"' in html
