"""Issue 13 item 1: the word lists of the checks are data that moderators
maintain in the admin ("Daftar kata pemeriksaan"), on top of the shipped
defaults in proposals/checks/data/."""

import pytest
from django.core.cache import cache

from portal.accounts import roles
from proposals import checks
from proposals.checks import wordlists
from proposals.checks.models import CheckWord
from proposals.models import Proposal
from tests import factories
from tests.core.test_admin_indonesian import english_in, visible_text

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("moderation_setup", "private_media"),
]

LIST_URL = "/admin/snippets/proposals/checkword/"
ADD_URL = f"{LIST_URL}add/"


def add_entry(client, word_list, word, action="add", note="Dari laporan warga."):
    return client.post(
        ADD_URL,
        {"word_list": word_list, "word": word, "action": action, "note": note},
    )


def categories(text):
    return {f.category for f in checks.check_text(text)}


def test_a_word_a_moderator_adds_is_caught_in_a_new_idea(
    client, moderator, child, cycle
):
    disclosure = "Aku sering disetrum kalau pulang telat."
    assert not checks.has_danger(checks.check_text(disclosure))
    client.force_login(moderator)

    response = add_entry(client, "danger_stems", "  Setrum ")

    assert response.status_code == 302
    entry = CheckWord.objects.get()
    assert (entry.word, entry.added_by) == ("setrum", moderator)
    idea = factories.submit_idea(child, cycle, problem=disclosure)
    findings = checks.check_fields(idea.text_content())
    assert [f.text for f in findings if f.kind == checks.Kind.DANGER] == ["disetrum"]
    assert Proposal.objects.get(pk=idea.pk).danger_flagged_at is not None


def test_an_added_rude_word_is_caught_with_its_usual_spellings(client, moderator):
    client.force_login(moderator)
    assert add_entry(client, "bullying", "cengeng").status_code == 302

    for text in ("dasar cengeng", "kamu CENGEEENG", "c3ng3ngnya"):
        assert checks.Category.BULLYING in categories(text), text


def test_an_ignore_entry_stops_a_false_positive_until_it_is_deleted(client, moderator):
    bats = "Di gua dekat desa kami banyak kampret bergantungan."
    assert checks.Category.PROFANITY in categories(bats)
    client.force_login(moderator)

    assert add_entry(client, "profanity", "kampret", "ignore").status_code == 302
    assert checks.check_text(bats) == []
    assert checks.Category.PROFANITY in categories("dasar goblok")  # the rest stays

    entry = CheckWord.objects.get()
    response = client.post(f"{LIST_URL}delete/{entry.pk}/")
    assert response.status_code == 302
    assert not CheckWord.objects.exists()
    assert checks.Category.PROFANITY in categories(bats)


def test_entries_the_checks_could_not_read_are_refused_in_indonesian(client, moderator):
    CheckWord.objects.create(word_list="bullying", word="cengeng")
    client.force_login(moderator)
    cases = [
        ("bullying", "Cengeng", "add", "sudah ada di daftar ini"),
        ("profanity", "xyzabc", "ignore", "tidak ada di daftar bawaan"),
        ("profanity", "goblok", "add", "sudah ada di daftar bawaan"),
        ("profanity", "dua kata", "add", "satu kata saja"),
        ("danger_phrases", "dipukul pakai kayu!", "add", "huruf kecil a-z"),
    ]
    for word_list, word, action, message in cases:
        response = add_entry(client, word_list, word, action)
        assert response.status_code == 200, word
        assert message in response.content.decode(), word
    assert CheckWord.objects.count() == 1


def test_a_phrase_may_use_the_alternatives_of_its_list(client, moderator):
    client.force_login(moderator)
    response = add_entry(client, "danger_phrases", "@neg dikasih|diberi minum")
    assert response.status_code == 302

    assert checks.has_danger(checks.check_text("Kami tidak dikasih minum seharian."))


def test_checking_reads_the_staff_entries_once(moderator, django_assert_num_queries):
    CheckWord.objects.create(word_list="bullying", word="cengeng", added_by=moderator)
    cache.clear()  # as after a restart of the cache: the database is read

    with django_assert_num_queries(1):
        assert checks.Category.BULLYING in categories("dasar cengeng")
    with django_assert_num_queries(0):
        checks.check_fields({"title": "dasar cengeng", "problem": "dasar goblok"})
        assert not checks.public_name_is_clean("Cengeng")


def test_without_staff_entries_the_shipped_lists_apply(django_assert_num_queries):
    cache.clear()
    with django_assert_num_queries(1):
        assert checks.Category.PROFANITY in categories("dasar goblok")
    assert wordlists.current() is wordlists.DEFAULT_LEXICON


@pytest.mark.parametrize(
    "role",
    [roles.FASILITATOR, roles.PERLINDUNGAN, roles.BAPPEDA, roles.OPD],
)
def test_other_staff_cannot_reach_the_word_lists(client, role):
    client.force_login(factories.make_staff(role))

    for url in (LIST_URL, ADD_URL):
        response = client.get(url)
        assert response.status_code in (302, 403), (role, url)
        assert "daftar kata" not in response.content.decode().lower()
    add_entry(client, "profanity", "cengeng")
    assert not CheckWord.objects.exists()
    assert "Daftar kata pemeriksaan" not in visible_text(
        client.get("/admin/").content.decode()
    )


def test_a_child_cannot_reach_the_word_lists(client, child):
    client.force_login(child)

    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    add_entry(client, "profanity", "cengeng")
    assert not CheckWord.objects.exists()


@pytest.mark.parametrize("role", [roles.MODERATOR, roles.ADMIN])
def test_the_word_list_screens_speak_indonesian(client, role):
    user = factories.make_staff(role)
    entry = CheckWord.objects.create(
        word_list="profanity", word="cengeng", added_by=user
    )
    client.force_login(user)

    assert "Daftar kata pemeriksaan" in visible_text(
        client.get("/admin/").content.decode()
    )
    for url in (LIST_URL, ADD_URL, f"{LIST_URL}edit/{entry.pk}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        assert english_in(text) == [], url
    text = visible_text(client.get(ADD_URL).content.decode())
    for label in ("Daftar", "Kata atau frasa", "Tindakan", "Kata tanda bahaya"):
        assert label in text


def test_the_data_files_read_comments_continued_lines_and_alternatives():
    entries, macros = wordlists.parse(
        "# a comment\n"
        "@who = om|paman\n"
        "\n"
        "@who itu|\n"
        "    tadi pegang\n"
        "bunuh diri\n"
        "bunuh  diri\n"
    )
    assert macros == {"who": "om|paman"}
    assert entries == ("om|paman itu|tadi pegang", "bunuh diri")
    assert checks.DANGER_PHRASES == wordlists.DEFAULTS["danger_phrases"]
    assert (
        "tidak|tak|gak|ga|nggak|enggak|ngga|ndak|nda|ndk|tdk|gk|g mau|ingin|pengen hidup"
        in (checks.DANGER_PHRASES)
    )
