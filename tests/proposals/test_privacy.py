"""A child's ideas and privacy: what stays when the account is deleted, what
the data download holds, and what public pages never show."""

import json

import pytest

from portal.accounts.actions import delete_child_account
from portal.accounts.models import ConsentRecord, User
from proposals import actions
from proposals.models import Proposal, ProposalEvent, SafeguardingCase
from tests.factories import (
    PASSWORD,
    make_child,
    make_group,
    moderator_approves,
    moderator_requests_changes,
    publish_idea,
    submit_idea,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("moderation_setup", "private_media"),
]


def public_pages(client, *proposals):
    paths = ["/", "/usulan/", "/usulan/?sort=newest"]
    paths += [f"/usulan/{p.pk}/" for p in proposals]
    pages = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        pages[path] = response.content.decode()
    return pages


def test_a_deleted_childs_published_idea_stays_as_a_child_from_the_kecamatan(
    child, moderator, cycle, regions, anon, home_page
):
    # Bunga lives in Ledo; her idea is about a desa in Sungai Raya.
    public = publish_idea(child, moderator, cycle, desa=regions.get(name="Sungai Duri"))
    waiting = submit_idea(child, cycle, title="Ide yang masih menunggu moderasi")
    sent_back = submit_idea(child, cycle, title="Ide yang perlu diperbaiki")
    moderator_requests_changes(sent_back, moderator, "Tambahkan alasannya, ya.")

    delete_child_account(child)

    assert not User.objects.filter(pk=child.pk).exists()
    public.refresh_from_db()
    assert public.proposer is None and public.is_public
    assert not Proposal.objects.filter(pk__in=[waiting.pk, sent_back.pk]).exists()
    for path, html in public_pages(anon, public).items():
        assert "Bunga" not in html, path
    assert public.title in anon.get("/usulan/").content.decode()
    detail = anon.get(f"/usulan/{public.pk}/").content.decode()
    assert "Dari Anak dari Kecamatan Ledo" in detail
    assert "Anak dari Kecamatan Ledo" in anon.get("/usulan/").content.decode()
    assert "Anak dari Kecamatan Ledo" in anon.get("/").content.decode()


def test_deleting_the_account_from_my_page_keeps_the_public_idea(
    child_client, child, moderator, cycle, anon
):
    public = publish_idea(child, moderator, cycle)
    waiting = submit_idea(child, cycle, title="Ide yang masih menunggu moderasi")

    response = child_client.post("/saya/hapus/", {"password": PASSWORD})
    assert response.status_code == 302

    assert not Proposal.objects.filter(pk=waiting.pk).exists()
    detail = anon.get(f"/usulan/{public.pk}/")
    assert detail.status_code == 200
    assert "Anak dari Kecamatan Ledo" in detail.content.decode()


def test_a_deleted_childs_pending_edit_is_withdrawn_not_published_later(
    child, moderator, cycle, anon
):
    """The words of an edit that was never approved are the child's personal
    data like a never-published idea: they go with the account and can no
    longer be approved by a moderator."""
    public = publish_idea(child, moderator, cycle)
    new_title = "Judul baru yang belum pernah tampil"
    actions.edit(
        child,
        public,
        data={
            **public.text_content(),
            "title": new_title,
            "kecamatan": public.kecamatan,
            "desa": public.desa,
            "cluster": public.cluster,
        },
    )

    delete_child_account(child)

    public.refresh_from_db()
    assert public.is_public
    assert public.current_workflow_state is None
    assert not any(new_title in str(r.content) for r in public.revisions.all())
    detail = anon.get(f"/usulan/{public.pk}/").content.decode()
    assert public.title in detail and new_title not in detail


def test_a_deleted_childs_escalated_idea_stays_for_the_safeguarding_officer(
    child, moderator, cycle
):
    proposal = submit_idea(child, cycle)
    case = actions.escalate(proposal, moderator, "Anak bercerita tentang kekerasan.")
    delete_child_account(child)
    assert SafeguardingCase.objects.get(pk=case.pk).proposal_id == proposal.pk
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.ESCALATED


def test_the_data_download_holds_my_ideas_and_notifications(
    child_client, child, moderator, cycle
):
    public = publish_idea(child, moderator, cycle, title="Jembatan ke sekolah")
    sent_back = submit_idea(child, cycle, title="Tempat sampah di pasar")
    moderator_requests_changes(sent_back, moderator, "Tulis di desa mana, ya.")
    someone_else = publish_idea(
        make_child(nickname="Dodi"), moderator, cycle, title="Ide milik Dodi"
    )

    response = child_client.get("/saya/data.json")
    assert response.status_code == 200
    data = json.loads(response.content)

    ideas = {idea["judul"]: idea for idea in data["usulan"]}
    assert set(ideas) == {public.title, sent_back.title}
    assert someone_else.title not in response.content.decode()
    assert ideas[public.title]["status"] == "Tampil"
    assert ideas[sent_back.title]["status"] == "Perlu diperbaiki"
    assert ideas[public.title]["masalah"] == public.problem
    assert ideas[public.title]["kecamatan"] == "Ledo"
    messages = [n["judul"] + " " + n["isi"] for n in data["pemberitahuan"]]
    assert any("sudah tampil" in m and public.title in m for m in messages)
    assert any("Tulis di desa mana, ya." in m for m in messages)


