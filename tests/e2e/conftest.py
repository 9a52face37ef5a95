"""Browser journeys in Debian's Chromium on an emulated Pixel 5.

Playwright's sync API runs an event loop in the test thread; the tests only
use the ORM to arrange data, so Django's async-safety guard is relaxed here.
"""

import os

import pytest
from django.core.management import call_command

# Set at import: session fixtures (database creation, live_server) run while
# Playwright's loop is already running. Subprocess tests strip it again.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, playwright):
    return {
        **browser_context_args,
        **playwright.devices["Pixel 5"],
        "locale": "id-ID",
        "timezone_id": "Asia/Pontianak",
    }


@pytest.fixture
def site(transactional_db, live_server):
    """The portal with its regions, roles and pages, served by live_server."""
    from portal.accounts.roles import ensure_roles
    from portal.demo.management.commands.seed_demo import seed_pages

    call_command("load_wilayah", verbosity=0)
    ensure_roles()
    seed_pages()
    return live_server


@pytest.fixture
def third_party_requests(page, site):
    """Every request the page makes to a host other than the live server."""
    foreign = []
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith(site.url) or request.url.startswith("data:")
            else foreign.append(request.url)
        ),
    )
    return foreign


def assert_accessible(page):
    from axe_playwright_python.sync_playwright import Axe

    # What a reader sees once the page is still: a fade-in caught half-way
    # has the colours of neither end (seen on the Layar as a 3.5:1 "contrast").
    page.evaluate("() => Promise.all(document.getAnimations().map(a => a.finished))")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def sign_in(page, base_url, username, password):
    """Through the real sign-in form, as a child or a staff member does."""
    page.goto(base_url + "/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()


def signed_in(page, base_url, username, password):
    """``sign_in``, then make sure it worked."""
    sign_in(page, base_url, username, password)
    page.wait_for_load_state()
    assert "/akun/masuk/" not in page.url, f"{username} could not sign in"
