"""Safeguarding and the facilitator's area, in Chromium under the production
policy (h6, issue 11 items 1, 3 and 16): a flagged idea has no approve
button; the moderator escalates it by clicking; the Petugas Perlindungan
sees the case with its snapshot after the child's account is gone. A
facilitator sees only the children of the assigned area, and acting on
another child is refused. One browser; each adult signs in once."""

import pytest
from playwright.sync_api import expect

from portal.accounts import roles
from portal.accounts.actions import delete_child_account
from portal.regions.models import Kecamatan
from proposals.models import SafeguardingCase
from proposals.setup import ensure_moderation_setup
from tests.e2e.conftest import signed_in
from tests.e2e.test_content_security_policy import (  # noqa: F401 - fixture
    Watch,
    production_like,
)
from tests.factories import PASSWORD, make_child, make_cycle, make_staff, submit_idea

pytestmark = pytest.mark.django_db(transaction=True)

DISCLOSURE = "Ayah sering memukul saya dan adik, saya takut pulang ke rumah."


def test_danger_flag_path_and_facilitator_area(
    browser,
    browser_context_args,
    site,
    production_like,  # noqa: F811
):
    ensure_moderation_setup()
    cycle = make_cycle()
    ledo, other = Kecamatan.objects.order_by("name")[:2]
    desa_here = ledo.desa_set.first()
    desa_there = other.desa_set.first()
    kid = make_child(username="kenanga", nickname="Kenanga", desa=desa_here)
    idea = submit_idea(kid, cycle, title="Tempat aman untuk anak", problem=DISCLOSURE)
    make_child(username="seruni", nickname="Seruni", desa=desa_here)
    stranger = make_child(username="teratai", nickname="Teratai", desa=desa_there)
    make_staff(roles.MODERATOR, username="mod")
    make_staff(roles.PERLINDUNGAN, username="lindung")
    make_staff(roles.FASILITATOR, username="fasil", area=ledo)

    context = browser.new_context(**browser_context_args)
    watch = Watch(context)
    page = context.new_page()

    # The moderator: the flagged idea offers no approval, only escalation.
    signed_in(page, site.url, "mod", PASSWORD)
    page.goto(site.url + f"/admin/snippets/proposals/proposal/edit/{idea.pk}/")
    expect(
        page.get_by_text("Tanda bahaya: ide ini tidak bisa disetujui.")
    ).to_be_visible()
    expect(page.locator("[data-workflow-action-name='approve']")).to_have_count(0)
    page.get_by_role("link", name="Alihkan ke Petugas Perlindungan").click()
    page.get_by_label("Kenapa ide ini perlu ditangani petugas perlindungan?").fill(
        "Anak bercerita dipukul ayah dan takut pulang."
    )
    page.get_by_role("button", name="Alihkan sekarang").click()
    page.wait_for_url("**/admin/snippets/proposals/proposal/")
    case = SafeguardingCase.objects.get(proposal=idea)
    context.clear_cookies()

    # The child's account goes; the officer still sees what the case needs.
    delete_child_account(kid)
    signed_in(page, site.url, "lindung", PASSWORD)
    page.goto(site.url + "/admin/perlindungan/")
    page.get_by_role("link", name=str(case)).first.click()
    expect(page.get_by_text(DISCLOSURE)).to_be_visible()
    expect(page.get_by_text("Kenanga (kenanga)")).to_be_visible()
    expect(
        page.get_by_text("Akun anak sudah dihapus; data di atas adalah salinan")
    ).to_be_visible()
    context.clear_cookies()

    # The facilitator of Kecamatan Ledo: only its children, nobody else's.
    signed_in(page, site.url, "fasil", PASSWORD)
    page.goto(site.url + "/fasilitator/anak/")
    expect(page.get_by_role("link", name="Seruni (seruni)")).to_be_visible()
    expect(page.get_by_text("Teratai")).to_have_count(0)
    response = page.goto(site.url + f"/fasilitator/anak/{stranger.pk}/")
    assert response.status == 404
    # A reset form pointed at the other child (as a crafted request would be).
    page.goto(site.url + "/fasilitator/anak/")
    page.get_by_role("link", name="Seruni (seruni)").click()
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.evaluate(
            """(url) => {
                const form = document.querySelector("form[action$='/kata-sandi/']");
                form.action = url;
                form.submit();
            }""",
            f"/fasilitator/anak/{stranger.pk}/kata-sandi/",
        )
    assert posted.value.status == 404
    stranger.refresh_from_db()
    assert not stranger.must_change_password

    context.close()
    assert watch.violations == [] and watch.errors == []
