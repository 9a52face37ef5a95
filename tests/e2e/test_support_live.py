"""Two children look at the same idea on their phones. One taps "Dukung";
the other sees the count change without reloading. A third phone without
JavaScript supports through the plain form. axe checks the page.

pytest-django's live_server does not speak websockets, so the portal runs
in a daphne process (HTTP and websockets, the in-memory channel layer of
one process) on a throwaway SQLite database."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, signed_in
from tests.voting.servers import daphnes, migrate_and_seed, server_env

PASSWORD = "pelangi-sore-77"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("portal")
    env = server_env(f"sqlite:///{folder / 'db.sqlite3'}")
    idea = migrate_and_seed(env, ["ayu", "bima", "citra"], PASSWORD)
    with daphnes(env, folder) as (daphne,):
        yield daphne, idea


def phone(browser, browser_context_args, url, foreign, **options):
    context = browser.new_context(**browser_context_args, **options)
    page = context.new_page()
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((url, "ws://127.0.0.1", "data:"))
            else foreign.append(request.url)
        ),
    )
    return context, page


def test_a_support_shows_up_live_on_another_phone(
    browser, browser_context_args, server
):
    daphne, idea = server
    url, detail = daphne.url, f"{daphne.url}/usulan/{idea}/"
    count = f'[data-count-for="{idea}"]'
    foreign = []
    sockets_before = daphne.websocket_connections()

    context_a, ayu = phone(browser, browser_context_args, url, foreign)
    context_b, bima = phone(browser, browser_context_args, url, foreign)
    try:
        signed_in(ayu, url, "ayu", PASSWORD)
        signed_in(bima, url, "bima", PASSWORD)
        ayu.goto(detail)
        bima.goto(detail)
        expect(ayu.locator(count)).to_have_text("0")
        expect(bima.locator(count)).to_have_text("0")
        # Both pages hold a subscribed websocket before anyone taps.
        daphne.wait_for_websockets(sockets_before + 2)

        button = ayu.get_by_role("button", name="Dukung")
        expect(button).to_have_attribute("aria-pressed", "false")
        assert_accessible(ayu)
        button.click()

        expect(bima.locator(count)).to_have_text("1")
        expect(ayu.locator(count)).to_have_text("1")
        pressed = ayu.get_by_role("button", name="Kamu mendukung ✓")
        expect(pressed).to_be_visible()
        expect(pressed).to_have_attribute("aria-pressed", "true")
        assert ayu.url == detail, "no reload, no navigation"
        assert_accessible(ayu)

        # Bima's own button did not change: he has not supported it.
        expect(bima.get_by_role("button", name="Dukung")).to_have_attribute(
            "aria-pressed", "false"
        )

        # Citra's phone has JavaScript off: the plain form works.
        context_c, citra = phone(
            browser, browser_context_args, url, foreign, java_script_enabled=False
        )
        try:
            signed_in(citra, url, "citra", PASSWORD)
            citra.goto(detail)
            expect(citra.locator(count)).to_have_text("1")
            citra.get_by_role("button", name="Dukung").click()
            citra.wait_for_load_state()
            assert citra.url == f"{detail}#ide-{idea}"
            expect(citra.locator(count)).to_have_text("2")
            expect(citra.get_by_text("Kamu mendukung ide ini.")).to_be_visible()
            expect(citra.get_by_role("button", name="Kamu mendukung ✓")).to_be_visible()
        finally:
            context_c.close()

        # ...and the phones with JavaScript see it live.
        expect(bima.locator(count)).to_have_text("2")
        expect(ayu.locator(count)).to_have_text("2")

        # Ayu changes her mind: one more tap withdraws.
        ayu.get_by_role("button", name="Kamu mendukung ✓").click()
        expect(ayu.get_by_role("button", name="Dukung")).to_be_visible()
        expect(bima.locator(count)).to_have_text("1")
    finally:
        context_a.close()
        context_b.close()
    assert foreign == []
