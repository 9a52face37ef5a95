"""Fixtures shared by the tests of ideas (usulan): a moderator, places,
a visitor, ideas (the moderation workflow, the open cycle, the staff of the
Musrenbang path, private media and the home page are in tests/fixtures.py)."""

import pytest
from django.test import Client

from portal.accounts import roles
from tests import factories


@pytest.fixture
def moderator(moderation_setup):
    user = factories.make_staff(roles.MODERATOR, username="rina.moderasi")
    user.nickname = "Bu Rina Santoso"
    user.first_name, user.last_name = "Rina", "Santoso"
    user.save()
    return user


@pytest.fixture
def ledo(regions):
    return regions.get(name="Lesabela").kecamatan


@pytest.fixture
def sungai_raya(regions):
    return regions.get(name="Sungai Duri").kecamatan


@pytest.fixture
def anon():
    """A visitor who is not signed in."""
    return Client()


@pytest.fixture
def idea(child, cycle):
    """Bunga's idea, waiting for moderation."""
    return factories.submit_idea(child, cycle)


@pytest.fixture
def published(idea, moderator):
    """Bunga's idea, approved and public."""
    return factories.moderator_approves(idea, moderator)
