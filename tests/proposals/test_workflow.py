"""An idea's journey through pre-moderation: submitted, sent back with a
comment, fixed, approved, edited again. The approved version is the public
one until an edit is approved; Wagtail's real workflow runs underneath."""

import pytest
from django.core.exceptions import PermissionDenied

from portal.notifications.models import Notification
from proposals import actions, checks
from proposals.models import Proposal, ProposalEvent, Redaction
from tests.factories import (
    make_child,
    moderator_approves,
    moderator_requests_changes,
    publish_idea,
    submit_idea,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("moderation_setup", "private_media"),
]

FIRST_TITLE = "Perpustakaan keliling untuk desa kami"
FIXED_TITLE = "Perpustakaan keliling setiap hari Sabtu"
NEW_TITLE = "Perpustakaan keliling dengan buku cerita bergambar"


def idea_form(place, **overrides):
    data = {
        "title": FIRST_TITLE,
        "problem": "Di desa kami tidak ada perpustakaan, buku cerita sangat sedikit.",
        "description": "Mobil perpustakaan datang ke sekolah dan balai desa tiap minggu.",
        "place": place,
        "cluster": "klaster_4",
    }
    data.update(overrides)
    return data


def kinds(proposal):
    return list(proposal.events.values_list("kind", flat=True))


def test_a_new_idea_waits_for_moderation_and_is_not_public(
    child_client, child, cycle, anon, home_page, regions
):
    desa = regions.get(name="Lesabela")
    response = child_client.post("/usulan/baru/", idea_form(f"d{desa.pk}"))

    assert response.status_code == 302
    assert response["Location"].startswith("/saya/")
    proposal = Proposal.objects.get()
    assert proposal.proposer == child
    assert proposal.desa == desa and proposal.kecamatan == desa.kecamatan
    assert proposal.cycle == cycle
    assert proposal.live is False
    assert proposal.status == Proposal.Status.IN_MODERATION
    assert kinds(proposal) == [ProposalEvent.Kind.SUBMITTED]
    assert proposal.workflow_in_progress
    # Nobody sees it before a moderator has read it.
    assert FIRST_TITLE not in anon.get("/usulan/").content.decode()
    assert anon.get(f"/usulan/{proposal.pk}/").status_code == 404
    assert child_client.get(f"/usulan/{proposal.pk}/").status_code == 404
    assert FIRST_TITLE not in anon.get("/").content.decode()
    # The child sees it, waiting, on their own page.
    my_page = child_client.get("/saya/").content.decode()
    assert FIRST_TITLE in my_page and "Menunggu moderasi" in my_page


def test_a_whole_kecamatan_can_be_the_place(child_client, cycle, sungai_raya):
    response = child_client.post("/usulan/baru/", idea_form(f"k{sungai_raya.pk}"))
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.kecamatan == sungai_raya and proposal.desa is None


