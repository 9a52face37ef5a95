"""A child's new public name, in Chromium under the production policy
(issue 11 item 6; the refusal as one action, this round): the child picks a
new name from /saya/ by clicking; the public idea keeps the approved name;
the moderator finds it under "Nama panggilan baru" in the admin menu and
refuses it; the child reads why on /saya/, her approved name is back, and the
public page never showed the refused one. Every screen reached by clicking,
no policy violation, no script error, axe on the child's pages."""

import pytest
from playwright.sync_api import expect

from portal.accounts import roles
from proposals.setup import ensure_moderation_setup
from tests.e2e.conftest import assert_accessible, signed_in
from tests.e2e.test_content_security_policy import (  # noqa: F401 - fixture
    Watch,
    production_like,
)
from tests.factories import PASSWORD, make_child, make_cycle, make_staff, publish_idea

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_refused_public_name_never_shows_and_the_child_is_told(
    browser,
    browser_context_args,
    site,
    production_like,  # noqa: F811
):
    ensure_moderation_setup()
    cycle = make_cycle()
    moderator = make_staff(roles.MODERATOR, username="mod")
    kid = make_child(username="mawar", nickname="Mawar")
    idea = publish_idea(kid, moderator, cycle, title="Perpustakaan keliling desa")

    context = browser.new_context(**browser_context_args)
    watch = Watch(context)
    page = context.new_page()

    # The child picks a new name, starting from her page.
    signed_in(page, site.url, "mawar", PASSWORD)
    page.goto(site.url + "/saya/")
    page.get_by_role("link", name="Ganti", exact=True).click()
    page.get_by_label("Nama panggilan baru").fill("Kenanga")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("menunggu persetujuan moderator")).to_be_visible()
    assert_accessible(page)
    context.clear_cookies()

    # Anyone: the idea still shows the approved name.
    page.goto(site.url + "/usulan/")
    page.get_by_role("link", name="Perpustakaan keliling desa").click()
    expect(page.get_by_text("Mawar").first).to_be_visible()
    expect(page.get_by_text("Kenanga")).to_have_count(0)

    # The moderator, at a desk, through the admin menu.
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    desk_watch = Watch(desk)
    admin = desk.new_page()
    signed_in(admin, site.url, "mod", PASSWORD)
    admin.goto(site.url + "/admin/")
    admin.get_by_role("link", name="Nama panggilan baru").click()
    row = admin.get_by_role("row").filter(has_text="Kenanga")
    expect(row).to_contain_text("Mawar")
    refuse = row.get_by_role("button", name="Tolak")
    # A screen reader says whose name the button refuses.
    expect(refuse).to_have_accessible_description("Kenanga")
    refuse.click()
    expect(
        admin.get_by_text("Nama panggilan ditolak; nama lama tetap dipakai.")
    ).to_be_visible()
    expect(admin.get_by_text("Tidak ada nama panggilan yang menunggu.")).to_be_visible()
    assert desk_watch.violations == [] and desk_watch.errors == []
    desk.close()

    # The child reads why, and her approved name is hers again.
    signed_in(page, site.url, "mawar", PASSWORD)
    page.goto(site.url + "/saya/")
    kabar = page.locator("#kabar-judul").locator("xpath=..")
    expect(kabar).to_contain_text("Pilih nama panggilan lain")
    expect(page.get_by_text("menunggu persetujuan moderator")).to_have_count(0)
    assert_accessible(page)
    page.goto(site.url + f"/usulan/{idea.pk}/")
    expect(page.get_by_text("Mawar").first).to_be_visible()

    assert watch.violations == [] and watch.errors == []
    context.close()
