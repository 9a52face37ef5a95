import json

import pytest

from portal.accounts.models import AccountDeletion, ConsentRecord, User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_my_page_shows_profile_and_what_others_see(child_client, child):
    html = child_client.get("/saya/").content.decode()
    assert "Bunga" in html
    assert "Lesabela" in html
    assert "Orang lain hanya melihat" in html
    assert "6–12" in html


def test_my_page_needs_sign_in(client):
    response = client.get("/saya/")
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/masuk/")


def test_child_downloads_their_data_as_json(child_client, child):
    response = child_client.get("/saya/data.json")
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["akun"]["username"] == "bunga2013"
    assert data["profil"]["desa"] == "Lesabela"
    assert data["persetujuan"][0]["nama_orang_tua_wali"].startswith("Ibu Wali Uji")


def test_deletion_needs_the_password(child_client, child):
    response = child_client.post("/saya/hapus/", {"password": "salah"})
    assert response.status_code == 200
    assert "Kata sandi salah" in response.content.decode()
    assert User.objects.filter(pk=child.pk).exists()


def test_deletion_removes_personal_data_and_keeps_anonymous_proof(child_client, child):
    consent_pk = child.active_consent.pk
    response = child_client.post("/saya/hapus/", {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=child.pk).exists()
    consent = ConsentRecord.objects.get(pk=consent_pk)
    assert consent.child is None
    assert consent.guardian_name == ""
    assert consent.status == ConsentRecord.Status.REVOKED
    log = AccountDeletion.objects.get()
    assert log.kecamatan.name == "Ledo"
    assert log.reason == "self"
    # signed out: /saya/ asks to sign in again
    assert child_client.get("/saya/").status_code == 302
