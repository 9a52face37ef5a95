"""Security headers and cookies: every response carries the
Content-Security-Policy; under the production settings (read from
portal/settings/production.py itself, in a subprocess with the variables a
deployment sets) pages also carry HSTS for a year, nosniff, a referrer policy
and no framing, and every cookie is Secure and HttpOnly."""

import json
import subprocess
import sys

import pytest

from portal.accounts import roles
from tests import factories
from tests.core.test_health_and_settings import PRODUCTION_ENV, ROOT, clean_environ

pytestmark = pytest.mark.django_db

SECURITY_SETTINGS = [
    "CSP_DIRECTIVES",
    "CSP_PATH_EXTRAS",
    "CSP_REPORT_ONLY",
    "PERMISSIONS_POLICY",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "LANGUAGE_COOKIE_SECURE",
    "LANGUAGE_COOKIE_HTTPONLY",
    "X_FRAME_OPTIONS",
]
STRICT = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
]


@pytest.fixture(scope="module")
def production_values():
    code = (
        "import json, django; django.setup(); from django.conf import settings;"
        f"print(json.dumps({{k: getattr(settings, k) for k in {SECURITY_SETTINGS!r}}}))"
    )
    env = {k: v for k, v in clean_environ().items() if k not in PRODUCTION_ENV}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, **PRODUCTION_ENV},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


@pytest.fixture
def production(settings, production_values, home_page):
    for name, value in production_values.items():
        setattr(settings, name, value)
    return settings


def directives(header):
    return {
        part.split()[0]: part.split()[1:]
        for part in (p.strip() for p in header.split(";"))
        if part
    }


def test_production_values_are_the_hardened_ones(production_values):
    v = production_values
    assert v["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert v["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert v["SESSION_COOKIE_SECURE"] and v["SESSION_COOKIE_HTTPONLY"]
    assert v["CSRF_COOKIE_SECURE"] and v["CSRF_COOKIE_HTTPONLY"]
    assert v["LANGUAGE_COOKIE_SECURE"] and v["LANGUAGE_COOKIE_HTTPONLY"]
    assert v["CSP_REPORT_ONLY"] is False
    assert "upgrade-insecure-requests" in v["CSP_DIRECTIVES"]


@pytest.mark.parametrize(
    "path", ["/", "/usulan/", "/akun/masuk/", "/healthz", "/admin/login/", "/nope/"]
)
def test_production_headers_on_public_pages(client, production, path):
    response = client.get(path, secure=True)
    # /admin/login/ only points to the portal's sign-in (issue 11 item 14).
    assert response.status_code in ((302,) if path == "/admin/login/" else (200, 404))
    h = response.headers
    assert h["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert h["X-Content-Type-Options"] == "nosniff"
    assert h["Referrer-Policy"] == "same-origin"
    assert h["X-Frame-Options"] == "DENY"
    assert h["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in h["Permissions-Policy"]
    policy = h["Content-Security-Policy"]
    for directive in STRICT:
        assert directive in policy, (path, directive)
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "upgrade-insecure-requests" in directives(policy)


def test_plain_http_is_redirected_to_https(client, production):
    response = client.get("/usulan/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_production_cookies_are_secure_and_httponly(client, production, regions):
    child = factories.make_child(username="cookie")
    client.get("/akun/masuk/", secure=True)
    response = client.post(
        "/akun/masuk/",
        {"login": child.username, "password": factories.PASSWORD},
        secure=True,
    )
    assert response.status_code == 302
    client.post("/i18n/setlang/", {"language": "en", "next": "/"}, secure=True)
    assert {"sessionid", "csrftoken", "django_language"} <= set(client.cookies)
    for name, morsel in client.cookies.items():
        assert morsel["secure"] is True, name
        assert morsel["httponly"] is True, name
        assert morsel["samesite"] == "Lax", name


def test_admin_gets_the_same_scripts_policy(client, production):
    admin = factories.make_staff(roles.ADMIN)
    client.force_login(admin)
    response = client.get("/admin/", secure=True)
    assert response.status_code == 200
    policy = directives(response.headers["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:", "blob:"]
    assert policy["object-src"] == ["'none'"]
    # Wagtail's admin pages keep no inline script (the date choosers are
    # started by static/js/admin-csp.js).
    assert b"<script>" not in response.content


def test_wagtail_preview_may_be_framed_by_the_admin_only(rf, settings):
    from django.http import HttpResponse

    from portal.core.middleware import ContentSecurityPolicyMiddleware

    def framed_view(request):
        response = HttpResponse("preview")
        response["X-Frame-Options"] = "SAMEORIGIN"
        return response

    response = ContentSecurityPolicyMiddleware(framed_view)(rf.get("/admin/x/"))
    assert directives(response["Content-Security-Policy"])["frame-ancestors"] == [
        "'self'"
    ]


def test_every_kind_of_response_has_the_policy(client, regions, settings):
    """Errors, JSON and downloads too, in the settings the tests run with."""
    child = factories.make_child()
    client.force_login(child)
    for path, status in [
        ("/saya/data.json", 200),
        ("/fasilitator/", 403),
        ("/tidak-ada/", 404),
        ("/healthz", 200),
    ]:
        response = client.get(path)
        assert response.status_code == status, path
        for directive in STRICT:
            assert directive in response.headers["Content-Security-Policy"]


def test_the_date_widget_of_the_admin_has_no_inline_script(client, db):
    from proposals.models import Cycle

    cycle = factories.make_cycle()
    client.force_login(factories.make_staff(roles.ADMIN))
    response = client.get(f"/admin/snippets/proposals/cycle/edit/{cycle.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>" not in html
    assert 'data-portal-chooser="initDateChooser"' in html
    assert "js/admin-csp.js" in html
    assert Cycle.objects.count() == 1
