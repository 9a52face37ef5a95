"""Fixtures of the security tests: rate limits from zero, the moderation
workflow, private media in a temporary folder."""

import pytest
from django.core.cache import cache
from django.utils.functional import empty

from proposals.setup import ensure_moderation_setup
from proposals.storage import private_storage


@pytest.fixture(autouse=True)
def clean_rate_limits():
    """django-ratelimit and allauth count in the shared local-memory cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def moderation_setup(db):
    return ensure_moderation_setup()


@pytest.fixture
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    private_storage._wrapped = empty
    yield settings.PRIVATE_MEDIA_ROOT
    private_storage._wrapped = empty


@pytest.fixture
def home_page(db):
    """The Wagtail home page at "/" (as the demo seeds it)."""
    from portal.demo.management.commands.seed_demo import seed_pages

    return seed_pages()
