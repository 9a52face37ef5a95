"""Issue 12 item 9: a notification is in its reader's language, whatever
language the person whose action sent it was using."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.utils import translation

from portal.accounts import roles
from portal.notifications.models import Notification, notify
from proposals import musrenbang
from tests import factories
from tests.proposals.helpers import shortlisted

pytestmark = pytest.mark.django_db

ID_TITLE = "Idemu “Taman bermain” sudah tampil!"
EN_TITLE = "Your idea “Taman bermain” is now published!"
ID_BODY = "Sekarang teman-temanmu bisa mendukungnya."
EN_BODY = "Now your friends can support it."


@pytest.mark.parametrize(
    ("moderator_language", "child_language", "shown", "not_shown"),
    [
        ("en", None, [ID_TITLE, ID_BODY], [EN_TITLE, EN_BODY]),
        ("id", "en", [EN_TITLE, EN_BODY], [ID_TITLE, ID_BODY]),
    ],
)
def test_a_child_reads_the_approval_in_her_own_language(
    client, moderator_language, child_language, shown, not_shown
):
    factories.make_regions()
    child = factories.make_child()
    moderator = factories.make_staff(roles.MODERATOR)
    from proposals.setup import ensure_moderation_setup

    ensure_moderation_setup()
    with translation.override(moderator_language):
        idea = factories.publish_idea(child, moderator, title="Taman bermain")

    client.force_login(child)
    if child_language:
        client.cookies["django_language"] = child_language
    page = client.get("/saya/").content.decode()
    for text in shown:
        assert text in page
    for text in not_shown:
        assert text not in page
    assert f'href="/saya/#usulan-{idea.pk}"' in page


def test_notifications_written_before_keys_keep_their_text(client):
    factories.make_regions()
    child = factories.make_child()
    Notification.objects.create(
        user=child, kind=Notification.Kind.INFO, title="Pesan lama", url="/saya/"
    )
    client.force_login(child)
    client.cookies["django_language"] = "en"
    assert "Pesan lama" in client.get("/saya/").content.decode()


def test_the_link_is_reversed_when_read(client, settings):
    """A notification keeps the page it points to, not the path it had."""
    factories.make_regions()
    child = factories.make_child()
    [sent] = notify([child], kind=Notification.Kind.INFO, title="x", url="/saya/#a")
    assert sent.link["anchor"] == "a"
    Notification.objects.filter(pk=sent.pk).update(url="/lama/")
    assert Notification.objects.get(pk=sent.pk).display_url == "/saya/#a"


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_the_live_push_speaks_each_pages_language(staff, cycle):
    """The moderator works in English; the child's two open pages (one in
    Indonesian, one switched to English) each hear the news in their own."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from portal.asgi import application

    idea = await database_sync_to_async(shortlisted)(cycle, staff)
    proposer = await database_sync_to_async(lambda: idea.proposer)()

    def session_for(user):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "portal.accounts.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        return session.session_key

    key = await database_sync_to_async(session_for)(proposer)
    pages = {}
    for language in ("id", "en"):
        cookie = f"sessionid={key}; django_language={language}"
        pages[language] = WebsocketCommunicator(
            application,
            "/ws/kabar/",
            headers=[(b"origin", b"http://localhost"), (b"cookie", cookie.encode())],
        )
        connected, _ = await pages[language].connect()
        assert connected

    def award_in_english():
        with translation.override("en"):
            musrenbang.award_golden_ticket(
                idea, staff["moderator"], "kabupaten", "Terbaik."
            )

    await database_sync_to_async(award_in_english)()
    heard = {
        language: (await page.receive_json_from(timeout=3))["title"]
        for language, page in pages.items()
    }
    assert heard["id"].startswith("Tiket emas untuk “")
    assert heard["en"].startswith("A golden ticket for “")

    def body_in(language):
        with translation.override(language):
            return Notification.objects.get(
                user=proposer, title_key__startswith="Tiket emas"
            ).display_body

    # The planning agency is named from the site settings (BAPERIDA).
    assert await database_sync_to_async(body_in)("id") == (
        "Ide ini akan dibahas di Musrenbang bersama BAPERIDA."
    )
    assert "with BAPERIDA" in await database_sync_to_async(body_in)("en")
    for page in pages.values():
        await page.disconnect()
