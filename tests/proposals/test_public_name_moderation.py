"""Issue 11 item 6: the public name is part of what the moderator approves.

The checks panel shows the nickname that will appear next to the idea and
its findings; a nickname that may not be shown blocks approval (the menu
and ``Proposal.publish``) until the moderator removes it; an existing
account with such a nickname is shown as "Anak dari Kecamatan X"."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from portal.notifications.models import Notification
from proposals import checks
from proposals.models import Proposal, ProposalEvent
from tests.factories import make_child, moderator_approves, submit_idea

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("moderation_setup", "private_media"),
]

BAD = "Budi Santoso 081234567890"


@pytest.fixture
def moderator_client(moderator):
    client = Client()
    client.force_login(moderator)
    return client


def edit_page(client, proposal):
    return client.get(f"/admin/snippets/proposals/proposal/edit/{proposal.pk}/")


def test_checks_cover_the_nickname_of_the_child(regions, cycle):
    kid = make_child(nickname="Petugas Perlindungan")
    idea = submit_idea(kid, cycle)
    fields = checks.checked_fields(idea.get_latest_revision_as_object())
    assert fields[checks.NICKNAME_FIELD] == "Petugas Perlindungan"
    findings = checks.check_fields(fields)
    assert {f.category for f in findings} == {checks.Category.STAFF_TITLE}
    assert checks.blocks_approval(findings)


def test_panel_shows_the_public_name_and_its_findings(regions, cycle, moderator_client):
    idea = submit_idea(make_child(nickname=BAD), cycle)
    html = edit_page(moderator_client, idea).content.decode()
    assert "Nama yang tampil di samping ide" in html
    assert BAD in html
    assert "0812345678" in html.split("Nama yang tampil")[1]
    assert "nama panggilannya dihapus" in html
    assert "/approve/" not in html  # no way to approve it

    clean = submit_idea(make_child(nickname="Mawar"), cycle)
    html = edit_page(moderator_client, clean).content.decode()
    assert "Nama yang tampil di samping ide" in html and "Mawar" in html
    assert "/approve/" in html


@pytest.mark.parametrize("nickname", [BAD, "anjing goblok", "Moderator"])
def test_a_bad_nickname_blocks_publication(regions, cycle, moderator, nickname):
    idea = submit_idea(make_child(nickname=nickname), cycle)
    with pytest.raises(PermissionDenied):
        moderator_approves(idea, moderator)
    idea.refresh_from_db()
    assert not idea.live and idea.status == Proposal.Status.IN_MODERATION


def test_moderator_removes_the_nickname_then_approves(
    regions, cycle, moderator, moderator_client
):
    kid = make_child(nickname=BAD)
    idea = submit_idea(kid, cycle)
    page = moderator_client.get(f"/admin/usulan-moderasi/{idea.pk}/nama/")
    assert page.status_code == 200 and BAD in page.content.decode()
    response = moderator_client.post(f"/admin/usulan-moderasi/{idea.pk}/nama/")
    assert response.status_code == 302
    kid.refresh_from_db()
    assert kid.nickname == ""
    event = ProposalEvent.objects.filter(
        proposal=idea, kind=ProposalEvent.Kind.REDACTED
    ).get()
    assert "0812" not in event.note and "Santoso" not in event.note
    assert Notification.objects.filter(user=kid, title__icontains="nama").exists()

    moderator_approves(idea, moderator)
    assert idea.live
    html = Client().get(f"/usulan/{idea.pk}/").content.decode()
    assert "Anak dari Kecamatan" in html
    assert "Santoso" not in html and "0812" not in html


def test_existing_account_with_a_bad_nickname_is_shown_by_kecamatan(
    regions, cycle, moderator
):
    kid = make_child(nickname="Mawar")
    idea = moderator_approves(submit_idea(kid, cycle), moderator)
    anon = Client()
    assert "Mawar" in anon.get(f"/usulan/{idea.pk}/").content.decode()

    # an account from before the checks, or changed behind the form's back
    kid.nickname = BAD
    kid.save()
    for url in (f"/usulan/{idea.pk}/", "/usulan/"):
        html = anon.get(url).content.decode()
        assert "Santoso" not in html and "081234567890" not in html, url
        assert "Anak dari Kecamatan" in html, url


def test_a_changed_public_name_waits_for_the_moderator(
    regions, cycle, moderator, moderator_client
):
    """A child whose name was approved with an idea picks a new one on
    /saya/nama/: the public pages keep the approved name until a moderator
    approves the new one (under "Nama panggilan baru"); the child sees it is
    waiting; a refused name goes back to the approved one."""
    from tests.factories import publish_idea

    kid = make_child(nickname="Mawar")
    idea = publish_idea(kid, moderator, cycle)
    anon, kid_client = Client(), Client()
    kid_client.force_login(kid)

    def public_pages():
        return (
            anon.get("/usulan/").content.decode()
            + anon.get(f"/usulan/{idea.pk}/").content.decode()
        )

    assert "Mawar" in public_pages()

    kid_client.post("/saya/nama/", {"nickname": "Melati"})
    html = public_pages()
    assert "Mawar" in html and "Melati" not in html
    mine = kid_client.get("/saya/").content.decode()
    assert "Melati" in mine and "menunggu persetujuan moderator" in mine

    queue = moderator_client.get("/admin/nama-panggilan/").content.decode()
    assert "Melati" in queue and "Mawar" in queue
    moderator_client.post(
        "/admin/nama-panggilan/", {"user": kid.pk, "decision": "approve"}
    )
    html = public_pages()
    assert "Melati" in html and "Mawar" not in html
    assert "menunggu persetujuan" not in kid_client.get("/saya/").content.decode()
    assert (
        "Melati" not in moderator_client.get("/admin/nama-panggilan/").content.decode()
    )

    kid_client.post("/saya/nama/", {"nickname": "Kenanga"})
    assert "Kenanga" not in public_pages()
    moderator_client.post(
        "/admin/nama-panggilan/", {"user": kid.pk, "decision": "refuse"}
    )
    kid.refresh_from_db()
    assert kid.nickname == "Melati"
    assert "Melati" in public_pages()
    assert Notification.objects.filter(user=kid, title__contains="nama").exists()


def test_a_name_never_approved_shows_the_neutral_fallback(regions, cycle, moderator):
    """An idea approved before its child's name was (an account from before
    names were approved, whose name then changed): "Anak dari Kecamatan X"."""
    from portal.accounts.models import User
    from tests.factories import publish_idea

    kid = make_child(nickname="Mawar")
    idea = publish_idea(kid, moderator, cycle)
    User.objects.filter(pk=kid.pk).update(approved_nickname="", nickname="Melati")
    html = Client().get(f"/usulan/{idea.pk}/").content.decode()
    assert "Melati" not in html and "Anak dari Kecamatan" in html


def test_refusing_a_name_is_one_action_that_tells_the_child_once(regions, moderator):
    """The refusal and the child's notification are one action
    (``public_name.refuse``), whichever screen calls it; a second click on
    an already refused name tells her nothing more."""
    from portal.accounts import public_name

    kid = make_child(nickname="Mawar")
    kid.approved_nickname = "Mawar"
    kid.nickname = "Kenanga"
    kid.save(update_fields=["approved_nickname", "nickname"])
    assert public_name.refuse(kid) is True
    assert public_name.refuse(kid) is False
    client = Client()
    client.force_login(moderator)
    client.post("/admin/nama-panggilan/", {"user": kid.pk, "decision": "refuse"})
    kid.refresh_from_db()
    assert kid.nickname == "Mawar"
    notes = Notification.objects.filter(user=kid)
    assert [n.title for n in notes] == ["Pilih nama panggilan lain"]
