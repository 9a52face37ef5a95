"""Issue 11 item 14: every account signs in through the portal's own form
(/akun/masuk/), with its throttles. The Wagtail and Django admin sign-in
pages only send people there, and a POST to them signs nobody in."""

import pytest
from django.test import Client

from portal.accounts import roles
from tests import factories

pytestmark = pytest.mark.django_db

ADMIN_LOGIN_URLS = ["/admin/login/", "/django-admin/login/"]


@pytest.fixture
def admin_user(db):
    return factories.make_staff(roles.ADMIN, username="admin-uji")


def signed_in(client):
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("url", ADMIN_LOGIN_URLS)
def test_the_admin_sign_in_pages_lead_to_the_portal_sign_in(url):
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/masuk/?next=/")


@pytest.mark.parametrize("url", ADMIN_LOGIN_URLS)
def test_a_post_to_an_admin_sign_in_page_signs_nobody_in(url, admin_user, regions):
    child = factories.make_child(username="anakadmin")
    for user in (admin_user, child):
        client = Client()
        response = client.post(
            url, {"username": user.username, "password": factories.PASSWORD}
        )
        assert response.status_code in (302, 403)
        assert not signed_in(client), f"{url} signed {user.username} in"


@pytest.mark.parametrize("url", ADMIN_LOGIN_URLS)
def test_guessing_through_an_admin_sign_in_page_gets_nowhere(url, admin_user):
    """The finding: 25 wrong passwords, then the right one, signed in."""
    client = Client(REMOTE_ADDR="203.0.113.50")
    for n in range(25):
        client.post(url, {"username": admin_user.username, "password": f"salah{n}"})
    client.post(url, {"username": admin_user.username, "password": factories.PASSWORD})
    assert not signed_in(client)


@pytest.mark.parametrize("url", ["/admin/", "/django-admin/"])
def test_the_admins_send_anonymous_visitors_to_the_portal_sign_in(url):
    response = Client().get(url, follow=True)
    final, _ = response.redirect_chain[-1]
    assert final == f"/akun/masuk/?next={url}"
    assert response.status_code == 200


def test_staff_sign_in_on_the_portal_form_and_land_in_the_admin(admin_user):
    client = Client()
    response = client.post(
        "/akun/masuk/?next=/admin/",
        {"login": admin_user.username, "password": factories.PASSWORD},
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_portal_form_throttles_staff_accounts_too(admin_user):
    client = Client(REMOTE_ADDR="203.0.113.51")
    for n in range(12):
        client.post(
            "/akun/masuk/", {"login": admin_user.username, "password": f"salah{n}"}
        )
    response = client.post(
        "/akun/masuk/",
        {"login": admin_user.username, "password": factories.PASSWORD},
    )
    assert response.status_code == 200 and not signed_in(client)
    assert "Terlalu banyak" in response.content.decode()


def test_a_signed_in_child_opening_the_admin_is_refused_not_looped(child_client):
    response = child_client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) <= 3
