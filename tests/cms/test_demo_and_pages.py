import pytest
from django.core.management import call_command

from portal.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("seed_demo", verbosity=0)


def test_seed_demo_creates_pages_and_every_demo_account(client, demo):
    for path in [
        "/",
        "/cara-ikut/",
        "/tentang/",
        "/privasi-anak/",
        "/privasi-orang-tua/",
    ]:
        assert client.get(path).status_code == 200, path
    names = set(User.objects.values_list("username", flat=True))
    expected = {f"anak{i}" for i in range(1, 51)} | {
        f"forumanak{i}" for i in range(1, 6)
    }
    expected |= {"fasilitator", "moderator", "perlindungan", "bappeda", "opd", "admin"}
    assert expected <= names
    assert all(User.objects.get(username=f"anak{i}").can_take_part for i in (1, 25, 50))
    forum = User.objects.get(username="forumanak3").child_profile
    assert forum.is_forum_anak and forum.forum_anak_committee


def test_seed_demo_is_idempotent(demo):
    before = User.objects.count()
    call_command("seed_demo", verbosity=0)
    assert User.objects.count() == before


def test_demo_password_signs_in(client, demo):
    response = client.post(
        "/akun/masuk/", {"login": "anak7", "password": "anakhebat2026"}
    )
    assert response.status_code == 302
    assert client.get("/saya/").status_code == 200


def test_home_explains_how_to_take_part(client, demo):
    html = client.get("/").content.decode()
    assert '<html lang="id">' in html
    assert "Daftar" in html and "Cara Ikut" in html
    assert "SAPA" in html and "129" in html


def test_public_pages_show_no_child_username_or_guardian(client, demo):
    from portal.accounts.models import ConsentRecord

    guardians = set(ConsentRecord.objects.values_list("guardian_name", flat=True))
    children = User.objects.filter(child_profile__isnull=False)
    usernames = {f">{u}<" for u in children.values_list("username", flat=True)}
    for path in ["/", "/cara-ikut/", "/tentang/", "/privasi-anak/"]:
        html = client.get(path).content.decode()
        assert not any(name in html for name in guardians), path
        assert not any(name in html for name in usernames), path
