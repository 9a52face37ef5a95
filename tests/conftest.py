import os

import pytest
from hypothesis import settings

from tests import factories

# Hypothesis explores new random inputs on every run on a developer's
# machine; CI (.ci/run sets HYPOTHESIS_PROFILE=ci) runs the same derived
# examples every time, so that a submission is judged on its code, not on
# the draw (the practice Hypothesis itself recommends for CI).
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture
def regions(db):
    return factories.make_regions()


@pytest.fixture
def child(db, regions):
    return factories.make_child(nickname="Bunga", username="bunga2013", age=12)


@pytest.fixture
def facilitator(db):
    from portal.accounts import roles

    return factories.make_staff(roles.FASILITATOR, username="fasil")


@pytest.fixture
def child_client(client, child):
    client.force_login(child)
    return client


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix, tmp_path_factory
):
    """On SQLite, the test database is a file, as in development.

    The in-memory database Django uses by default is shared between threads
    through SQLite's shared cache, whose table locks fail at once ("database
    table is locked") instead of waiting: the WAL mode, immediate
    transactions and busy timeout of ``settings/base.py`` only work on a
    file. Tests of concurrent supports need the real behaviour."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        folder = tmp_path_factory.mktemp("sqlite")
        database.setdefault("TEST", {})["NAME"] = str(folder / "test.sqlite3")


@pytest.fixture(scope="session", autouse=True)
def _media_of_this_worker():
    """Parallel workers (pytest-xdist) each keep their uploads in a folder of
    their own."""
    from django.conf import settings

    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        settings.MEDIA_ROOT = settings.MEDIA_ROOT / worker
        settings.PRIVATE_MEDIA_ROOT = settings.PRIVATE_MEDIA_ROOT / worker
    yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test starts with an empty cache: kept page fragments, counts,
    site settings and rate-limit counters never leak from one test into the
    next (the test settings use the local-memory cache)."""
    from django.core.cache import cache

    from proposals.checks import wordlists

    cache.clear()
    # The test database starts without staff entries in the checks' word
    # lists; the cache says so, as it would after the first read, so that
    # tests of the checks alone need no database. Saving or deleting a
    # CheckWord drops this (tests/proposals/test_check_words.py).
    wordlists.forget()
    cache.set(wordlists.CACHE_KEY, wordlists.NO_STAFF_WORDS, None)
    yield


@pytest.fixture(autouse=True)
def _portal_language():
    """Every test starts in the portal's language (Indonesian): a request
    with the English cookie activates English for its thread, and an action
    called directly afterwards would otherwise speak English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield


@pytest.fixture
def pdf_fetches(monkeypatch):
    """Every URL WeasyPrint asks the PDF's fetcher for
    (``portal.evidence.pdf.local_url_fetcher``), in order; the real fetcher
    still answers (and refuses what is not local)."""
    from portal.evidence import pdf

    asked = []
    real = pdf.local_url_fetcher

    def spy():
        fetcher = real()
        original = fetcher.fetch

        def fetch(url, headers=None):
            asked.append(url)
            return original(url, headers)

        fetcher.fetch = fetch
        return fetcher

    monkeypatch.setattr(pdf, "local_url_fetcher", spy)
    return asked


# A transactional test (``transaction=True``, ``transactional_db``,
# ``live_server``) ends with Django emptying every table. That also removes
# the rows the data migrations made (the role groups and their permissions,
# the moderation workflow, Wagtail's root page, site, collection and locale),
# which every other test may count on. pytest-django runs the transactional
# tests last, so one process never noticed; parallel workers (pytest-xdist)
# and any other order do. So the database is photographed once, right after
# the migrations, and put back after every transactional test: each test,
# in any order and on any worker, starts from the database the migrations
# made.
_MIGRATED_ROWS = {}


def _is_transactional(item):
    from pytest_django.fixtures import validate_django_db

    marker = item.get_closest_marker("django_db")
    if marker is not None:
        transaction, reset_sequences, *_ = validate_django_db(marker)
        if transaction or reset_sequences:
            return True
    names = getattr(item, "fixturenames", ())
    return any(
        name in names
        for name in ("transactional_db", "live_server", "django_db_reset_sequences")
    )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """pytest-django's test database, and a copy of its rows when the run has
    a transactional test to restore them after."""
    if any(_is_transactional(item) for item in request.session.items):
        from django.db import connections

        with django_db_blocker.unblock():
            for alias in connections:
                _MIGRATED_ROWS[alias] = _serialize_rows(connections[alias])
    yield
    _MIGRATED_ROWS.clear()


def _serialize_rows(connection):
    """Every row, as Django's ``serialize_db_to_string`` (serialized rollback)
    takes them, but content types first: saving a page or a workflow looks
    up its content type and would otherwise create it anew, under another
    id than the one restored after it."""
    from django.apps import apps
    from django.core import serializers
    from django.db import router
    from django.db.migrations.loader import MigrationLoader

    migrated = MigrationLoader(connection).migrated_apps
    configs = sorted(
        apps.get_app_configs(), key=lambda config: config.label != "contenttypes"
    )

    def rows():
        for config in configs:
            if config.models_module is None or config.label not in migrated:
                continue
            for model in config.get_models():
                if model._meta.can_migrate(connection) and router.allow_migrate_model(
                    connection.alias, model
                ):
                    manager = model._base_manager.using(connection.alias)
                    yield from manager.order_by(model._meta.pk.name).iterator()

    return serializers.serialize("json", rows())


def _restore_migrated_rows(config):
    from django.core.management import call_command
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    with config.stash[blocking_manager_key].unblock():
        for alias, rows in _MIGRATED_ROWS.items():
            # The test's own flush re-created content types and permissions
            # with new ids; empty the tables again without that.
            call_command(
                "flush",
                verbosity=0,
                interactive=False,
                database=alias,
                reset_sequences=False,
                inhibit_post_migrate=True,
            )
            connections[alias].creation.deserialize_db_from_string(rows)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    try:
        return (yield)
    finally:
        if _MIGRATED_ROWS and _is_transactional(item):
            _restore_migrated_rows(item.config)


pytest_plugins = ["tests.fixtures"]
