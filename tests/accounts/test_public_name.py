"""Issue 11 item 6 (nicknames checked) and item 8 (stored text and user
names): the public name passes the same checks as an idea wherever it is
set or changed, with a friendly Indonesian error and nothing else the child
typed lost."""

import pytest

from portal.accounts.models import User
from tests.accounts.test_facilitator import batch_data
from tests.accounts.test_signup import step_one

pytestmark = pytest.mark.django_db

BAD_NICKNAMES = {
    "Budi Santoso 081234567890": "nomor hp",
    "Budi Santoso": "nama lengkap",
    "anjing goblok": "kata kasar",
    "4nj1ng": "kata kasar",
    "Petugas Perlindungan": "nama jabatan",
    "Moderator": "nama jabatan",
    "Admin": "nama jabatan",
    "AdminBunga": "nama jabatan",
    "Bappeda": "nama jabatan",
    "Fasilitator": "nama jabatan",
    "Dinsos": "nama jabatan",
    "Polisi": "nama jabatan",
    "M\u043ederat\u043er": "nama jabatan",  # Cyrillic о
    "Bunga SDN 3 Ledo": "sekolah",
    "bunga@gmail.com": "e-mail",
}


@pytest.mark.parametrize(("nickname", "reason"), BAD_NICKNAMES.items())
def test_signup_refuses_a_nickname_that_may_not_be_public(
    client, regions, nickname, reason
):
    response = step_one(client, regions.first(), nickname=nickname)
    assert response.status_code == 200  # the form again, nothing created
    html = response.content.decode()
    assert reason in html.lower()
    assert "pending_child_signup" not in client.session
    # nothing else the child typed is lost
    assert 'value="dayu2014"' in html
    assert f'value="{regions.first().pk}" selected' in html


@pytest.mark.parametrize("nickname", ["Dayu", "Kak Rio", "Bunga", "Si Melati", "Tari"])
def test_signup_accepts_ordinary_nicknames(client, regions, nickname):
    response = step_one(client, regions.first(), nickname=nickname)
    assert response.status_code == 302
    assert client.session["pending_child_signup"]["nickname"] == nickname


def test_signup_stores_the_nickname_without_invisible_characters(client, regions):
    response = step_one(client, regions.first(), nickname="Da\u200byu\u202e")
    assert response.status_code == 302
    assert client.session["pending_child_signup"]["nickname"] == "Dayu"


@pytest.mark.parametrize(
    "username",
    [
        "bung\u04302013",  # Cyrillic а
        "\u0430ni2013",  # Cyrillic а first
        "b\u03bfnga",  # Greek ο
        "\u0431\u0443\u043d\u0433\u0430",  # all Cyrillic
    ],
)
def test_signup_refuses_user_names_with_look_alike_letters(client, regions, username):
    response = step_one(client, regions.first(), username=username)
    assert response.status_code == 200
    html = response.content.decode()
    assert "huruf dari abjad lain" in html
    assert 'value="Dayu"' in html  # the nickname stays
    assert not User.objects.filter(username=username).exists()


def test_batch_accounts_refuse_a_bad_nickname(client, facilitator, regions):
    client.force_login(facilitator)
    rows = [("Rio", 10, "SD3-001"), ("Petugas Perlindungan", 11, "SD3-002")]
    response = client.post("/fasilitator/akun-massal/", batch_data(regions[0], rows))
    assert response.status_code == 200
    html = response.content.decode()
    assert "nama jabatan" in html.lower()
    assert 'value="Rio"' in html
    assert not User.objects.filter(child_profile__isnull=False).exists()


def test_child_changes_nickname_with_the_same_checks(child_client, child):
    assert "/saya/nama/" in child_client.get("/saya/").content.decode()
    response = child_client.post("/saya/nama/", {"nickname": "Moderator"})
    assert response.status_code == 200
    assert "nama jabatan" in response.content.decode().lower()
    child.refresh_from_db()
    assert child.nickname == "Bunga"

    response = child_client.post("/saya/nama/", {"nickname": "Mawar\u200b"})
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.nickname == "Mawar"


def test_staff_cannot_use_the_childs_nickname_page(client, facilitator):
    client.force_login(facilitator)
    assert client.post("/saya/nama/", {"nickname": "Mawar"}).status_code == 302
    facilitator.refresh_from_db()
    assert facilitator.nickname != "Mawar"
