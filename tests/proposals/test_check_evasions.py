"""Issue 11 item 8: the automatic checks are hard to evade.

A corpus of the ways a child (or an adult writing as one) hides a phone
number, a rude word or a disclosure from a word list: invisible characters,
full-width and other look-alike digits, Cyrillic and Greek letters, letters
spread out or split, letters for digits, English. Each one must still be
flagged, and redaction must remove the evading characters with the rest.
No database needed."""

import pytest

from proposals import checks
from proposals.checks import Kind

ZW = "\u200b"  # zero-width space
PHONE = Kind.PERSONAL_DATA
RUDE = Kind.PROFANITY
DANGER = Kind.DANGER

#: (text, the kind it must be flagged as)
EVASIONS = [
    # --- phone numbers ---------------------------------------------------------
    ("hp aku 0812\u200b3456\u200b7890", PHONE),
    ("wa " + ZW.join("081234567890"), PHONE),
    ("nomorku ０８１２３４５６７８９０", PHONE),
    ("nomorku ０８１２－３４５６－７８９０", PHONE),
    ("hubungi o812 3456 7890 ya", PHONE),
    ("hubungi O812-3456-789O", PHONE),
    ("hp 08l2 3456 789O", PHONE),
    ("wa 0812/3456/7890", PHONE),
    ("wa 0812_3456_7890", PHONE),
    ("hp 0 8 1 2 3 4 5 6 7 8 9 0", PHONE),
    ("wa +62\u00a0812\u00a03456\u00a07890", PHONE),
    ("hp 0812\u00ad3456\u00ad7890", PHONE),
    ("wa \u202d0812 3456 7890\u202c", PHONE),
    ("wa \u2066081234567890\u2069", PHONE),
    ("hp 0812\u20603456\u20617890", PHONE),
    ("wa 0812\ufeff3456\u200d7890", PHONE),
    ("wa 𝟎𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗𝟎", PHONE),
    (
        "hp 0\ufe0f\u20e38\ufe0f\u20e31\ufe0f\u20e32\ufe0f\u20e33\ufe0f\u20e34\ufe0f"
        "\u20e35\ufe0f\u20e36\ufe0f\u20e37\ufe0f\u20e38\ufe0f\u20e39\ufe0f\u20e30",
        PHONE,
    ),
    ("wa 0812  3456  7890", PHONE),
    ("hp ⁰⁸¹²³⁴⁵⁶⁷⁸⁹⁰", PHONE),
    ("hp: ٠٨١٢٣٤٥٦٧٨٩٠", PHONE),
    ("Hubungi 0812\u20113456\u20117890", PHONE),
    ("wa 0812–3456–7890", PHONE),
    ("wa +62 812 3456 7890", PHONE),
    ("wa (+62) 812-3456-7890", PHONE),
    # --- e-mail, NIK, addresses ------------------------------------------------
    ("email andi.pratama＠gmail.com", PHONE),
    ("kirim ke andi\u200b@gmail\u200b.com", PHONE),
    ("emailku аndi@gmаil.com", PHONE),  # Cyrillic а
    ("NIK ６１０７０１２３４５６７０００１", PHONE),
    ("NIK 6107\u200b0123\u200b4567\u200b0001", PHONE),
    ("rumah saya di Jl.\u200bMerdeka No. 12", PHONE),
    ("rumah di RT\u200b02 RW 03", PHONE),
    ("alamat: Jl. Меrdeka No. 5", PHONE),  # Cyrillic М, е
    ("Rumah saya di Ｊｌ. Merdeka No. 12", PHONE),
    # --- school (Dewan Pers 1/2019: a child's school identifies the child) -----
    ("aku sekolah di SDN 05 Ledo kelas 5B", PHONE),
    ("SDN 05 Ledo kelas 5B", PHONE),
    ("saya siswa SMPN 1 Bengkayang", PHONE),
    ("aku sekolah di SMPN 1 Bengkayang", PHONE),
    ("aku kelas 5B", PHONE),
    ("kelas VII-C ya kak", PHONE),
    ("saya murid SD Negeri 3 Sanggau Ledo", PHONE),
    ("aku anak MTs Negeri 1 Bengkayang", PHONE),
    ("sekolahku SMAN 1 Bengkayang", PHONE),
    ("saya siswa ЅDN 05 Ledo", PHONE),  # Cyrillic Ѕ
    # --- rude words --------------------------------------------------------------
    ("dasar g0bl0k", RUDE),
    ("kamu gooobloook", RUDE),
    ("anj\u200bing kau", RUDE),
    ("аnjing", RUDE),  # Cyrillic а
    ("ＡＮＪＩＮＧ", RUDE),
    ("a n j i n g", RUDE),
    ("a.n.j.i.n.g", RUDE),
    ("dasar gob-lok", RUDE),
    ("b4ngs4t", RUDE),
    ("bаngsаt lu", RUDE),  # Cyrillic а
    ("t0l0l", RUDE),
    ("dasar tо\u00adlol", RUDE),  # Cyrillic о and a soft hyphen
    ("dasar gеndut", RUDE),  # Cyrillic е
    # letters masked by a mark standing for one letter (h6)
    ("dasar anj*ng", RUDE),
    ("b*bi kau", RUDE),
    ("t*i", RUDE),
    ("dasar anj@ng", RUDE),
    ("k#nt#l", RUDE),
    ("dasar g_blok", RUDE),
    ("bangs.t lu", RUDE),
    ("dasar g*ndut", RUDE),
    ("anj*ngnya lepas", RUDE),
    # --- possible danger -----------------------------------------------------------
    ("ayah sering dipu\u200bkul saya", DANGER),
    ("saya dipυkul ayah", DANGER),  # Greek upsilon
    ("aku dipукul", DANGER),  # Cyrillic у and к
    ("ayah sering mеmukul", DANGER),  # Cyrillic е
    ("aku d i p u k u l", DANGER),
    ("aku d.i.p.u.k.u.l", DANGER),
    ("aku dipu-kul ayah", DANGER),
    ("ｄｉｐｕｋｕｌ setiap malam", DANGER),
    ("𝐝𝐢𝐩𝐮𝐤𝐮𝐥 setiap malam", DANGER),
    ("aku d\u0131pukul", DANGER),  # dotless i
    ("dip\u00adukul", DANGER),
    ("aku mau bunuh\u200b diri", DANGER),
    ("b u n u h  d i r i", DANGER),
    ("pеrkosa", DANGER),  # Cyrillic е
    ("aku dicаbuli", DANGER),  # Cyrillic а
    ("aku takut\u200d pulang ke rumah, ayah mabuk", DANGER),
    # --- English ---------------------------------------------------------------------
    ("my dad hits me every night", DANGER),
    ("he hit me", DANGER),
    ("my uncle touches me", DANGER),
    ("I want to kill myself", DANGER),
    ("I'm afraid to go home", DANGER),
    ("there is abuse at home", DANGER),
    ("my stepfather abused me", DANGER),
    ("I want to die", DANGER),
    ("my father beats me", DANGER),
]


