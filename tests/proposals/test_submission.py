"""Sending an idea through /usulan/baru/: friendly errors, consent, the daily
limit, facilitators entering a Forum Anak's idea, and photos that keep no
location and stay private until the idea is approved."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from portal.accounts import roles
from proposals import actions
from proposals.models import Proposal
from tests.factories import (
    make_child,
    make_cycle,
    make_group,
    make_staff,
    moderator_approves,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("moderation_setup", "private_media"),
]

TITLE = "Lapangan voli untuk anak-anak"
PROBLEM = "Kami tidak punya tempat berolahraga setelah pulang sekolah."
DESCRIPTION = "Buat lapangan voli sederhana di samping balai desa Lesabela."


def idea_form(desa, **overrides):
    data = {
        "title": TITLE,
        "problem": PROBLEM,
        "description": DESCRIPTION,
        "place": f"d{desa.pk}",
        "cluster": "klaster_4",
    }
    data.update(overrides)
    return data


def gps_jpeg():
    """A phone photo with the position of the child's home in its EXIF."""
    horizontal = Image.linear_gradient("L").rotate(90).resize((1200, 900))
    vertical = Image.linear_gradient("L").resize((1200, 900))
    img = Image.merge("RGB", (horizontal, vertical, Image.new("L", (1200, 900), 90)))
    exif = Image.Exif()
    exif[0x010F] = "PonselMurah"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (0.0, 54.0, 36.0)
    gps[3] = "E"
    gps[4] = (109.0, 28.0, 48.0)
    gps[27] = b"ASCII\x00\x00\x00GPS"  # GPSProcessingMethod
    out = io.BytesIO()
    img.save(out, format="JPEG", exif=exif)
    data = out.getvalue()
    assert b"Exif" in data and b"GPS" in data
    return data


@pytest.fixture
def desa(regions):
    return regions.get(name="Lesabela")


# --- the form --------------------------------------------------------------


def test_an_empty_form_explains_each_field_in_indonesian(child_client, cycle):
    # What a phone sends when "Kirim idemu" is pressed on an untouched form.
    empty = {"title": "", "problem": "", "description": "", "place": ""}
    response = child_client.post("/usulan/baru/", empty)
    assert response.status_code == 200
    html = response.content.decode()
    for message in [
        "Tulis judul idemu.",
        "Ceritakan masalahnya.",
        "Tulis idemu.",
        "Pilih tempat untuk idemu.",
        "Pilih salah satu yang paling cocok.",
    ]:
        assert message in html
    assert not Proposal.objects.exists()


def test_a_too_short_title_is_explained(child_client, cycle, desa):
    html = child_client.post(
        "/usulan/baru/", idea_form(desa, title="Ayo")
    ).content.decode()
    assert "Judulnya terlalu pendek" in html
    assert not Proposal.objects.exists()


def test_a_text_file_named_like_a_photo_is_refused_and_words_are_kept(
    child_client, cycle, desa
):
    fake = SimpleUploadedFile(
        "foto.jpg", b"ini bukan gambar, cuma tulisan", content_type="image/jpeg"
    )
    response = child_client.post("/usulan/baru/", idea_form(desa, photo=fake))
    assert response.status_code == 200
    html = response.content.decode()
    assert "bukan foto" in html
    # What the child typed is still there, ready to send again.
    assert f'value="{TITLE}"' in html
    assert PROBLEM in html and DESCRIPTION in html
    assert f'value="d{desa.pk}" selected' in html
    assert not Proposal.objects.exists()


def test_a_place_that_does_not_exist_is_refused(child_client, cycle):
    response = child_client.post(
        "/usulan/baru/",
        {
            "title": TITLE,
            "problem": PROBLEM,
            "description": DESCRIPTION,
            "place": "d999999",
            "cluster": "klaster_4",
        },
    )
    assert response.status_code == 200
    assert TITLE in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_child_without_consent_cannot_send_ideas(client, regions, cycle, desa):
    kid = make_child(nickname="Tono", consent=False)
    client.force_login(kid)
    page = client.get("/usulan/baru/")
    assert page.status_code == 403
    assert "belum bisa mengirim ide" in page.content.decode()
    response = client.post("/usulan/baru/", idea_form(desa))
    assert response.status_code == 403
    assert not Proposal.objects.exists()


