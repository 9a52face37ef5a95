"""The portal and the Wagtail admin work under the Content-Security-Policy
and the production cookie and header settings: a child's journey (home, the
list, an idea, a support tap) and an administrator's (sign in to /admin/,
the ideas list, an idea, a cycle with date pickers, the page editor) run in
Chromium without a single policy violation or script error."""

import pytest
from playwright.sync_api import expect

from portal.accounts import roles
from proposals.setup import ensure_moderation_setup
from tests.e2e.conftest import signed_in
from tests.factories import PASSWORD, make_child, make_cycle, make_staff, publish_idea

pytestmark = pytest.mark.django_db(transaction=True)

# Every violation is written to the console, where the test collects it
# (Chromium also logs its own message about each refused resource).
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (e) {
  console.error("CSP violation: " + e.violatedDirective + " blocked " +
                (e.blockedURI || "inline") + " at " + e.sourceFile + ":" + e.lineNumber);
});
"""


@pytest.fixture
def production_like(settings):
    """What portal/settings/production.py adds to the base policy that can
    work over the live server's plain http: secure, HttpOnly cookies (Chromium
    treats localhost as a secure origin) and the same CSP."""
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.LANGUAGE_COOKIE_SECURE = True
    settings.SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    settings.DEBUG = False
    return settings


class Watch:
    """Console messages about the policy, and uncaught script errors."""

    def __init__(self, context):
        self.violations, self.errors = [], []
        context.add_init_script(REPORT_VIOLATIONS)
        context.on("page", self.attach)

    def attach(self, page):
        page.on("console", self.console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def console(self, message):
        text = message.text
        if "Content Security Policy" in text or "CSP violation" in text:
            self.violations.append(text)


def test_child_journey_has_no_policy_violation(
    browser, browser_context_args, site, production_like
):
    ensure_moderation_setup()
    cycle = make_cycle()
    moderator = make_staff(roles.MODERATOR)
    idea = publish_idea(make_child(), moderator, cycle, title="Lampu jalan ke sekolah")
    make_child(username="mawar")

    context = browser.new_context(**browser_context_args)
    watch = Watch(context)
    page = context.new_page()

    response = page.goto(site.url + "/")
    policy = response.headers["content-security-policy"]
    for directive in (
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ):
        assert directive in policy
    assert "unsafe-inline" not in policy
    # HSTS is sent over https only; tests/security/test_headers.py checks it.

    signed_in(page, site.url, "mawar", PASSWORD)
    cookies = {c["name"]: c for c in context.cookies()}
    assert cookies["sessionid"]["secure"] and cookies["sessionid"]["httpOnly"]
    assert cookies["csrftoken"]["secure"] and cookies["csrftoken"]["httpOnly"]

    page.goto(site.url + "/")
    page.goto(site.url + "/usulan/")
    page.get_by_role("link", name="Lampu jalan ke sekolah").first.click()
    page.wait_for_url(f"**/usulan/{idea.pk}/")
    count = page.locator(f'[data-count-for="{idea.pk}"]').first
    expect(count).to_have_text("0")
    page.locator("form[data-support-form] button").first.click()
    expect(count).to_have_text("1")  # the tap went through fetch, no reload
    page.goto(site.url + "/usulan/baru/")
    page.goto(site.url + "/saya/")
    context.close()

    assert watch.violations == []
    assert watch.errors == []


def test_admin_journey_has_no_policy_violation(browser, site, production_like):
    ensure_moderation_setup()
    cycle = make_cycle()
    moderator = make_staff(roles.MODERATOR)
    idea = publish_idea(make_child(), moderator, cycle, title="Perpustakaan keliling")
    make_staff(roles.ADMIN, username="kepala")
    from wagtail.models import Collection, Page

    home = Page.objects.get(depth=2)
    if not Collection.objects.exists():  # a flushed database lost Wagtail's root
        Collection.add_root(name="Root")

    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="id-ID"
    )
    watch = Watch(context)
    page = context.new_page()
    # /admin/login/ points to the portal's sign-in (issue 11 item 14).
    page.goto(site.url + "/admin/login/")
    page.wait_for_url(f"{site.url}/akun/masuk/?next=/admin/")
    page.fill("#id_login", "kepala")
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{site.url}/admin/")
    response = page.goto(site.url + "/admin/")
    assert "script-src 'self'" in response.headers["content-security-policy"]

    page.goto(site.url + "/admin/snippets/proposals/proposal/")
    expect(page.get_by_text("Perpustakaan keliling").first).to_be_visible()
    page.goto(site.url + f"/admin/snippets/proposals/proposal/edit/{idea.pk}/")
    expect(page.locator("main")).to_contain_text("Perpustakaan keliling")
    page.goto(site.url + "/admin/snippets/proposals/goldenticket/")

    # A cycle's dates use Wagtail's date chooser, started by admin-csp.js.
    page.goto(site.url + f"/admin/snippets/proposals/cycle/edit/{cycle.pk}/")
    page.locator("#id_opens_on").click()
    expect(page.locator(".xdsoft_datetimepicker").first).to_be_visible()

    # The page editor: StreamField, the settings tab's date-time choosers.
    page.goto(site.url + f"/admin/pages/{home.pk}/edit/")
    expect(page.locator("#id_title")).to_be_visible()
    page.goto(site.url + "/admin/pages/")
    for path in (
        "/admin/laporan/",
        "/admin/perlindungan/",
        "/admin/images/multiple/add/",
        "/admin/users/",
        "/django-admin/",
        "/django-admin/regions/desa/",
    ):
        response = page.goto(site.url + path)
        assert response.status == 200, path
    context.close()

    assert watch.violations == []
    assert watch.errors == []