@pytest.mark.parametrize(("text", "kind"), EVASIONS)
def test_each_evasion_is_flagged(text, kind):
    findings = checks.check_text(text, "problem")
    assert kind in {f.kind for f in findings}, (text, findings)


def test_the_corpus_is_large_enough():
    assert len(EVASIONS) >= 50


@pytest.mark.parametrize(
    "text", [t for t, kind in EVASIONS if kind == Kind.PERSONAL_DATA]
)
def test_redaction_removes_the_evading_characters_too(text):
    findings = [
        f for f in checks.check_text(text, "problem") if f.kind == Kind.PERSONAL_DATA
    ]
    for finding in findings:
        assert finding.text == text[finding.start : finding.end]
    redacted = checks.redact(text, findings)
    assert not checks.has_personal_data(checks.check_text(redacted)), redacted
    assert checks.REDACTED in redacted


def test_a_finding_maps_to_the_original_span():
    text = "hubungi aku di 0812\u200b3456\u200b7890 ya kak"
    (finding,) = checks.check_text(text)
    assert finding.text == "0812\u200b3456\u200b7890"
    assert checks.redact(text, [finding]) == "hubungi aku di [disensor] ya kak"


def test_full_width_and_cyrillic_findings_keep_the_childs_characters():
    text = "ayah mеmukul aku"  # Cyrillic е
    danger = [f for f in checks.check_text(text) if f.kind == Kind.DANGER]
    assert "mеmukul" in [f.text for f in danger]