def test_signing_in_is_needed_to_send_an_idea(anon, cycle, desa):
    response = anon.post("/usulan/baru/", idea_form(desa))
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/masuk/")
    assert not Proposal.objects.exists()


def test_no_idea_is_sent_while_the_cycle_is_closed(
    child_client, moderation_setup, desa
):
    closed = make_cycle(year=2020)
    assert not closed.is_open
    html = child_client.post("/usulan/baru/", idea_form(desa)).content.decode()
    assert "sedang ditutup" in html
    assert not Proposal.objects.exists()


# --- the daily limit -------------------------------------------------------


def test_the_sixth_idea_in_24_hours_is_refused(child_client, child, cycle, desa):
    for n in range(actions.DAILY_SUBMISSION_LIMIT):
        response = child_client.post(
            "/usulan/baru/", idea_form(desa, title=f"{TITLE} nomor {n + 1}")
        )
        assert response.status_code == 302
    response = child_client.post(
        "/usulan/baru/", idea_form(desa, title=f"{TITLE} nomor 6")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "5 ide" in html and "besok" in html
    assert Proposal.objects.filter(proposer=child).count() == 5
    assert not Proposal.objects.filter(title=f"{TITLE} nomor 6").exists()


def test_the_limit_counts_only_the_last_24_hours(child_client, child, cycle, desa):
    for n in range(actions.DAILY_SUBMISSION_LIMIT):
        child_client.post("/usulan/baru/", idea_form(desa, title=f"{TITLE} {n}"))
    Proposal.objects.update(created_at=timezone.now() - timedelta(hours=25))
    response = child_client.post("/usulan/baru/", idea_form(desa, title="Ide baru"))
    assert response.status_code == 302
    assert Proposal.objects.filter(title="Ide baru").exists()


def test_the_limit_is_per_account_not_per_shared_phone(client, regions, cycle, desa):
    """Two children share one phone (one IP address): each has their own limit."""
    siti, rudi = make_child(nickname="Siti"), make_child(nickname="Rudi")
    client.force_login(siti)
    for n in range(actions.DAILY_SUBMISSION_LIMIT):
        response = client.post(
            "/usulan/baru/",
            idea_form(desa, title=f"Ide Siti {n}"),
            REMOTE_ADDR="10.1.2.3",
        )
        assert response.status_code == 302
    client.force_login(rudi)
    response = client.post(
        "/usulan/baru/", idea_form(desa, title="Ide Rudi"), REMOTE_ADDR="10.1.2.3"
    )
    assert response.status_code == 302
    assert Proposal.objects.get(title="Ide Rudi").proposer == rudi
    assert Proposal.objects.filter(proposer=siti).count() == 5


# --- facilitators ------------------------------------------------------------


def test_a_facilitator_enters_an_offline_forum_anak_idea(
    client, facilitator, cycle, desa, moderator, anon
):
    group = make_group(desa.kecamatan, name="Forum Anak Kecamatan Ledo")
    client.force_login(facilitator)
    form_page = client.get("/usulan/baru/").content.decode()
    assert "Forum Anak yang mengusulkan" in form_page
    response = client.post(
        "/usulan/baru/",
        idea_form(desa, group=group.pk, offline_children_count=25),
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.proposer_group == group
    assert proposal.proposer is None
    assert proposal.channel == Proposal.Channel.OFFLINE
    assert proposal.offline_children_count == 25
    assert proposal.entered_by == facilitator
    assert not proposal.live

    moderator_approves(proposal, moderator)
    html = anon.get(f"/usulan/{proposal.pk}/").content.decode()
    assert "Dari Forum Anak Kecamatan Ledo" in html
    assert facilitator.username not in html


def test_the_paper_idea_form_speaks_to_the_facilitator(
    client, child, facilitator, cycle, desa
):
    """Issue 12 item 7: the facilitator copies children's paper ideas; the
    form does not say "idemu" to the facilitator (the child's form does)."""
    group = make_group(desa.kecamatan)
    client.force_login(facilitator)
    page = client.get("/usulan/baru/").content.decode()
    html = client.post(
        "/usulan/baru/", idea_form(desa, group=group.pk, description="Pendek")
    ).content.decode()
    for text in (page, html):
        assert "Apa ide anak-anak untuk memperbaikinya?" in text
        assert "Kirim ide Forum Anak" in text
        for to_a_child in ("idemu", "Ceritakan", "kamu lihat", "HP-mu"):
            assert to_a_child not in text.split("<main")[1], to_a_child
    assert "Tulis ide anak-anak sedikit lebih lengkap" in html
    client.force_login(child)
    assert (
        "Apa idemu untuk memperbaikinya?"
        in client.get("/usulan/baru/").content.decode()
    )


def test_a_facilitator_must_name_the_forum_anak(client, facilitator, cycle, desa):
    client.force_login(facilitator)
    html = client.post("/usulan/baru/", idea_form(desa)).content.decode()
    assert "Pilih Forum Anak yang mengusulkan." in html
    assert not Proposal.objects.exists()


def test_other_staff_cannot_send_ideas(client, cycle, desa):
    client.force_login(make_staff(roles.BAPPEDA))
    assert client.post("/usulan/baru/", idea_form(desa)).status_code == 403
    assert not Proposal.objects.exists()


# --- photos ------------------------------------------------------------------


def read(field):
    with field.open("rb") as f:
        return f.read()


def streamed(response):
    if not response.streaming:
        return response.content
    try:
        return b"".join(response.streaming_content)
    finally:
        response.close()


def test_a_photo_keeps_no_location_and_stays_private_until_approved(
    child_client, cycle, desa, moderator, anon
):
    photo = SimpleUploadedFile("IMG_20240817.jpg", gps_jpeg(), "image/jpeg")
    response = child_client.post("/usulan/baru/", idea_form(desa, photo=photo))
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.photo and proposal.photo_480 and proposal.photo_960
    for field in (proposal.photo, proposal.photo_480, proposal.photo_960):
        data = read(field)
        assert data[:3] == b"\xff\xd8\xff"
        assert b"GPS" not in data and b"Exif" not in data
        assert b"PonselMurah" not in data
    assert "IMG_20240817" not in proposal.photo.name
    with Image.open(io.BytesIO(read(proposal.photo_480))) as img:
        assert img.width == 480

    url = f"/usulan/{proposal.pk}/foto/480/"
    assert anon.get(url).status_code == 404
    own = child_client.get(url)
    assert own.status_code == 200
    assert own["Content-Type"] == "image/jpeg"
    assert "no-store" in own["Cache-Control"]
    assert streamed(own) == read(proposal.photo_480)
    other = make_child(nickname="Dodi")
    other_client = Client()
    other_client.force_login(other)
    assert other_client.get(url).status_code == 404

    moderator_approves(proposal, moderator)
    public = anon.get(url)
    assert public.status_code == 200
    assert b"GPS" not in streamed(public)
    detail = anon.get(f"/usulan/{proposal.pk}/").content.decode()
    assert url in detail


def test_the_photo_is_not_public_after_reports_hide_the_idea(
    child_client, cycle, desa, moderator, anon, regions
):
    photo = SimpleUploadedFile("foto.jpg", gps_jpeg(), "image/jpeg")
    child_client.post("/usulan/baru/", idea_form(desa, photo=photo))
    proposal = moderator_approves(Proposal.objects.get(), moderator)
    url = f"/usulan/{proposal.pk}/foto/960/"
    public = anon.get(url)
    assert public.status_code == 200
    assert "public" in public["Cache-Control"]
    streamed(public)
    for _ in range(actions.REPORT_THRESHOLD):
        actions.report(proposal, make_child(verified=True), "rude")
    assert anon.get(url).status_code == 404


def test_an_unknown_place_gets_a_friendly_error(child_client, cycle):
    response = child_client.post(
        "/usulan/baru/",
        {
            "title": "Taman baca",
            "problem": "Tidak ada tempat membaca.",
            "description": "Buat taman baca di balai desa.",
            "place": "d999999",
            "cluster": "klaster_4",
        },
    )
    assert "Tempat itu tidak ada di daftar." in response.content.decode()
