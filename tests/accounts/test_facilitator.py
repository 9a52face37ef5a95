import re

import pytest

from portal.accounts import roles
from portal.accounts.models import AccountDeletion, ConsentRecord, User, current_year
from tests.factories import make_child, make_staff

pytestmark = pytest.mark.django_db


def batch_data(desa, rows):
    data = {
        "anak-TOTAL_FORMS": "5",
        "anak-INITIAL_FORMS": "0",
        "anak-MIN_NUM_FORMS": "0",
        "anak-MAX_NUM_FORMS": "40",
    }
    for i, (nickname, age, reference) in enumerate(rows):
        data.update(
            {
                f"anak-{i}-nickname": nickname,
                f"anak-{i}-birth_year": str(current_year() - age),
                f"anak-{i}-birth_month": "1",
                f"anak-{i}-gender": "laki_laki",
                f"anak-{i}-desa": str(desa.pk),
                f"anak-{i}-consent_reference": reference,
            }
        )
    return data


def test_facilitator_creates_batch_and_gets_slips(client, facilitator, regions):
    client.force_login(facilitator)
    rows = [("Rio", 10, "SD3-001"), ("Tono", 11, "SD3-002"), ("Sari", 9, "SD3-003")]
    response = client.post("/fasilitator/akun-massal/", batch_data(regions[0], rows))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    usernames = re.findall(r'class="slip-username">([^<]+)<', html)
    passwords = re.findall(r'class="slip-password">([^<]+)<', html)
    assert len(usernames) == len(passwords) == 3
    for username, password in zip(usernames, passwords, strict=True):
        user = User.objects.get(username=username)
        assert user.check_password(password)
        assert user.must_change_password
        consent = user.active_consent
        assert consent.method == ConsentRecord.Method.PAPER
        assert consent.verified_by == facilitator
        assert user.child_profile.channel == "batch"


def test_batch_refuses_duplicate_paper_references(client, facilitator, regions):
    client.force_login(facilitator)
    rows = [("Rio", 10, "SD3-001"), ("Tono", 11, "SD3-001")]
    response = client.post("/fasilitator/akun-massal/", batch_data(regions[0], rows))
    assert "tidak boleh sama" in response.content.decode()
    assert not User.objects.filter(child_profile__isnull=False).exists()


def test_batch_child_must_change_password_before_anything_else(
    client, facilitator, regions
):
    client.force_login(facilitator)
    html = client.post(
        "/fasilitator/akun-massal/", batch_data(regions[0], [("Rio", 10, "R-1")])
    ).content.decode()
    username = re.search(r'class="slip-username">([^<]+)<', html).group(1)
    password = re.search(r'class="slip-password">([^<]+)<', html).group(1)
    client.logout()
    response = client.post("/akun/masuk/", {"login": username, "password": password})
    assert response.status_code == 302
    assert client.get("/").status_code == 302
    assert client.get("/saya/")["Location"] == "/akun/kata-sandi/"
    response = client.post(
        "/akun/kata-sandi/",
        {
            "oldpassword": password,
            "password1": "sungai-biru-88",
            "password2": "sungai-biru-88",
        },
    )
    assert response.status_code == 302
    assert not User.objects.get(username=username).must_change_password
    assert client.get("/saya/").status_code == 200


def test_children_cannot_use_facilitator_tools(child_client):
    assert child_client.get("/fasilitator/akun-massal/").status_code == 403
    assert child_client.get("/fasilitator/anak/").status_code == 403


def test_facilitator_verifies_consent_and_forum_anak(client, facilitator, regions):
    kid = make_child(nickname="Maya", forum_anak=False)
    client.force_login(facilitator)
    client.post(f"/fasilitator/anak/{kid.pk}/verifikasi/")
    assert User.objects.get(pk=kid.pk).active_consent.verified_by == facilitator
    client.post(f"/fasilitator/anak/{kid.pk}/forum-anak/", {"action": "committee"})
    kid = User.objects.get(pk=kid.pk)
    assert kid.child_profile.is_forum_anak
    assert kid.child_profile.forum_anak_committee
    assert kid.has_role(roles.FORUM_ANAK)


def test_revoking_consent_deletes_the_childs_personal_data(
    client, facilitator, regions
):
    kid = make_child(nickname="Maya")
    client.force_login(facilitator)
    page = client.get(f"/fasilitator/anak/{kid.pk}/cabut/")
    assert "tidak bisa dibatalkan" in page.content.decode()
    assert User.objects.filter(pk=kid.pk).exists()
    client.post(f"/fasilitator/anak/{kid.pk}/cabut/", {"confirm": "yes"})
    assert not User.objects.filter(pk=kid.pk).exists()
    record = ConsentRecord.objects.get()
    assert (
        record.status == "revoked" and record.child is None and not record.guardian_name
    )
    assert AccountDeletion.objects.get().reason == "consent_revoked"


