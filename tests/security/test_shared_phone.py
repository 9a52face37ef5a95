"""Issue 11 item 12 (c, d): a shared family phone or school computer shows
the next person nothing of the previous one.

* every response to a signed-in visitor is ``Cache-Control: no-store``, so
  neither the browser's back button nor a proxy keeps a child's page;
* a child's session ends when the browser closes, is never "remembered" for
  30 days, and ends on the server after a few hours whatever the browser
  does."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal.accounts import roles
from tests import factories

pytestmark = pytest.mark.django_db

SIGNED_IN_PAGES = [
    "/saya/",
    "/saya/data.json",
    "/saya/data.zip",
    "/usulan/",
    "/usulan/baru/",
    "/transparansi/",
    "/api/v1/usulan/",
    "/akun/keluar/",
]


@pytest.fixture
def signed_in(client, child, home_page):
    client.force_login(child)
    return client


@pytest.mark.parametrize("url", SIGNED_IN_PAGES + ["/"])
def test_every_signed_in_page_is_no_store(signed_in, url):
    response = signed_in.get(url)
    assert response.status_code == 200, url
    cache_control = response.get("Cache-Control", "")
    assert "no-store" in cache_control, (url, cache_control)
    assert "public" not in cache_control, (url, cache_control)


def test_staff_pages_are_no_store_too(client, home_page):
    client.force_login(factories.make_staff(roles.MODERATOR))
    for url in ("/", "/admin/", "/usulan/"):
        response = client.get(url)
        assert "no-store" in response.get("Cache-Control", ""), url


def test_public_pages_stay_cacheable_for_nobody_signed_in(client, home_page):
    """The rule is about signed-in visitors: the open data API keeps its
    public caching for everybody else."""
    response = client.get("/api/v1/usulan/")
    assert "public" in response["Cache-Control"]


def sign_in(client, username, remember=None):
    data = {"login": username, "password": factories.PASSWORD}
    if remember is not None:
        data["remember"] = "on" if remember else ""
    response = client.post("/akun/masuk/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def test_the_sign_in_form_offers_no_remember_me(client):
    page = client.get("/akun/masuk/").content.decode()
    assert 'name="remember"' not in page


def test_a_childs_session_ends_when_the_browser_closes(client, child):
    response = sign_in(client, child.username, remember=True)
    cookie = response.cookies["sessionid"]
    # A session cookie (no Max-Age, no Expires) dies with the browser.
    assert not cookie["max-age"], cookie.output()
    assert not cookie["expires"], cookie.output()
    assert client.session.get_expire_at_browser_close()


def test_a_child_signed_in_at_signup_is_not_remembered_either(client, child):
    """Any way into a child's session (signup, a future sign-in path) ends
    up with a browser-session cookie: checked on the next request."""
    client.force_login(child)
    response = client.get("/saya/")
    assert response.status_code == 200
    assert client.session.get_expire_at_browser_close()


def test_a_childs_session_ends_on_the_server_after_a_few_hours(client, child):
    from portal.accounts import shared_device

    sign_in(client, child.username)
    assert client.get("/saya/").status_code == 200
    session = client.session
    started = (
        timezone.now() - shared_device.CHILD_SESSION_MAX_AGE - timedelta(minutes=1)
    )
    session[shared_device.STARTED_KEY] = started.isoformat()
    session.save()
    response = client.get("/saya/")
    assert response.status_code == 302
    assert "/akun/masuk/" in response["Location"]
    # Signed out for good, not only redirected once.
    assert "_auth_user_id" not in client.session
    assert client.get("/saya/").status_code == 302
