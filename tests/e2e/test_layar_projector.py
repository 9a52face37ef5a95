"""Issue 12 item 10: the Layar Musrenbang on a projector, at 1920×1080 and
1280×720: no site menu, nothing scrolls, type readable from the back of the
hall, sections that turn, a decision recorded by Bappeda shows up live, and
axe finds nothing. Screenshots go to pytest's tmp_path (not the repo).

The Layar's live refresh needs websockets, so the portal runs in a daphne
process on a throwaway SQLite database (tests/voting/servers.py)."""

import json
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, sign_in
from tests.voting.servers import daphnes, manage, server_env

PASSWORD = "pelangi-sore-77"
LONG = (
    "Taman bermain yang aman dan teduh untuk anak-anak di desa kami, dengan "
    "ayunan, perosotan, dan pohon rindang"
)
SEED = """
import json
from portal.accounts import roles
from proposals.setup import ensure_moderation_setup
from tests import factories
from tests.proposals.helpers import awarded
ensure_moderation_setup()
factories.make_regions()
cycle = factories.make_cycle()
staff = {
    "moderator": factories.make_staff(roles.MODERATOR),
    "bappeda": factories.make_staff(roles.BAPPEDA, username="bappeda1",
                                    password=%(password)r),
}
tickets = [awarded(cycle, staff, title=%(long)r + " " + str(n)) for n in range(4)]
print("SEED " + json.dumps({"ticket": tickets[0].pk}))
"""
# (viewport, least body font size in px): 28 px at 1080 lines, as scaled.
SCREENS = [((1920, 1080), 28), ((1280, 720), 18)]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("layar")
    env = server_env(f"sqlite:///{folder / 'db.sqlite3'}")
    manage(env, "migrate", "--noinput", "-v0")
    out = manage(env, "shell", "-c", SEED % {"password": PASSWORD, "long": LONG[:100]})
    ticket = json.loads(re.search(r"^SEED (.*)$", out, re.M).group(1))["ticket"]
    with daphnes(env, folder) as (daphne,):
        yield daphne, ticket


MEASURE = """() => {
  const main = document.querySelector('.layar-main');
  const sections = [...document.querySelectorAll('[data-layar-section]')];
  const overflow = [];
  // Every section, shown alone as the rotation does, must fit the screen.
  sections.forEach((section, i) => {
    sections.forEach((s, j) => { s.hidden = i !== j; });
    if (main.scrollHeight > main.clientHeight
        || document.documentElement.scrollHeight > window.innerHeight
        || document.documentElement.scrollWidth > window.innerWidth) {
      overflow.push(section.getAttribute('data-layar-section'));
    }
  });
  sections.forEach((s, j) => { s.hidden = j !== 0; });
  const size = (sel) => parseFloat(getComputedStyle(document.querySelector(sel)).fontSize);
  return {
    overflow,
    sections: sections.length,
    meta: size('.layar-meta'),
    count: size('.layar-count dt'),
    menu: document.querySelectorAll('nav, .site-header, .site-footer, footer').length,
  };
}"""


def test_the_layar_fits_a_projector_turns_and_updates_live(browser, server, tmp_path):
    daphne, ticket = server
    url = daphne.url
    sockets = daphne.websocket_connections()
    screens = []
    for (width, height), least in SCREENS:
        context = browser.new_context(
            viewport={"width": width, "height": height}, locale="id-ID"
        )
        page = context.new_page()
        page.goto(url + "/layar/?seconds=3")
        position = page.locator("[data-layar-position]")
        expect(position).to_have_text("1 / 3")
        page.screenshot(path=tmp_path / f"layar-{width}x{height}.png")
        facts = page.evaluate(MEASURE)
        assert facts["sections"] == 3
        assert facts["overflow"] == [], (width, facts)
        assert facts["meta"] >= least and facts["count"] >= least, facts
        assert facts["menu"] == 0
        assert_accessible(page)
        # The sections turn by themselves, one at a time.
        expect(position).to_have_text("2 / 3", timeout=6000)
        expect(page.locator("[data-layar-section]:visible")).to_have_count(1)
        expect(page.locator('[data-layar-section="2"]')).to_be_visible()
        screens.append((context, page))
    # Both screens hold a subscribed websocket before Bappeda records.
    daphne.wait_for_websockets(sockets + 2)

    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    admin = desk.new_page()
    sign_in(admin, url, "bappeda1", PASSWORD)
    admin.goto(url + f"/admin/tiket-emas/{ticket}/")
    admin.select_option("#id_outcome-level", "kecamatan")
    admin.select_option("#id_outcome-outcome", "accepted")
    admin.select_option("#id_outcome-reason_category", "accepted")
    admin.fill("#id_outcome-reply", "Idemu diterima di Musrenbang kecamatan!")
    admin.get_by_role("button", name="Simpan hasil").click()
    expect(admin.get_by_text("Hasil Musrenbang dicatat")).to_be_visible()
    desk.close()

    for context, page in screens:
        # Without a reload: the count of accepted ideas and the decision.
        expect(page.locator('[data-layar-count="accepted"]')).to_have_text(
            "1", timeout=10000
        )
        assert "Musrenbang kecamatan: Diterima" in page.content()
        context.close()
