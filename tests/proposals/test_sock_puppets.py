"""Issue 11 item 17: one child with many accounts (sock puppets) must not
hide an idea or steer the shortlist. Only consent verified by a facilitator
or school counts toward the automatic hide threshold and the shortlist
ranking; every report still reaches the moderators, and the public support
count stays the count of all supports."""

import pytest
from django.test import Client

from portal.accounts import roles
from portal.notifications.models import Notification
from proposals import actions, musrenbang
from proposals.models import Proposal, Report, ShortlistEntry
from tests.factories import make_child, make_staff, publish_idea
from voting.actions import toggle_support

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("moderation_setup", "private_media"),
]


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def report_through_the_page(reporter, idea):
    return signed_in(reporter).post(f"/usulan/{idea.pk}/laporkan/", {"reason": "rude"})


def test_three_unverified_sock_puppets_do_not_hide_an_idea(
    published, regions, moderator, anon
):
    puppets = [make_child(nickname=f"Boneka{n}") for n in range(3)]
    for puppet in puppets:
        report_through_the_page(puppet, published)

    published.refresh_from_db()
    assert published.status == Proposal.Status.PUBLISHED
    assert anon.get(f"/usulan/{published.pk}/").status_code == 200
    # Every report is recorded and every one reached the moderators, who are
    # told that none of them counts toward hiding.
    assert Report.objects.filter(proposal=published).count() == 3
    notes = Notification.objects.filter(user=moderator, kind=Notification.Kind.REPORT)
    assert notes.count() == 3
    assert "3 laporan" in notes.first().title
    assert "0 dari anak terverifikasi" in notes.first().title


def test_three_verified_children_hide_an_idea(published, regions, moderator, anon):
    for _ in range(3):
        report_through_the_page(make_child(verified=True), published)
    published.refresh_from_db()
    assert published.status == Proposal.Status.HIDDEN
    assert anon.get(f"/usulan/{published.pk}/").status_code == 404


def test_unverified_reports_do_not_add_up_with_verified_ones(
    published, regions, moderator
):
    """Two verified children and any number of puppets: still shown, until a
    third verified child reports."""
    for _ in range(2):
        actions.report(published, make_child(verified=True), "rude")
    for _ in range(4):
        actions.report(published, make_child(), "rude")
    published.refresh_from_db()
    assert published.status == Proposal.Status.PUBLISHED
    actions.report(published, make_child(verified=True), "rude")
    published.refresh_from_db()
    assert published.status == Proposal.Status.HIDDEN


def test_shortlist_order_ignores_unverified_supports(cycle, moderator, ledo):
    cycle.quota_per_kecamatan = 1  # two per kecamatan on the shortlist
    cycle.quota_kabupaten = 1
    cycle.save()
    place = {"kecamatan": ledo, "desa": ledo.desa_set.first()}
    honest = publish_idea(make_child(), moderator, cycle, title="Taman", **place)
    second = publish_idea(make_child(), moderator, cycle, title="Perpus", **place)
    puppet_master = publish_idea(
        make_child(), moderator, cycle, title="Boneka", **place
    )
    for _ in range(3):
        toggle_support(make_child(verified=True), honest.pk)
    toggle_support(make_child(verified=True), second.pk)
    for _ in range(10):  # ten accounts from one phone, never verified
        toggle_support(make_child(), puppet_master.pk)

    musrenbang.build_shortlist(cycle, moderator)

    entries = {e.proposal_id: e for e in ShortlistEntry.objects.filter(cycle=cycle)}
    assert set(entries) == {honest.pk, second.pk}
    assert entries[honest.pk].rank_in_kecamatan == 1
    assert entries[honest.pk].verified_support_count_at_cutoff == 3
    assert entries[second.pk].rank_in_kecamatan == 2
    # The public count stays the count of every support.
    puppet_master.refresh_from_db()
    assert puppet_master.support_count == 10


def test_the_shortlist_pages_say_which_count_ranks(cycle, moderator, ledo):
    place = {"kecamatan": ledo, "desa": ledo.desa_set.first()}
    idea = publish_idea(make_child(), moderator, cycle, **place)
    toggle_support(make_child(verified=True), idea.pk)
    toggle_support(make_child(), idea.pk)
    musrenbang.build_shortlist(cycle, moderator)

    admin = signed_in(make_staff(roles.ADMIN))
    page = admin.get(f"/admin/daftar-pendek/{cycle.year}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "dukungan dari anak yang izinnya sudah diverifikasi" in html

    member = make_child(forum_anak=True, committee=True, verified=True)
    html = signed_in(member).get("/forum-anak/daftar-pendek/").content.decode()
    assert "1 dukungan terverifikasi" in html
    assert "dukungan dari anak yang izinnya sudah diverifikasi" in html