#: Ordinary ideas must stay clean after normalisation.
ORDINARY = [
    "Kami 30 anak dari kelas 5 dan 6 SDN 12 Bengkayang",
    "Atap SDN 05 Ledo bocor, tolong diperbaiki sebelum musim hujan",
    "Perpustakaan SMPN 1 Bengkayang perlu buku cerita baru",
    "Anak kelas 6 butuh les gratis sebelum ujian",
    "Lapangan bola di Desa Sungai Duri, ukuran 1 2 3 4 tidak jelas",
    "Perkiraan biaya Rp 62.800.000.000 dari APBD 2027",
    "Musrenbang tanggal 08/12/2026 pukul 07.30",
    "Kami ingin taman bermain yang aman ＆ bersih",
    "Sekolah kami butuh air bersih dan toilet yang layak",
    "Jalan ke sekolah rusak, kami terlambat setiap hari",
    "Lomba baca puisi untuk anak SD dan SMP di kecamatan",
    "Kami mau belajar bahasa Inggris: home, school, friends",
    "Tolong bangun jembatan, kami takut menyeberang sungai saat banjir",
    "Nomor darurat SAPA 129 harus ditempel di sekolah",
    "Kelas kami kepanasan, perlu kipas angin",
    # marks inside ordinary words and numbers are not masked rude words (h6)
    "Rapat jam 10.30 di balai desa",
    "Kami suka main bola.Tapi lapangannya becek",
    "P.S. tolong cepat ya",
    "Nama kegiatannya taman_baca, tiket Rp5.000/anak",
    "Buku, pensil, dll. untuk anak kelas 3 s.d. kelas 6",
    "Guru T.I di sekolah kami baik",
    "Tanda b*ku baru ada di m*sjid",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_ideas_are_not_flagged(text):
    assert checks.check_text(text) == []


# --- stored text drops invisible controls (the forms) ---------------------------


@pytest.mark.django_db
@pytest.mark.usefixtures("moderation_setup", "private_media")
def test_an_idea_is_stored_without_invisible_characters(child_client, child, cycle):
    from proposals.models import Proposal

    desa = child.child_profile.desa
    response = child_client.post(
        "/usulan/baru/",
        {
            "title": "Lapangan\u200b voli\u202e untuk anak",
            "problem": "Kami tidak punya tempat\u00ad berolahraga\ufeff sore hari.",
            "description": "Ayah sering dipu\u200bkul... maksudnya, buat lapangan voli.",
            "place": f"d{desa.pk}",
            "cluster": "klaster_4",
        },
    )
    assert response.status_code == 302
    idea = Proposal.objects.get(proposer=child)
    draft = idea.get_latest_revision_as_object()
    for stored in (idea, draft):
        assert stored.title == "Lapangan voli untuk anak"
        assert stored.problem == "Kami tidak punya tempat berolahraga sore hari."
        assert "dipukul" in stored.description
    # the moderator sees the word the child hid
    findings = checks.check_fields(checks.checked_fields(draft))
    assert any(f.kind == Kind.DANGER and f.text == "dipukul" for f in findings)


@pytest.mark.django_db
@pytest.mark.usefixtures("moderation_setup", "private_media")
def test_report_details_are_stored_without_invisible_characters(cycle, moderator):
    from django.test import Client

    from proposals.models import Report
    from tests.factories import make_child, publish_idea

    idea = publish_idea(make_child(nickname="Wati"), moderator, cycle)
    reporter = make_child(nickname="Dodi")
    client = Client()
    client.force_login(reporter)
    client.post(
        f"/usulan/{idea.pk}/laporkan/",
        {"reason": "rude", "details": "ada kata\u200b kasar\u2066 di sini"},
    )
    assert Report.objects.get().details == "ada kata kasar di sini"


# --- full names in lower case in a public name (h6) -----------------------------

LOWERCASE_FULL_NAMES = [
    "budi santoso",
    "siti nurhaliza",
    "andi_pratama",
    "rizky ramadhan",
    "yohanes siregar",
]
ORDINARY_NICKNAMES = [
    "budi",
    "kak rio",
    "putri salju",
    "si kancil",
    "rio keren",
    "dewi",
    "anak hebat",
    "maria bunga",
    "Bunga",
]


@pytest.mark.parametrize("name", LOWERCASE_FULL_NAMES)
def test_a_full_name_in_lower_case_is_not_a_public_name(name):
    findings = checks.check_public_name(name)
    assert checks.Category.FULL_NAME in {f.category for f in findings}, name
    assert checks.public_name_problems(name)


@pytest.mark.parametrize("name", ORDINARY_NICKNAMES)
def test_ordinary_nicknames_stay_allowed(name):
    assert checks.check_public_name(name) == []
