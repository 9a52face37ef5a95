"""Fixtures shared by several test folders, defined once (issue 13 item 9):
the moderation workflow, private media in a temporary folder, the home
page, the open cycle and the staff of the Musrenbang path. Loaded by
``pytest_plugins`` in tests/conftest.py.

Rate limits need no fixture: the autouse ``_fresh_cache`` of tests/conftest.py
empties the one cache django-ratelimit and allauth count in before every
test."""

import pytest


@pytest.fixture
def moderation_setup(db):
    """The "Moderasi usulan" workflow (lost when a test database is flushed)."""
    from proposals.setup import ensure_moderation_setup

    return ensure_moderation_setup()


@pytest.fixture
def private_media(settings, tmp_path):
    """Photos and scans go to a temporary folder, not the project's."""
    from django.utils.functional import empty

    from proposals.storage import private_storage

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    private_storage._wrapped = empty
    yield settings.PRIVATE_MEDIA_ROOT
    private_storage._wrapped = empty


@pytest.fixture
def migrate_to(transactional_db):
    """Move the test database to a migration (``[("app", "0007_name")]``) and
    get that state's models; the test ends with the database at the latest
    migration of every app again, so the tests after it on the same worker
    see the full schema (checked, not assumed)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    def migrate(target):
        executor = MigrationExecutor(connection)
        executor.migrate(target)
        return executor.loader.project_state(target).apps

    yield migrate
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(latest)
    executor.loader.build_graph()
    assert executor.migration_plan(latest) == [], (
        "the test database is not at the latest migrations"
    )


@pytest.fixture
def home_page(db):
    """The Wagtail home page at "/" (as the demo seeds it)."""
    from portal.demo.management.commands.seed_demo import seed_pages

    return seed_pages()


@pytest.fixture
def cycle(moderation_setup):
    """The cycle open today (``factories.make_cycle``)."""
    from tests import factories

    return factories.make_cycle()


@pytest.fixture
def staff(regions, moderation_setup):
    """One adult in each role of the Musrenbang path: moderator,
    facilitator, bappeda, opd (``tests/proposals/helpers.py`` takes them)."""
    from tests.proposals.helpers import musrenbang_staff

    return musrenbang_staff()