def test_public_pages_never_show_usernames_birth_years_or_guardians(
    anon, moderator, cycle, regions, facilitator, home_page
):
    kids = [
        make_child(username="siti.rahayu2011", nickname="Siti", age=14),
        make_child(username="andi_pratama", nickname="Andi", age=9),
        make_child(username="lestari17", nickname="Tari", age=17),
    ]
    ideas = [
        publish_idea(kid, moderator, cycle, title=f"Ide {kid.nickname}") for kid in kids
    ]
    group_idea = actions.submit(
        facilitator,
        data={
            "title": "Ide Forum Anak Ledo",
            "problem": "Banyak anak belum punya akta kelahiran.",
            "description": "Pelayanan akta keliling ke sekolah-sekolah.",
            "kecamatan": regions[0].kecamatan,
            "desa": None,
            "cluster": "klaster_1",
        },
        cycle=cycle,
        group=make_group(regions[0].kecamatan),
        offline=25,
    )
    moderator_approves(group_idea, moderator)
    guardians = list(ConsentRecord.objects.values_list("guardian_name", flat=True))
    assert len(guardians) == 3 and all(guardians)

    for path, html in public_pages(anon, *ideas, group_idea).items():
        for kid in kids:
            assert kid.username not in html, path
            assert str(kid.child_profile.birth_year) not in html, path
        for guardian in guardians:
            assert guardian not in html, path
        assert "tahun lahir" not in html.lower(), path
        assert "rina.moderasi" not in html and facilitator.username not in html, path
    # The nickname, kecamatan and age band are what the public sees.
    listing = anon.get("/usulan/").content.decode()
    assert "Siti, Kecamatan Ledo, 13–15 tahun" in listing
    assert "Andi, Kecamatan Ledo, 6–12 tahun" in listing
    assert "Tari, Kecamatan Ledo, 16–17 tahun" in listing


def test_the_childs_own_page_keeps_moderator_names_out(
    child_client, child, moderator, cycle
):
    proposal = submit_idea(child, cycle)
    moderator_requests_changes(proposal, moderator, "Judulnya kurang jelas, ya.")
    html = child_client.get("/saya/").content.decode()
    assert "Judulnya kurang jelas, ya." in html
    assert str(ProposalEvent.Kind.CHANGES_REQUESTED.label) in html
    assert moderator.username not in html and moderator.nickname not in html


def test_the_zip_download_has_local_times_and_only_her_own_photos(
    child_client, child, moderator, cycle
):
    """Issue 12 item 12: times in WIB with their offset, and her photos (the
    approved one and the newer one waiting for the moderator), never the
    photo of another child's idea."""
    import io
    import zipfile
    from datetime import datetime

    from django.core.files.base import ContentFile

    from proposals.images import sanitise_photo
    from tests.factories import IDEA_TEXT
    from tests.security.world import jpeg_bytes

    def send(who, colour, photo=True):
        desa = who.child_profile.desa
        data = {**IDEA_TEXT, "desa": desa, "kecamatan": desa.kecamatan}
        jpeg = ContentFile(jpeg_bytes(64, 48, colour), name="foto.jpg")
        return data, sanitise_photo(jpeg)

    data, photo = send(child, (200, 0, 0))
    mine = moderator_approves(
        actions.submit(child, data=data, cycle=cycle, photo=photo), moderator
    )
    data, new_photo = send(child, (0, 200, 0))
    actions.edit(child, mine, data=data, photo=new_photo)
    dodi = make_child(nickname="Dodi")
    data, photo = send(dodi, (0, 0, 200))
    theirs = actions.submit(dodi, data=data, cycle=cycle, photo=photo)

    response = child_client.get("/saya/data.zip")
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    photos = [f"foto/ide-{mine.pk}.jpg", f"foto/ide-{mine.pk}-baru.jpg"]
    assert sorted(archive.namelist()) == sorted(["data-saya.json", *photos])
    mine.refresh_from_db()
    with mine.photo.open("rb") as approved:
        assert archive.read(photos[0]) == approved.read()
    with theirs.photo.open("rb") as other:
        assert other.read() not in [archive.read(name) for name in photos]

    data = json.loads(archive.read("data-saya.json"))
    assert data["berkas_foto"] == photos
    joined = data["akun"]["tanggal_daftar"]
    assert joined.endswith("+07:00")
    assert datetime.fromisoformat(joined) == child.date_joined
    times = [i["dikirim"] for i in data["usulan"]]
    times += [n["waktu"] for n in data["pemberitahuan"]]
    times += [c["waktu"] for c in data["persetujuan"]]
    assert times and all(t.endswith("+07:00") for t in times)
    plain = json.loads(child_client.get("/saya/data.json").content)
    assert plain["akun"]["tanggal_daftar"] == joined
