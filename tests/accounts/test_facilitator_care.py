"""Issue 11 item 16: a facilitator acts only on the children of the areas
and Forum Anak groups an admin assigned them; every action on a child is
logged (who, what, whom, when), the admin reads the log, and the child is
told and sees it on /saya/."""

import re

import pytest
from django.test import Client

from portal.accounts import actions, roles
from portal.accounts.models import FacilitatorAction, User
from portal.notifications.models import Notification
from tests import factories
from tests.accounts.test_facilitator import batch_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(regions):
    ledo = regions.get(name="Lesabela").kecamatan
    sungai_raya = regions.get(name="Sungai Duri").kecamatan
    return {
        "lesabela": regions.get(name="Lesabela"),
        "sungai_duri": regions.get(name="Sungai Duri"),
        "ledo": ledo,
        "sungai_raya": sungai_raya,
    }


@pytest.fixture
def ledo_facilitator(places):
    return factories.make_staff(
        roles.FASILITATOR, username="fasil-ledo", area=places["ledo"]
    )


@pytest.fixture
def rina(places):
    """A child of Sungai Raya: outside the Ledo facilitator's care."""
    return factories.make_child(
        username="rina2013", nickname="Rina", desa=places["sungai_duri"]
    )


@pytest.fixture
def maya(places):
    return factories.make_child(
        username="maya2013", nickname="Maya", desa=places["lesabela"]
    )


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


CHILD_ACTIONS = [
    ("get", "/fasilitator/anak/{pk}/", {}),
    ("post", "/fasilitator/anak/{pk}/kata-sandi/", {}),
    ("post", "/fasilitator/anak/{pk}/verifikasi/", {}),
    ("post", "/fasilitator/anak/{pk}/forum-anak/", {"action": "committee"}),
    ("post", "/fasilitator/anak/{pk}/forum-anak/", {"action": "remove"}),
    ("get", "/fasilitator/anak/{pk}/cabut/", {}),
    ("post", "/fasilitator/anak/{pk}/cabut/", {"confirm": "yes"}),
]


@pytest.mark.parametrize("method,url,data", CHILD_ACTIONS)
def test_a_facilitator_of_another_area_is_refused_every_action(
    ledo_facilitator, rina, method, url, data
):
    """The finding: any facilitator reset any child's password and got a
    one-time password that opens the account."""
    password_before = User.objects.get(pk=rina.pk).password
    response = getattr(as_user(ledo_facilitator), method)(url.format(pk=rina.pk), data)
    assert response.status_code in (403, 404)
    rina_now = User.objects.get(pk=rina.pk)
    assert rina_now.password == password_before
    assert not rina_now.must_change_password
    assert rina_now.active_consent.verified_at is None
    assert not rina_now.child_profile.is_forum_anak
    assert not FacilitatorAction.objects.exists()


