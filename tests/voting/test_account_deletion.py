"""A deleted account or revoked consent: the child's supports go, every
count follows, and nobody else's supports are touched."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from portal.accounts import actions as account_actions
from portal.accounts import roles
from portal.accounts.models import User
from tests import factories
from tests.factories import PASSWORD, make_child, stored_count, support_rows
from voting.actions import toggle_support
from voting.models import Support

pytestmark = pytest.mark.django_db


@pytest.fixture
def leaving(regions):
    return make_child(username="dayu", nickname="Dayu")


@pytest.fixture
def staying(regions):
    return factories.make_children(2)


@pytest.fixture
def supported(leaving, staying, ideas, idea):
    """Dayu supports all four ideas; the two others support the first two."""
    for proposal in [idea, *ideas]:
        toggle_support(leaving, proposal.pk)
    for child in staying:
        for proposal in (idea, ideas[0]):
            toggle_support(child, proposal.pk)
    assert stored_count(idea) == 3
    return [idea, *ideas]


def assert_counts_follow(proposals, expected):
    for proposal, count in zip(proposals, expected, strict=True):
        assert stored_count(proposal) == support_rows(proposal) == count


def test_deleting_the_account_removes_its_supports_and_the_counts_follow(
    leaving, staying, supported
):
    account_actions.delete_child_account(leaving)
    assert not User.objects.filter(pk=leaving.pk).exists()
    assert not Support.objects.filter(child_id=leaving.pk).exists()
    assert_counts_follow(supported, [2, 2, 0, 0])
    assert Support.objects.filter(child__in=staying).count() == 4


def test_a_child_deleting_her_account_from_her_page(leaving, supported):
    client = Client()
    client.force_login(leaving)
    response = client.post("/saya/hapus/", {"password": PASSWORD})
    assert response.status_code == 302
    assert_counts_follow(supported, [2, 2, 0, 0])
    page = Client().get(f"/usulan/{supported[0].pk}/").content.decode()
    assert f'<strong data-count-for="{supported[0].pk}">2</strong>' in page


def test_revoked_consent_removes_the_supports_and_the_counts_follow(
    leaving, staying, supported
):
    facilitator = factories.make_staff(roles.FASILITATOR)
    account_actions.revoke_consent(leaving, facilitator)
    assert not Support.objects.filter(child_id=leaving.pk).exists()
    assert_counts_follow(supported, [2, 2, 0, 0])


def test_a_facilitator_revoking_consent_from_the_child_page(leaving, supported):
    facilitator = factories.make_staff(roles.FASILITATOR)
    client = Client()
    client.force_login(facilitator)
    response = client.post(
        f"/fasilitator/anak/{leaving.pk}/cabut/", {"confirm": "yes"}, follow=True
    )
    assert response.status_code == 200
    assert_counts_follow(supported, [2, 2, 0, 0])


def test_only_a_facilitator_can_revoke(leaving, staying, supported):
    with pytest.raises(PermissionDenied):
        account_actions.revoke_consent(leaving, staying[0])
    assert_counts_follow(supported, [3, 3, 1, 1])


def test_the_counts_stay_right_when_the_others_leave_too(leaving, staying, supported):
    for child in [leaving, *staying]:
        account_actions.delete_child_account(child)
    assert_counts_follow(supported, [0, 0, 0, 0])
    assert not Support.objects.exists()