def test_facilitator_resets_a_forgotten_password(client, facilitator, regions):
    kid = make_child(nickname="Maya")
    client.force_login(facilitator)
    html = client.post(f"/fasilitator/anak/{kid.pk}/kata-sandi/").content.decode()
    password = re.search(r'class="slip-password">([^<]+)<', html).group(1)
    kid = User.objects.get(pk=kid.pk)
    assert kid.check_password(password) and kid.must_change_password


def test_a_child_without_consent_can_read_but_not_take_part(regions):
    kid = make_child(consent=False)
    assert kid.active_consent is None
    assert not kid.can_take_part
    assert make_child().can_take_part


def test_staff_is_not_a_child_and_cannot_take_part(regions):
    moderator = make_staff(roles.MODERATOR)
    assert not moderator.is_child
    assert not moderator.can_take_part


def test_batch_takes_forty_children_and_keeps_every_row_on_error(
    client, facilitator, regions
):
    """Issue 12 item 7: "up to 40" is 40 in one submit; a bad row gets its
    own Indonesian error and the other 39 keep what was typed."""
    client.force_login(facilitator)
    page = client.get("/fasilitator/akun-massal/?rows=40").content.decode()
    # Its name before the glossary (docs/development.md) is redirected; so is
    # the children list's old page parameter.
    old = client.get("/fasilitator/akun-massal/?baris=40")
    assert old["Location"] == "/fasilitator/akun-massal/?rows=40"
    assert client.get("/fasilitator/anak/?halaman=2")["Location"] == (
        "/fasilitator/anak/?page=2"
    )
    assert page.count('<fieldset class="card"') == 40
    rows = [(f"Kawan{i}", 10, f"SD-{i:03}") for i in range(40)]
    data = {**batch_data(regions[0], rows), "anak-TOTAL_FORMS": "40"}
    data["anak-17-birth_year"] = "1990"
    data["anak-30-consent_reference"] = ""
    response = client.post("/fasilitator/akun-massal/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert not User.objects.filter(child_profile__isnull=False).exists()
    row_18 = html.split('id="anak-18"')[1].split("</fieldset>")[0]
    assert "di bawah 18 tahun" in row_18
    assert 'value="1990"' in row_18
    row_17 = html.split('id="anak-17"')[1].split("</fieldset>")[0]
    assert "form-errors" not in row_17
    row_31 = html.split('id="anak-31"')[1].split("</fieldset>")[0]
    assert "Tulis nomor formulir persetujuan kertas anak ini" in row_31
    assert 'value="Kawan30"' in row_31
    for i in range(40):
        assert f'value="Kawan{i}"' in html
        assert i == 30 or f'value="SD-{i:03}"' in html

    data["anak-17-birth_year"] = str(current_year() - 10)
    data["anak-30-consent_reference"] = "SD-030"
    html = client.post("/fasilitator/akun-massal/", data).content.decode()
    assert len(re.findall(r'class="slip-username"', html)) == 40


def test_batch_refuses_more_than_forty_without_rendering_them(
    client, facilitator, regions
):
    client.force_login(facilitator)
    data = {**batch_data(regions[0], [("Rio", 10, "A-1")]), "anak-TOTAL_FORMS": "41"}
    html = client.post("/fasilitator/akun-massal/", data).content.decode()
    assert "Paling banyak 40 anak sekali kirim" in html
    assert html.count('<fieldset class="card"') == 40
    assert 'value="Rio"' in html
    assert not User.objects.filter(child_profile__isnull=False).exists()


def test_batch_asks_about_disability_and_the_kla_table_counts_it(
    client, facilitator, regions
):
    from portal.evidence.metrics import NOT_STATED, compute_report

    client.force_login(facilitator)
    rows = [("Rio", 10, "A-1"), ("Tono", 11, "A-2"), ("Sari", 9, "A-3")]
    data = batch_data(regions[0], rows)
    data["anak-0-disability"] = "ya"
    data["anak-1-disability"] = "tidak"
    assert client.post("/fasilitator/akun-massal/", data).status_code == 200
    table = {
        row["key"]: row["registered"]
        for row in compute_report()["disaggregation"]["disability"]
    }
    assert (table["ya"], table["tidak"], table[NOT_STATED]) == (1, 1, 1)


def test_slips_carry_the_portal_address_and_its_qr_code(client, facilitator, regions):
    client.force_login(facilitator)
    response = client.post(
        "/fasilitator/akun-massal/", batch_data(regions[0], [("Rio", 10, "A-1")])
    )
    html = response.content.decode()
    assert "http://testserver/akun/masuk/" in html
    qr = re.search(r'<img class="slip-qr" src="([^"]+)"', html)
    # Made on the server, inline: nothing leaves the portal to draw it.
    assert qr and qr.group(1).startswith("data:image/svg+xml")
    assert "img-src 'self' data:" in response["Content-Security-Policy"]