def test_the_actions_themselves_refuse_a_child_outside_the_area(ledo_facilitator, rina):
    from django.core.exceptions import PermissionDenied

    for call in (
        lambda: actions.reset_child_password(rina, ledo_facilitator),
        lambda: actions.verify_consent(rina.active_consent, ledo_facilitator),
        lambda: actions.verify_forum_anak(rina, ledo_facilitator),
        lambda: actions.remove_forum_anak(rina, ledo_facilitator),
        lambda: actions.revoke_consent(rina, ledo_facilitator),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert User.objects.filter(pk=rina.pk).exists()


def test_a_facilitator_without_assignment_acts_on_nobody(maya, rina):
    unassigned = factories.make_staff(roles.FASILITATOR, area=None)
    client = as_user(unassigned)
    assert client.get(f"/fasilitator/anak/{maya.pk}/").status_code == 404
    page = client.get("/fasilitator/anak/").content.decode()
    assert "Maya" not in page and "Rina" not in page


def test_the_children_list_shows_only_the_area(ledo_facilitator, maya, rina):
    page = as_user(ledo_facilitator).get("/fasilitator/anak/").content.decode()
    assert "Maya" in page
    assert "Rina" not in page


def test_desa_and_forum_anak_assignments(places, maya, rina):
    from portal.accounts.care import children_in_care, groups_in_care

    by_desa = factories.make_staff(roles.FASILITATOR, area=places["sungai_duri"])
    assert list(children_in_care(by_desa)) == [User.objects.get(pk=rina.pk)]
    group = factories.make_group(places["ledo"])
    by_group = factories.make_staff(roles.FASILITATOR, area=group)
    assert list(children_in_care(by_group)) == [User.objects.get(pk=maya.pk)]
    assert list(groups_in_care(by_group)) == [group]
    assert not groups_in_care(by_desa).filter(pk=group.pk).exists()


def test_batch_accounts_only_for_desa_in_the_area(ledo_facilitator, places):
    client = as_user(ledo_facilitator)
    response = client.post(
        "/fasilitator/akun-massal/",
        batch_data(places["sungai_duri"], [("Rio", 10, "SR-001")]),
    )
    assert response.status_code == 403
    assert "di luar wilayah tugasmu" in response.content.decode()
    assert not User.objects.filter(nickname="Rio").exists()
    response = client.post(
        "/fasilitator/akun-massal/",
        batch_data(places["lesabela"], [("Rio", 10, "L-001")]),
    )
    assert response.status_code == 200
    rio = User.objects.get(nickname="Rio")
    entry = FacilitatorAction.objects.get(child=rio)
    assert entry.kind == "account_created" and entry.actor == ledo_facilitator


def test_a_password_reset_is_logged_and_the_child_is_told(ledo_facilitator, maya):
    html = (
        as_user(ledo_facilitator)
        .post(f"/fasilitator/anak/{maya.pk}/kata-sandi/")
        .content.decode()
    )
    password = re.search(r'class="slip-password">([^<]+)<', html).group(1)
    entry = FacilitatorAction.objects.get()
    assert (entry.kind, entry.actor, entry.child) == (
        "password_reset",
        ledo_facilitator,
        User.objects.get(pk=maya.pk),
    )
    assert entry.actor_username == "fasil-ledo"
    notice = Notification.objects.get(user=maya)
    assert "Kata sandimu diatur ulang oleh fasilitator" in notice.title
    # Maya signs in with the slip, changes the password, and reads it.
    client = Client()
    client.post("/akun/masuk/", {"login": maya.username, "password": password})
    client.post(
        "/akun/kata-sandi/",
        {
            "oldpassword": password,
            "password1": "sungai-biru-88",
            "password2": "sungai-biru-88",
        },
    )
    page = client.get("/saya/").content.decode()
    assert "Kata sandimu diatur ulang oleh fasilitator pada" in page


def test_every_action_on_a_child_is_logged(ledo_facilitator, maya):
    actions.verify_consent(maya.active_consent, ledo_facilitator)
    actions.verify_forum_anak(maya, ledo_facilitator)
    actions.verify_forum_anak(maya, ledo_facilitator, committee=True)
    actions.remove_forum_anak(maya, ledo_facilitator)
    actions.reset_child_password(maya, ledo_facilitator)
    actions.revoke_consent(User.objects.get(pk=maya.pk), ledo_facilitator)
    kinds = list(
        FacilitatorAction.objects.order_by("pk").values_list("kind", flat=True)
    )
    assert kinds == [
        "consent_verified",
        "forum_anak_verified",
        "forum_anak_committee",
        "forum_anak_removed",
        "password_reset",
        "consent_revoked",
    ]
    # The account is gone; the log keeps who and where, not the child.
    revoked = FacilitatorAction.objects.get(kind="consent_revoked")
    assert revoked.child is None and revoked.kecamatan.name == "Ledo"
    assert revoked.actor_username == "fasil-ledo"


def test_the_log_is_append_only(ledo_facilitator, maya):
    actions.reset_child_password(maya, ledo_facilitator)
    entry = FacilitatorAction.objects.get()
    entry.kind = "consent_verified"
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        FacilitatorAction.objects.update(kind="consent_verified")
    assert FacilitatorAction.objects.get().kind == "password_reset"


def test_the_admin_reads_the_log_and_others_cannot(ledo_facilitator, maya):
    actions.reset_child_password(maya, ledo_facilitator)
    admin = factories.make_staff(roles.ADMIN)
    page = as_user(admin).get("/admin/akun/log-fasilitator/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "fasil-ledo" in html and maya.username in html
    assert as_user(admin).get("/admin/akun/log-fasilitator/new/").status_code in (
        302,
        403,
    )
    entry = FacilitatorAction.objects.get()
    assert as_user(admin).post(
        f"/admin/akun/log-fasilitator/delete/{entry.pk}/"
    ).status_code in (302, 403)
    assert FacilitatorAction.objects.filter(pk=entry.pk).exists()
    for role in (roles.FASILITATOR, roles.MODERATOR, roles.PERLINDUNGAN):
        response = as_user(factories.make_staff(role)).get(
            "/admin/akun/log-fasilitator/"
        )
        assert response.status_code == 302  # back to the dashboard


def test_the_admin_assigns_areas_in_the_admin(ledo_facilitator, places):
    admin = factories.make_staff(roles.ADMIN)
    client = as_user(admin)
    assert client.get("/admin/akun/penugasan-fasilitator/").status_code == 200
    response = client.post(
        "/admin/akun/penugasan-fasilitator/new/",
        {
            "facilitator": ledo_facilitator.pk,
            "scope": "desa",
            "desa": places["sungai_duri"].pk,
        },
    )
    assert response.status_code == 302
    assert ledo_facilitator.facilitator_assignments.filter(
        desa=places["sungai_duri"]
    ).exists()
    other = as_user(ledo_facilitator).get("/admin/akun/penugasan-fasilitator/")
    assert other.status_code == 302
