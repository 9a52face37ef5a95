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


pytest_plugins = ["tests.fixtures"]