def test_changes_requested_then_fixed_then_approved(
    child_client, child, moderator, cycle, anon, regions
):
    desa = regions.get(name="Lesabela")
    child_client.post("/usulan/baru/", idea_form(f"d{desa.pk}"))
    proposal = Proposal.objects.get()

    comment = "Tolong jelaskan di mana mobilnya berhenti, ya."
    moderator_requests_changes(proposal, moderator, comment)
    assert proposal.status == Proposal.Status.CHANGES_REQUESTED
    assert not proposal.live
    assert proposal.current_workflow_state.status == "needs_changes"
    my_page = child_client.get("/saya/").content.decode()
    assert comment in my_page and "Perlu diperbaiki" in my_page
    note = Notification.objects.get(user=child, kind=Notification.Kind.MODERATION)
    assert "perlu diperbaiki" in note.title and note.body == comment
    # The edit form shows the moderator's message next to the child's words.
    edit_page = child_client.get(f"/usulan/{proposal.pk}/ubah/").content.decode()
    assert comment in edit_page and FIRST_TITLE in edit_page

    response = child_client.post(
        f"/usulan/{proposal.pk}/ubah/",
        idea_form(f"d{desa.pk}", title=FIXED_TITLE),
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.IN_MODERATION
    assert proposal.current_workflow_state.status == "in_progress"
    assert kinds(proposal)[-1] == ProposalEvent.Kind.RESUBMITTED
    assert anon.get(f"/usulan/{proposal.pk}/").status_code == 404

    moderator_approves(proposal, moderator)
    assert proposal.live
    assert proposal.status == Proposal.Status.PUBLISHED
    assert proposal.current_workflow_state is None
    assert kinds(proposal)[-1] == ProposalEvent.Kind.PUBLISHED
    assert FIXED_TITLE in anon.get("/usulan/").content.decode()
    detail = anon.get(f"/usulan/{proposal.pk}/")
    assert detail.status_code == 200 and FIXED_TITLE in detail.content.decode()
    latest = Notification.objects.filter(user=child).first()
    assert "sudah tampil" in latest.title and FIXED_TITLE in latest.title


def test_an_edit_of_a_public_idea_waits_while_the_approved_version_stays(
    child_client, published, moderator, anon
):
    pk = published.pk
    old_title = published.title
    response = child_client.post(
        f"/usulan/{pk}/ubah/",
        idea_form(f"d{published.desa_id}", title=NEW_TITLE),
    )
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.status == Proposal.Status.PUBLISHED
    assert published.workflow_in_progress
    assert kinds(published)[-1] == ProposalEvent.Kind.EDITED

    detail = anon.get(f"/usulan/{pk}/").content.decode()
    assert old_title in detail and NEW_TITLE not in detail
    listing = anon.get("/usulan/").content.decode()
    assert old_title in listing and NEW_TITLE not in listing
    assert "menunggu moderasi" in child_client.get("/saya/").content.decode()

    moderator_approves(published, moderator)
    detail = anon.get(f"/usulan/{pk}/").content.decode()
    assert NEW_TITLE in detail and old_title not in detail
    assert published.status == Proposal.Status.PUBLISHED


def test_a_refused_edit_leaves_the_public_version_public(
    child_client, published, moderator, anon
):
    child_client.post(
        f"/usulan/{published.pk}/ubah/",
        idea_form(f"d{published.desa_id}", title=NEW_TITLE),
    )
    moderator_requests_changes(published, moderator, "Judulnya kurang jelas.")
    assert published.live and published.status == Proposal.Status.PUBLISHED
    detail = anon.get(f"/usulan/{published.pk}/")
    assert detail.status_code == 200
    assert published.title in detail.content.decode()
    assert NEW_TITLE not in detail.content.decode()


def test_approving_an_edit_keeps_the_support_count(
    child_client, published, moderator, anon
):
    Proposal.objects.filter(pk=published.pk).update(support_count=7)
    child_client.post(
        f"/usulan/{published.pk}/ubah/",
        idea_form(f"d{published.desa_id}", title=NEW_TITLE),
    )
    moderator_approves(published, moderator)

    assert published.support_count == 7
    assert published.status == Proposal.Status.PUBLISHED
    detail = anon.get(f"/usulan/{published.pk}/").content.decode()
    assert f'data-count-for="{published.pk}">7<' in detail


def test_approving_an_edit_does_not_bring_back_a_hidden_idea(
    published, moderator, regions, anon
):
    """Reports hid the idea while an edit waited: approving the edit publishes
    the new words but the idea stays hidden until the reports are decided."""
    actions.edit(
        published.proposer,
        published,
        data={
            **published.text_content(),
            "title": NEW_TITLE,
            "kecamatan": published.kecamatan,
            "desa": published.desa,
            "cluster": published.cluster,
        },
    )
    for _ in range(actions.REPORT_THRESHOLD):
        actions.report(published, make_child(verified=True), "rude")
    published.refresh_from_db()
    assert published.status == Proposal.Status.HIDDEN

    moderator_approves(published, moderator)
    assert published.status == Proposal.Status.HIDDEN
    assert anon.get(f"/usulan/{published.pk}/").status_code == 404
    # Nor is the child told that it is visible again.
    latest = Notification.objects.filter(user=published.proposer).first()
    assert "sudah tampil" not in latest.title


def test_refusing_an_edit_does_not_bring_back_a_hidden_idea(
    published, moderator, regions, anon
):
    actions.edit(
        published.proposer,
        published,
        data={
            **published.text_content(),
            "title": NEW_TITLE,
            "kecamatan": published.kecamatan,
            "desa": published.desa,
            "cluster": published.cluster,
        },
    )
    for _ in range(actions.REPORT_THRESHOLD):
        actions.report(published, make_child(verified=True), "rude")
    moderator_requests_changes(published, moderator, "Judulnya kurang jelas.")
    assert published.status == Proposal.Status.HIDDEN
    assert anon.get(f"/usulan/{published.pk}/").status_code == 404


def test_editing_a_hidden_idea_does_not_bring_it_back(child_client, published, anon):
    """A child whose idea was hidden by reports cannot make it public again
    by editing it: it stays hidden until a moderator decides."""
    for _ in range(actions.REPORT_THRESHOLD):
        actions.report(published, make_child(verified=True), "rude")
    published.refresh_from_db()
    assert published.status == Proposal.Status.HIDDEN

    child_client.post(
        f"/usulan/{published.pk}/ubah/",
        idea_form(f"d{published.desa_id}", title=NEW_TITLE),
    )
    published.refresh_from_db()
    assert published.status == Proposal.Status.HIDDEN
    assert anon.get(f"/usulan/{published.pk}/").status_code == 404
    assert published.title not in anon.get("/usulan/").content.decode()


def test_another_child_cannot_edit_my_idea(client, idea, regions):
    other = make_child(nickname="Dodi")
    client.force_login(other)
    assert client.get(f"/usulan/{idea.pk}/ubah/").status_code == 403
    response = client.post(
        f"/usulan/{idea.pk}/ubah/", idea_form(f"d{idea.desa_id}", title=NEW_TITLE)
    )
    assert response.status_code == 403
    idea.refresh_from_db()
    assert idea.title != NEW_TITLE
    assert idea.get_latest_revision_as_object().title != NEW_TITLE


# --- personal data -----------------------------------------------------------

PHONE = "0812-3456-7890"


def test_personal_data_blocks_publication_until_redacted(child, moderator, anon):
    proposal = submit_idea(
        child,
        description=f"Kalau mau bantu, hubungi saya di {PHONE} ya, terima kasih.",
    )

    with pytest.raises(PermissionDenied):
        moderator_approves(proposal, moderator)
    proposal.refresh_from_db()
    assert not proposal.live
    assert proposal.status == Proposal.Status.IN_MODERATION
    assert anon.get(f"/usulan/{proposal.pk}/").status_code == 404

    findings = checks.check_fields(
        proposal.get_latest_revision_as_object().text_content()
    )
    personal = [f for f in findings if f.kind == checks.Kind.PERSONAL_DATA]
    assert personal, "the phone number is found"
    actions.redact(proposal, moderator, personal)
    moderator_approves(proposal, moderator)

    assert proposal.live and proposal.status == Proposal.Status.PUBLISHED
    html = anon.get(f"/usulan/{proposal.pk}/").content.decode()
    assert "[disensor]" in html
    assert PHONE not in html and "3456" not in html
    assert "Kalau mau bantu, hubungi saya di" in html  # the child's other words
    redaction = Redaction.objects.get(proposal=proposal)
    assert redaction.field == "description" and redaction.redacted_by == moderator
    stored = " ".join(str(v) for v in Redaction.objects.values().get().values())
    assert "3456" not in stored
    assert ProposalEvent.Kind.REDACTED in kinds(proposal)


def test_personal_data_in_an_edit_keeps_the_clean_version_public(
    child, moderator, anon
):
    proposal = publish_idea(child, moderator)
    draft = proposal.get_latest_revision_as_object()
    actions.edit(
        child,
        proposal,
        data={
            "title": draft.title,
            "problem": draft.problem,
            "description": f"Nomor HP saya {PHONE}, telepon kalau setuju.",
            "kecamatan": draft.kecamatan,
            "desa": draft.desa,
            "cluster": draft.cluster,
        },
    )
    with pytest.raises(PermissionDenied):
        moderator_approves(proposal, moderator)
    html = anon.get(f"/usulan/{proposal.pk}/").content.decode()
    assert PHONE not in html
    assert draft.description in html
