"""Fixtures for the tests of supports: an open cycle with the moderation
workflow, a moderator, public ideas, and rate limits that start from zero."""

import pytest
from django.core.cache import cache
from django.test import Client

from portal.accounts import roles
from proposals.setup import ensure_moderation_setup
from tests import factories


@pytest.fixture(autouse=True)
def clean_rate_limits():
    """django-ratelimit and allauth count in the shared local-memory cache,
    and primary keys are reused between tests: every test starts at zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def moderation_setup(db):
    return ensure_moderation_setup()


@pytest.fixture
def cycle(moderation_setup):
    return factories.make_cycle()


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
