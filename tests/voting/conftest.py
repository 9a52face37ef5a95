"""Fixtures for the tests of supports: a moderator, public ideas (the open
cycle and the moderation workflow are in tests/fixtures.py)."""

import pytest
from django.test import Client

from portal.accounts import roles
from tests import factories


@pytest.fixture
def moderator(moderation_setup):
    return factories.make_staff(roles.MODERATOR, username="rina.moderasi")


@pytest.fixture
def idea(cycle, moderator, regions):
    """A public idea by another child, nobody supports it yet."""
    return factories.public_idea(cycle, moderator, title="Taman bermain di desa")


@pytest.fixture
def ideas(cycle, moderator, regions):
    """Three more public ideas in the same cycle."""
    return [
        factories.public_idea(cycle, moderator, title=f"Ide nomor {n} untuk desa")
        for n in (1, 2, 3)
    ]


@pytest.fixture
def anon():
    return Client()
