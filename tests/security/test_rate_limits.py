"""Rate limits by address, as allauth applies them to signing in and
signing up: a school's class behind one address is never refused (see also
tests/voting/test_rate_limits.py for signing in and supporting), one address
hammering the forms gets the friendly 429 page, and the address is the one
the trusted proxies saw: a forged X-Forwarded-For changes nothing."""

import time

import pytest
from django.test import Client

from portal.accounts.models import User
from tests import factories

pytestmark = pytest.mark.django_db

SCHOOL = "10.1.2.3"


def smaller_login_limit(settings):
    """The same kind of limit, smaller, so that the proxy tests stay fast."""
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "30/m/ip"}


def limit_of(action):
    """The per-address limit configured for an allauth action: (count, unit)."""
    from django.conf import settings

    count, period = settings.ACCOUNT_RATE_LIMITS[action].split(",")[0].split("/")[:2]
    return int(count), period


def sign_up(client, n, desa):
    step_one = client.post(
        "/akun/daftar/",
        {
            "nickname": f"Kelas{n}",
            "username": f"kelas6b{n}",
            "password1": "pelangi-sore-77",
            "password2": "pelangi-sore-77",
            "birth_year": "2014",
            "birth_month": "5",
            "gender": "perempuan",
            "desa": str(desa.pk),
        },
    )
    step_two = client.post(
        "/akun/daftar/wali/",
        {
            "guardian_name": f"Ibu Kelas {n}",
            "guardian_relationship": "mother",
            "agree": "on",
        },
    )
    return step_one.status_code, step_two.status_code


def test_a_class_signs_up_together_from_the_school_address(regions):
    desa = regions.first()
    started = time.monotonic()
    results = [sign_up(Client(REMOTE_ADDR=SCHOOL), n, desa) for n in range(40)]
    assert time.monotonic() - started < 60, "precondition: within one minute"
    assert results == [(302, 302)] * 40
    assert User.objects.filter(username__startswith="kelas6b").count() == 40


def hammer_login(count, **extra):
    client_kwargs = {"REMOTE_ADDR": "203.0.113.9"}
    responses = []
    for n in range(count):
        headers = extra.get("forwarded", lambda n: {})(n)
        client = Client(**client_kwargs, **headers)
        responses.append(
            client.post("/akun/masuk/", {"login": f"tebak{n}", "password": "salah"})
        )
    return responses


def test_one_address_hammering_sign_in_gets_the_friendly_page(regions):
    count, period = limit_of("login")
    assert period == "m" and count >= 40 * 3, "a class must fit in the limit"
    responses = hammer_login(count + 1)
    assert {r.status_code for r in responses[:count]} == {200}
    refused = responses[-1]
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Pelan-pelan dulu" in page and '<html lang="id">' in page
    # Another address (another school) is not affected.
    child = factories.make_child()
    other = Client(REMOTE_ADDR="198.51.100.4")
    response = other.post(
        "/akun/masuk/", {"login": child.username, "password": factories.PASSWORD}
    )
    assert response.status_code == 302


def test_one_address_hammering_sign_up_gets_the_friendly_page(regions):
    count, _ = limit_of("signup")
    client = Client(REMOTE_ADDR="203.0.113.10")
    statuses = [
        client.post("/akun/daftar/", {"username": f"x{n}"}).status_code
        for n in range(count + 1)
    ]
    assert set(statuses[:count]) == {200}  # the form, with its errors
    assert statuses[-1] == 429


def test_one_address_cannot_make_accounts_all_day(regions):
    """Issue 11 item 17: a class of 40 (with retries) fits, but one phone no
    longer makes 60 accounts a minute: the limit counts per hour."""
    count, period = limit_of("signup")
    assert period == "h"
    assert 40 <= count <= 60


@pytest.mark.parametrize("proxies", [0, 1])
def test_a_forged_forwarded_for_does_not_escape_the_limit(settings, regions, proxies):
    """The attacker writes a new X-Forwarded-For on every request. Without a
    proxy the header is ignored; behind one, only the address our proxy
    appended (the last one) counts."""
    settings.TRUSTED_PROXY_COUNT = proxies
    smaller_login_limit(settings)
    count, _ = limit_of("login")

    def forged(n):
        header = f"6.6.{n // 256}.{n % 256}"
        if proxies:
            header += ", 203.0.113.9"  # appended by our own proxy
        return {"HTTP_X_FORWARDED_FOR": header}

    responses = hammer_login(count + 1, forwarded=forged)
    assert responses[-1].status_code == 429


def test_behind_a_proxy_each_client_address_has_its_own_limit(settings, regions):
    settings.TRUSTED_PROXY_COUNT = 1
    smaller_login_limit(settings)
    count, _ = limit_of("login")
    hammer_login(count + 1, forwarded=lambda n: {"HTTP_X_FORWARDED_FOR": "203.0.113.9"})
    child = factories.make_child()
    # Same proxy (same REMOTE_ADDR), another client address: not refused.
    client = Client(
        REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.77"
    )
    response = client.post(
        "/akun/masuk/", {"login": child.username, "password": factories.PASSWORD}
    )
    assert response.status_code == 302


# --- failed sign-ins (issue 11 item 15) --------------------------------------


def sign_in(address, username, password):
    client = Client(REMOTE_ADDR=address)
    response = client.post("/akun/masuk/", {"login": username, "password": password})
    return response, "_auth_user_id" in client.session


def test_wrong_passwords_from_one_address_do_not_lock_the_owner_out(regions):
    """Anyone could lock any child (or the officer) out by typing their
    username with wrong passwords: the limit counted the username alone."""
    child = factories.make_child(username="korban2013")
    for n in range(40):
        sign_in("203.0.113.66", child.username, f"salah{n}")
    response, ok = sign_in("198.51.100.20", child.username, factories.PASSWORD)
    assert ok and response.status_code == 302


def test_the_guesser_is_stopped_on_that_username_with_a_friendly_error(regions):
    child = factories.make_child(username="sasaran2013")
    for n in range(30):
        sign_in("203.0.113.67", child.username, f"salah{n}")
    response, ok = sign_in("203.0.113.67", child.username, factories.PASSWORD)
    assert not ok and response.status_code == 200
    page = response.content.decode()
    assert "Terlalu banyak percobaan masuk" in page
    assert "Too many" not in page


def test_a_class_signs_in_together_after_some_typos(regions):
    """40 children behind the school's address; a third of them mistype
    their password first, some twice."""
    desa = regions.first()
    children = factories.make_children(40, desa=desa)
    for n, child in enumerate(children[::3]):
        for attempt in range(1 + n % 2):
            _, ok = sign_in(SCHOOL, child.username, f"keliru{attempt}")
            assert not ok
    signed = [sign_in(SCHOOL, c.username, factories.PASSWORD)[1] for c in children]
    assert all(signed), f"{signed.count(False)} of 40 children refused"


def test_guessing_across_many_usernames_from_one_address_is_stopped(regions):
    """A sweep (one common password tried on every username) from one
    address is refused long before it covers a school's children."""
    children = factories.make_children(5, password="pelangi-sore-77")
    tried = [f"tebakan{n}" for n in range(60)] + [c.username for c in children]
    results = [sign_in("203.0.113.68", name, "pelangi-sore-77") for name in tried]
    assert not any(ok for _, ok in results)
    refused = [r for r, _ in results if "Terlalu banyak" in r.content.decode()]
    assert len(refused) >= 5 + 20
    # Another address is not affected.
    assert sign_in("198.51.100.21", children[0].username, "pelangi-sore-77")[1]
