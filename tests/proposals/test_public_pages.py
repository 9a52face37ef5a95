"""The public list /usulan/ and detail /usulan/<id>/: filters, search, sort,
pages, a constant number of queries, and how the author and the timeline
are shown (nickname, kecamatan and age band; roles, never staff names)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from portal.accounts import roles
from proposals import actions
from proposals.models import Proposal
from tests.factories import (
    make_child,
    make_group,
    make_staff,
    moderator_approves,
    moderator_requests_changes,
    publish_idea,
    submit_idea,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("moderation_setup", "private_media"),
]

# Measured (SQLite): the list renders in 5 queries and the detail in 4,
# whatever the number of ideas, authors and events.
LIST_QUERIES = 6  # + the current cycle, for the support allowance
DETAIL_QUERIES = 4


def card_titles(html):
    return re.findall(r'id="idea-\d+-title"><a href="[^"]+">([^<]+)</a>', html)


def set_created(proposal, hours_ago):
    Proposal.objects.filter(pk=proposal.pk).update(
        created_at=timezone.now() - timedelta(hours=hours_ago)
    )


@pytest.fixture
def three_ideas(child, moderator, cycle, regions):
    """Ledo/klaster 4 (2 supports, oldest), Sungai Raya/klaster 3 (9), and
    Ledo/klaster 3 (5, newest)."""
    lesabela = regions.get(name="Lesabela")
    sungai_duri = regions.get(name="Sungai Duri")
    library = publish_idea(
        child,
        moderator,
        cycle,
        desa=lesabela,
        title="Perpustakaan desa Lesabela",
        cluster="klaster_4",
    )
    water = publish_idea(
        child,
        moderator,
        cycle,
        desa=sungai_duri,
        title="Air bersih untuk sekolah",
        description="Gali sumur bor supaya kami bisa cuci tangan di sekolah.",
        cluster="klaster_3",
    )
    posyandu = publish_idea(
        child,
        moderator,
        cycle,
        desa=lesabela,
        title="Posyandu remaja setiap bulan",
        cluster="klaster_3",
    )
    for proposal, supports, hours_ago in [
        (library, 2, 30),
        (water, 9, 20),
        (posyandu, 5, 10),
    ]:
        Proposal.objects.filter(pk=proposal.pk).update(support_count=supports)
        set_created(proposal, hours_ago)
    return library, water, posyandu


def test_the_list_filters_by_kecamatan_cluster_and_words(anon, three_ideas, ledo):
    library, water, posyandu = three_ideas

    titles = card_titles(anon.get(f"/usulan/?kecamatan={ledo.pk}").content.decode())
    assert set(titles) == {library.title, posyandu.title}

    titles = card_titles(anon.get("/usulan/?cluster=klaster_3").content.decode())
    assert set(titles) == {water.title, posyandu.title}

    titles = card_titles(
        anon.get(f"/usulan/?kecamatan={ledo.pk}&cluster=klaster_3").content.decode()
    )
    assert titles == [posyandu.title]

    # Words are searched in the title, the problem and the idea, any case.
    assert card_titles(anon.get("/usulan/?q=sumur").content.decode()) == [water.title]
    assert card_titles(anon.get("/usulan/?q=PERPUSTAKAAN").content.decode()) == [
        library.title
    ]
    html = anon.get("/usulan/?q=kereta+gantung").content.decode()
    assert card_titles(html) == []
    assert "Belum ada ide yang cocok" in html


def test_the_list_sorts_by_support_or_by_newest(anon, three_ideas):
    library, water, posyandu = three_ideas
    by_support = [water.title, posyandu.title, library.title]
    newest = [posyandu.title, water.title, library.title]

    assert card_titles(anon.get("/usulan/").content.decode()) == by_support
    assert (
        card_titles(anon.get("/usulan/?sort=supports").content.decode()) == by_support
    )
    assert card_titles(anon.get("/usulan/?sort=newest").content.decode()) == newest


def test_the_list_shows_support_counts(anon, three_ideas):
    _, water, _ = three_ideas
    html = anon.get("/usulan/").content.decode()
    assert f'data-count-for="{water.pk}">9</strong> dukungan' in html


def test_the_list_has_pages_of_twenty(anon, child, moderator, cycle):
    for n in range(25):
        publish_idea(child, moderator, cycle, title=f"Ide nomor {n + 1:02d}")
    first = anon.get("/usulan/").content.decode()
    second = anon.get("/usulan/?page=2").content.decode()
    assert "25 ide" in first
    assert len(card_titles(first)) == 20
    assert len(card_titles(second)) == 5
    assert not set(card_titles(first)) & set(card_titles(second))
    # A page that does not exist shows the last one instead of an error.
    assert card_titles(anon.get("/usulan/?page=99").content.decode()) == (
        card_titles(second)
    )


def many_kinds_of_ideas(count, moderator, cycle, regions, facilitator):
    """Ideas by different children, by a Forum Anak group, and for a whole
    kecamatan, so that every way of showing an author is on the page."""
    kids = [
        make_child(nickname=f"Anak{n}", age=6 + n, desa=regions[n % 4])
        for n in range(5)
    ]
    group = make_group(regions[0].kecamatan)
    for n in range(count):
        if n % 5 == 4:
            proposal = actions.submit(
                facilitator,
                data={
                    "title": f"Ide Forum Anak {n}",
                    "problem": "Banyak anak belum punya akta kelahiran.",
                    "description": "Pelayanan akta keliling ke sekolah-sekolah.",
                    "kecamatan": regions[0].kecamatan,
                    "desa": None,
                    "cluster": "klaster_1",
                },
                cycle=cycle,
                group=group,
                offline=12,
            )
            moderator_approves(proposal, moderator)
        else:
            publish_idea(
                kids[n % 5],
                moderator,
                cycle,
                title=f"Ide anak nomor {n}",
                kecamatan=regions[n % 4].kecamatan if n % 3 == 0 else None,
            )


@pytest.mark.parametrize("count", [5, 25])
def test_the_list_needs_the_same_queries_for_5_or_25_ideas(
    anon,
    moderator,
    cycle,
    regions,
    facilitator,
    home_page,
    count,
    django_assert_max_num_queries,
):
    many_kinds_of_ideas(count, moderator, cycle, regions, facilitator)
    anon.get("/usulan/")  # the site settings row is created on first use
    with django_assert_max_num_queries(LIST_QUERIES):
        response = anon.get("/usulan/?sort=newest")
    assert len(card_titles(response.content.decode())) == min(count, 20)
    with django_assert_max_num_queries(LIST_QUERIES):
        response = anon.get("/usulan/?page=2")
    # 25 ideas: the second page holds 5; 5 ideas: the only page is shown.
    assert len(card_titles(response.content.decode())) == 5


@pytest.mark.parametrize("edits", [0, 4])
def test_the_detail_needs_the_same_queries_however_long_its_story(
    anon, child, moderator, cycle, regions, edits, django_assert_max_num_queries
):
    for n in range(10):
        publish_idea(make_child(), moderator, cycle, title=f"Ide lain {n}")
    proposal = publish_idea(child, moderator, cycle)
    for n in range(edits):
        actions.edit(
            child,
            proposal,
            data={
                **proposal.text_content(),
                "title": f"Judul yang diperbaiki {n}",
                "kecamatan": proposal.kecamatan,
                "desa": proposal.desa,
                "cluster": proposal.cluster,
            },
        )
        moderator_approves(proposal, moderator)
    anon.get(f"/usulan/{proposal.pk}/")
    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = anon.get(f"/usulan/{proposal.pk}/")
    html = response.content.decode()
    assert html.count("Disetujui dan tampil") == 1 + edits


def test_the_detail_shows_nickname_kecamatan_and_age_band(
    anon, moderator, cycle, regions
):
    lesabela = regions.get(name="Lesabela")
    sungai_duri = regions.get(name="Sungai Duri")
    cases = [
        (make_child(nickname="Bunga", age=12, desa=lesabela), "6–12"),
        (make_child(nickname="Rahmat", age=14, desa=sungai_duri), "13–15"),
        (make_child(nickname="Lestari", age=17, desa=lesabela), "16–17"),
    ]
    for kid, band in cases:
        # The idea is for another kecamatan: the author's own is shown.
        proposal = publish_idea(kid, moderator, cycle, desa=sungai_duri)
        html = anon.get(f"/usulan/{proposal.pk}/").content.decode()
        kecamatan = kid.child_profile.desa.kecamatan.name
        assert f"Dari {kid.nickname}, Kecamatan {kecamatan}, {band} tahun" in html
        assert kid.username not in html
        assert str(kid.child_profile.birth_year) not in html


def test_the_timeline_shows_roles_never_staff_names(
    anon, child, moderator, cycle, regions
):
    proposal = submit_idea(child, cycle)
    moderator_requests_changes(proposal, moderator, "Jangan tulis nama sekolahmu, ya.")
    actions.edit(
        child,
        proposal,
        data={
            **proposal.text_content(),
            "title": "Taman baca di balai desa",
            "kecamatan": proposal.kecamatan,
            "desa": proposal.desa,
            "cluster": proposal.cluster,
        },
    )
    moderator_approves(proposal, moderator)

    html = anon.get(f"/usulan/{proposal.pk}/").content.decode()
    timeline = html[html.index("Perjalanan ide ini") :]
    assert "Dikirim (Anak)" in timeline
    assert "Disetujui dan tampil (Moderator)" in timeline
    for private in [
        moderator.username,
        moderator.nickname,
        "Rina",
        "Santoso",
        "Jangan tulis nama sekolahmu",
        "Moderator minta perbaikan",
    ]:
        assert private not in html


def test_a_second_moderator_is_also_shown_only_as_moderator(anon, child, cycle):
    other = make_staff(roles.MODERATOR, username="joko.moderasi")
    other.nickname = "Pak Joko"
    other.save()
    proposal = publish_idea(child, other, cycle)
    html = anon.get(f"/usulan/{proposal.pk}/").content.decode()
    assert "(Moderator)" in html
    assert "joko" not in html.lower()


def test_the_home_page_shows_the_latest_public_ideas(
    anon, home_page, child, moderator, cycle
):
    waiting = submit_idea(child, cycle)
    public = publish_idea(child, moderator, cycle, title="Lampu jalan ke sekolah")
    Proposal.objects.filter(pk=waiting.pk).update(title="Ide yang belum dibaca")
    html = anon.get("/").content.decode()
    assert public.title in html
    assert "Ide yang belum dibaca" not in html


def test_links_with_the_old_parameter_names_still_work(anon, three_ideas, ledo):
    """Posters and chats carry links from before the glossary renamed the
    list's parameters (docs/development.md): they land on the same list."""
    library, water, posyandu = three_ideas
    old = f"/usulan/?kecamatan={ledo.pk}&klaster=klaster_3&urutan=terbaru&halaman=1"
    response = anon.get(old)
    assert response.status_code == 301
    assert response["Location"] == (
        f"/usulan/?kecamatan={ledo.pk}&cluster=klaster_3&sort=newest&page=1"
    )
    assert card_titles(anon.get(old, follow=True).content.decode()) == [posyandu.title]
    response = anon.get("/usulan/?status=golden_ticket&urutan=dukungan")
    assert response["Location"] == "/usulan/?stage=golden_ticket&sort=supports"
    # The new name wins when a link somehow carries both.
    response = anon.get("/usulan/?klaster=klaster_4&cluster=klaster_3")
    assert response["Location"] == "/usulan/?cluster=klaster_3"
    assert anon.get("/usulan/?cluster=klaster_3").status_code == 200
