"""Object-level checks: one child never sees or changes another child's
drafts, data or notifications."""

import json

import pytest
from django.core.files.base import ContentFile

from portal.notifications.models import Notification, notify
from proposals import actions
from proposals.images import sanitise_photo
from proposals.models import Proposal
from tests import factories
from tests.security.world import jpeg_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_children(moderation_setup, private_media, regions):
    cycle = factories.make_cycle()
    ani = factories.make_child(username="ani2013", nickname="Ani")
    budi = factories.make_child(username="budi2012", nickname="Budi")
    draft = actions.submit(
        budi,
        data={
            **factories.IDEA_TEXT,
            "title": "Draf rahasia Budi",
            "desa": budi.child_profile.desa,
            "kecamatan": budi.child_profile.desa.kecamatan,
        },
        cycle=cycle,
        photo=sanitise_photo(ContentFile(jpeg_bytes(), name="b.jpg")),
    )
    notify([budi], kind=Notification.Kind.INFO, title="Kabar khusus Budi")
    return ani, budi, draft


def test_a_child_cannot_open_or_change_another_childs_draft(client, two_children):
    ani, budi, draft = two_children
    client.force_login(ani)
    assert client.get(f"/usulan/{draft.pk}/ubah/").status_code == 403
    response = client.post(
        f"/usulan/{draft.pk}/ubah/",
        {
            **factories.IDEA_TEXT,
            "title": "Diubah oleh Ani",
            "place": f"d{budi.child_profile.desa_id}",
        },
    )
    assert response.status_code == 403
    latest = Proposal.objects.get(pk=draft.pk).get_latest_revision_as_object()
    assert latest.title == "Draf rahasia Budi"
    assert not Proposal.objects.filter(title="Diubah oleh Ani").exists()


def test_a_child_cannot_see_another_childs_unpublished_idea(client, two_children):
    ani, budi, draft = two_children
    client.force_login(ani)
    assert client.get(f"/usulan/{draft.pk}/").status_code == 404
    for width in (0, 480):
        assert client.get(f"/usulan/{draft.pk}/foto/{width}/").status_code == 404
    assert "Draf rahasia Budi" not in client.get("/usulan/?q=rahasia").content.decode()
    # Budi himself may see his own photo.
    client.force_login(budi)
    assert client.get(f"/usulan/{draft.pk}/foto/480/").status_code == 200


def test_a_childs_page_and_download_hold_only_their_own(client, two_children):
    ani, budi, draft = two_children
    notify([ani], kind=Notification.Kind.INFO, title="Kabar untuk Ani")
    client.force_login(ani)
    page = client.get("/saya/").content.decode()
    assert "Kabar untuk Ani" in page
    for foreign in ("Kabar khusus Budi", "Draf rahasia Budi", "budi2012"):
        assert foreign not in page
    download = client.get("/saya/data.json")
    text = download.content.decode()
    data = json.loads(text)
    assert "ani2013" in text
    for foreign in ("Kabar khusus Budi", "Draf rahasia Budi", "budi2012", "Budi"):
        assert foreign not in text, foreign
    assert data  # the download is not empty


def test_the_data_download_cannot_be_asked_for_someone_else(client, two_children):
    ani, budi, _ = two_children
    client.force_login(ani)
    for query in (f"?user={budi.pk}", f"?pk={budi.pk}", "?username=budi2012"):
        text = client.get("/saya/data.json" + query).content.decode()
        assert "budi2012" not in text and "ani2013" in text


# --- a facilitator of another area (issue 11 item 16) ------------------------


@pytest.fixture
def other_area(moderation_setup, private_media, regions):
    """Ani lives in Ledo; the facilitator is assigned Sungai Raya only."""
    from portal.accounts import roles

    sungai_raya = regions.get(name="Sungai Duri").kecamatan
    ledo = regions.get(name="Lesabela").kecamatan
    facilitator = factories.make_staff(
        roles.FASILITATOR, username="fasil-sr", area=sungai_raya
    )
    ani = factories.make_child(username="ani2013", nickname="Ani")
    return facilitator, ani, factories.make_group(ledo, name="Forum Anak Ledo")


@pytest.mark.parametrize(
    "method,path,data",
    [
        ("get", "/fasilitator/anak/{pk}/", {}),
        ("post", "/fasilitator/anak/{pk}/kata-sandi/", {}),
        ("post", "/fasilitator/anak/{pk}/verifikasi/", {}),
        ("post", "/fasilitator/anak/{pk}/forum-anak/", {"action": "verify"}),
        ("post", "/fasilitator/anak/{pk}/forum-anak/", {"action": "remove"}),
        ("post", "/fasilitator/anak/{pk}/cabut/", {"confirm": "yes"}),
    ],
)
def test_a_facilitator_of_another_area_cannot_act_on_a_child(
    client, other_area, method, path, data
):
    facilitator, ani, _ = other_area
    client.force_login(facilitator)
    response = getattr(client, method)(path.format(pk=ani.pk), data)
    assert response.status_code == 404
    from portal.accounts.models import FacilitatorAction, User

    ani_now = User.objects.get(pk=ani.pk)
    assert ani_now.check_password(factories.PASSWORD)
    assert ani_now.active_consent.verified_at is None
    assert not FacilitatorAction.objects.exists()


def test_a_facilitator_of_another_area_cannot_enter_ideas_for_its_forum_anak(
    client, other_area
):
    from django.core.exceptions import PermissionDenied

    from portal.accounts.models import FacilitatorAction

    facilitator, ani, ledo_group = other_area
    cycle = factories.make_cycle()
    desa = ani.child_profile.desa
    data = {**factories.IDEA_TEXT, "desa": desa, "kecamatan": desa.kecamatan}
    with pytest.raises(PermissionDenied):
        actions.submit(facilitator, data=data, cycle=cycle, group=ledo_group)
    assert not Proposal.objects.exists()
    client.force_login(facilitator)
    assert "Forum Anak Ledo" not in client.get("/usulan/baru/").content.decode()
    # In the area: accepted, and logged.
    sr_group = factories.make_group(
        facilitator.facilitator_assignments.get().kecamatan, name="Forum Anak SR"
    )
    actions.submit(facilitator, data=data, cycle=cycle, group=sr_group)
    entry = FacilitatorAction.objects.get()
    assert (entry.kind, entry.group, entry.actor) == (
        "paper_idea",
        sr_group,
        facilitator,
    )
