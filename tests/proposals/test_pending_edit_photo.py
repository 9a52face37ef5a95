"""Issue 11 item 7: everything that becomes public on approval is shown to
the moderator from the revision being approved, and nothing of a pending
edit is served before approval.

A child edits a published idea and sends a new photo. The public keeps the
approved photo until the edit is approved; the moderator's review panel
shows the new photo (what approval publishes), not the live row's."""

import re

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from portal.accounts import roles
from proposals import actions
from proposals.images import sanitise_photo
from tests import factories
from tests.security.world import jpeg_bytes

pytestmark = pytest.mark.django_db

OLD, NEW = (200, 30, 30), (30, 30, 200)


def photo(colour):
    return sanitise_photo(ContentFile(jpeg_bytes(colour=colour), name="f.jpg"))


def colour_of(data):
    import io

    from PIL import Image

    return Image.open(io.BytesIO(data)).convert("RGB").getpixel((10, 10))


def close(a, b):
    return all(abs(x - y) < 40 for x, y in zip(a, b, strict=True))


@pytest.fixture
def edited(moderation_setup, private_media, django_capture_on_commit_callbacks):
    child = factories.make_child(nickname="Melati")
    moderator = factories.make_staff(roles.MODERATOR)
    desa = child.child_profile.desa
    with django_capture_on_commit_callbacks(execute=True):
        proposal = actions.submit(
            child,
            data={**factories.IDEA_TEXT, "desa": desa, "kecamatan": desa.kecamatan},
            cycle=factories.make_cycle(),
            photo=photo(OLD),
        )
        factories.moderator_approves(proposal, moderator)
        draft = proposal.get_latest_revision_as_object()
        data = {
            name: getattr(draft, name)
            for name in ("title", "problem", "description", "kecamatan", "desa")
        }
        actions.edit(
            child, proposal, data={**data, "cluster": draft.cluster}, photo=photo(NEW)
        )
    proposal.refresh_from_db()
    return proposal, child, moderator


def review_photo_url(client, proposal):
    page = client.get(f"/admin/snippets/proposals/proposal/edit/{proposal.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    sources = re.findall(r'<img src="([^"]+)" alt="Foto dari anak"', html)
    assert len(sources) == 1, "the review panel shows the child's photo"
    return sources[0], html


def test_the_moderator_sees_the_new_photo_the_public_keeps_the_approved_one(edited):
    proposal, _child, moderator = edited
    public = Client().get(f"/usulan/{proposal.pk}/foto/480/")
    assert public.status_code == 200
    assert close(colour_of(public.content), OLD), "the approved photo stays public"

    client = Client()
    client.force_login(moderator)
    url, html = review_photo_url(client, proposal)
    shown = client.get(url)
    assert shown.status_code == 200
    assert close(colour_of(shown.content), NEW), (
        "the moderator sees what approval publishes"
    )
    assert "no-store" in shown["Cache-Control"]
    assert "Foto baru" in html


def test_nobody_but_moderators_opens_the_pending_photo(edited):
    proposal, child, moderator = edited
    client = Client()
    client.force_login(moderator)
    url, _html = review_photo_url(client, proposal)

    assert Client().get(url).status_code == 302  # to the sign-in page
    for user in (
        child,  # the proposer: children never reach the admin
        factories.make_child(nickname="Teman"),
        factories.make_staff(roles.BAPPEDA),
        factories.make_staff(roles.FASILITATOR),
    ):
        other = Client()
        other.force_login(user)
        response = other.get(url)
        assert response.status_code != 200 or response.get(
            "Content-Type", ""
        ).startswith("text/html"), f"{user} got the pending photo"


def test_after_approval_the_new_photo_is_public(
    edited, django_capture_on_commit_callbacks
):
    proposal, _child, moderator = edited
    with django_capture_on_commit_callbacks(execute=True):
        factories.moderator_approves(proposal, moderator)
    public = Client().get(f"/usulan/{proposal.pk}/foto/480/")
    assert close(colour_of(public.content), NEW)
