"""Fixtures shared by the tests of ideas (usulan): the moderation workflow,
an open cycle, a moderator, the home page, private media in a temporary
folder, and rate limits that start from zero in every test."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils.functional import empty

from portal.accounts import roles
from proposals.setup import ensure_moderation_setup
from proposals.storage import private_storage
from tests import factories


@pytest.fixture
def moderation_setup(db):
    """The "Moderasi usulan" workflow (lost when a test database is flushed)."""
    return ensure_moderation_setup()


@pytest.fixture
def clean_rate_limits():
    """django-ratelimit counts in the shared local-memory cache, and primary
    keys are reused between tests: start every test with fresh counters."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def private_media(settings, tmp_path):
    """Photos and scans go to a temporary folder, not the project's."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    private_storage._wrapped = empty
    yield settings.PRIVATE_MEDIA_ROOT
    private_storage._wrapped = empty


@pytest.fixture
def cycle(moderation_setup):
    return factories.make_cycle()


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
def home_page(db):
    """The Wagtail home page at "/" (as the demo seeds it)."""
    from portal.demo.management.commands.seed_demo import seed_pages

    return seed_pages()


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
