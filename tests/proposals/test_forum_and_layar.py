"""The Forum Anak committee's phone page and the Layar Musrenbang."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from proposals.models import CommitteeRecommendation
from tests.factories import make_child
from tests.proposals.helpers import accept, awarded, shortlisted

pytestmark = pytest.mark.django_db


def test_committee_members_recommend_on_their_phone_page(client, cycle, staff):
    idea = shortlisted(cycle, staff)
    member = make_child(forum_anak=True, committee=True)
    client.force_login(member)
    assert "Buka daftar pendek" in client.get("/saya/").content.decode()
    page = client.get("/forum-anak/daftar-pendek/").content.decode()
    assert idea.title in page
    entry = idea.shortlist_entries.get()
    client.post(
        f"/forum-anak/rekomendasi/{entry.pk}/",
        {"recommend": "yes", "reason": "Anak-anak di desa kami butuh ini."},
    )
    rec = CommitteeRecommendation.objects.get()
    assert rec.member == member and rec.recommend
    assert (
        "Anak-anak di desa kami butuh ini."
        in client.get("/forum-anak/daftar-pendek/").content.decode()
    )


def test_only_the_committee_opens_the_shortlist_page(client, cycle, staff):
    client.force_login(make_child())
    assert client.get("/forum-anak/daftar-pendek/").status_code == 403
    client.force_login(make_child(forum_anak=True))
    assert client.get("/forum-anak/daftar-pendek/").status_code == 403


def test_the_layar_shows_tiket_emas_ideas_and_decisions(client, cycle, staff):
    ticket = awarded(cycle, staff)
    accept(ticket, staff["bappeda"], level="kecamatan", reply="Diterima!")
    html = client.get(f"/layar/{cycle.year}/").content.decode()
    assert ticket.proposal.title in html
    assert "Musrenbang kecamatan: Diterima" in html
    fragment = client.get(f"/layar/{cycle.year}/?section=list").content.decode()
    assert "<html" not in fragment and ticket.proposal.title in fragment


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_the_layar_refreshes_when_bappeda_records_a_decision(staff, cycle):
    from portal.asgi import application

    ticket = await database_sync_to_async(awarded)(cycle, staff)
    communicator = WebsocketCommunicator(
        application,
        f"/ws/layar/{cycle.year}/",
        headers=[(b"origin", b"http://localhost")],
    )
    connected, _ = await communicator.connect()
    assert connected
    await database_sync_to_async(accept)(
        ticket, staff["bappeda"], level="kecamatan", reply="Diterima!"
    )
    assert await communicator.receive_json_from(timeout=3) == {"type": "refresh"}
    await communicator.disconnect()
