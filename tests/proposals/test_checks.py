"""The moderator's automatic warnings (proposals/checks.py): personal data,
rude words and bullying, and possible disclosures of danger, on sentences as
children in Bengkayang write them. No database needed."""

import dataclasses
import re

import pytest
from django.utils import translation

from proposals import checks
from proposals.checks import Category, Finding, Kind


def found(text, category):
    """The matched texts of one category."""
    return [f.text for f in checks.check_text(text) if f.category == category]


def kinds(text):
    return {f.kind for f in checks.check_text(text)}


# --- personal data -----------------------------------------------------------

PERSONAL_DATA = [
    # phone numbers in the shapes children write them
    (
        "Kalau mau bantu, hubungi saya di 0812-3456-7890 ya.",
        Category.PHONE,
        "0812-3456-7890",
    ),
    ("nomor hp aku 0812 3456 7890 kak", Category.PHONE, "0812 3456 7890"),
    ("WA: +62 812-3456-7890 (kakak saya)", Category.PHONE, "+62 812-3456-7890"),
    ("wa 081234567890 kalau ada info lomba", Category.PHONE, "081234567890"),
    ("telp 6281234567890 ya", Category.PHONE, "6281234567890"),
    ("hubungi 0812.3456.7890 ya kak", Category.PHONE, "0812.3456.7890"),
    ("chat aja wa08123456789", Category.PHONE, "08123456789"),
    ("kantor desa (0562) 441234", Category.PHONE, "(0562) 441234"),
    # e-mail
    ("kirim ke andi.pratama@gmail.com ya", Category.EMAIL, "andi.pratama@gmail.com"),
    ("email aku siti_12@yahoo.co.id.", Category.EMAIL, "siti_12@yahoo.co.id"),
    ("emailku andi (at) gmail dot com", Category.EMAIL, "andi (at) gmail dot com"),
    # NIK / KK number
    ("NIK saya 6107012345670001", Category.NIK, "6107012345670001"),
    ("no KK 6107 0123 4567 0001 punya ayah", Category.NIK, "6107 0123 4567 0001"),
    ("NIK: 61.07.01.120304.0001", Category.NIK, "61.07.01.120304.0001"),
    ("punya adik 6107015204100003", Category.NIK, "6107015204100003"),
    # house addresses
    (
        "Rumah saya di Jl. Merdeka No. 12, dekat masjid.",
        Category.ADDRESS,
        "Jl. Merdeka No. 12",
    ),
    (
        "alamat: Jln. Sanggau Ledo no 5 RT 02/RW 03",
        Category.ADDRESS,
        "Jln. Sanggau Ledo no 5 RT 02/RW 03",
    ),
    ("rumahku di Jalan Mawar", Category.ADDRESS, "Jalan Mawar"),
    ("kami tinggal di Gg. Melati 3", Category.ADDRESS, "Gg. Melati 3"),
    ("rumah di RT.002 samping gereja", Category.ADDRESS, "RT.002"),
    ("rt 2 rw 3 desa kami banjir", Category.ADDRESS, "rt 2 rw 3"),
    ("aku tinggal di dusun Sebalo", Category.ADDRESS, "dusun Sebalo"),
    # full names
    ("nama saya Andi Pratama dari SDN 3 Ledo", Category.FULL_NAME, "Andi Pratama"),
    ("namaku siti nurhaliza umur 10 tahun", Category.FULL_NAME, "siti nurhaliza"),
    ("Aku Siti Nurhaliza dari Desa Sungai Duri", Category.FULL_NAME, "Siti Nurhaliza"),
    ("saya anak dari Bapak Yohanes Kristian", Category.FULL_NAME, "Yohanes Kristian"),
    (
        "Perkenalkan, nama saya Yohanes Kristian.",
        Category.FULL_NAME,
        "Yohanes Kristian",
    ),
    ("Hormat saya, Maria Goreti", Category.FULL_NAME, "Maria Goreti"),
    # links and social media accounts
    (
        "lihat videonya di https://bit.ly/taman-anak.",
        Category.LINK,
        "https://bit.ly/taman-anak",
    ),
    ("follow ig: andi_123 ya", Category.LINK, "andi_123"),
    ("tag aku @siti.nur", Category.LINK, "@siti.nur"),
    ("link bit.ly/abc123 buat daftar", Category.LINK, "bit.ly/abc123"),
    ("chat wa.me/6281234567890", Category.LINK, "wa.me/6281234567890"),
    ("buka www.contoh.com", Category.LINK, "www.contoh.com"),
    ("fb: Budi Santoso", Category.LINK, "Budi Santoso"),
]


@pytest.mark.parametrize(("text", "category", "expected"), PERSONAL_DATA)
def test_personal_data_is_found(text, category, expected):
    assert expected in found(text, category)
    assert checks.has_personal_data(checks.check_text(text))


NOT_PERSONAL_DATA = [
    "Anggaran Rp 50.000.000 untuk 30 anak pada tahun 2026.",
    "Perkiraan biaya Rp 62.800.000.000 dari APBD 2027",
    "Perbaikan Jalan Raya Ledo yang rusak parah",
    "Jembatan di Kecamatan Ledo dan Desa Sungai Duri sudah lapuk",
    "Kami 30 anak dari kelas 5 dan 6 SDN 12 Bengkayang",
    "Musrenbang tanggal 08-12-2026 pukul 07.30",
    "jalan ke sekolah rusak dan becek kalau hujan",
    "jln rusak parah, motor sering jatuh",
    "Nama saya Andi, saya ingin taman bermain.",
    "Saya Ingin Ada Taman Bermain Di Desa Kami.",
    "di dusun kami belum ada listrik",
    "gang sempit di belakang pasar gelap sekali",
    "Luas lapangan 1.200 m2 atau 0,5 hektar, cukup untuk 100 anak",
    "Rencana tahun 2025 2026 2027 2028",
    "Saya Butuh Lapangan Bola Yang Bagus Untuk Kami",
    "ig aku sudah dihapus",
    "Taman bermain di dekat sekolah",
    "Anak-anak bermain di jalan karena tidak ada lapangan di desa kami.",
    "Bangun taman bermain kecil dengan ayunan di tanah kosong dekat SD.",
]


@pytest.mark.parametrize("text", NOT_PERSONAL_DATA)
def test_ordinary_numbers_and_places_are_not_personal_data(text):
    findings = checks.check_text(text)
    assert not checks.has_personal_data(findings), findings


@pytest.mark.parametrize(("text", "category", "expected"), PERSONAL_DATA)
def test_after_redaction_no_personal_data_is_left(text, category, expected):
    findings = [
        f
        for f in checks.check_text(text, "description")
        if f.kind == Kind.PERSONAL_DATA
    ]
    clean = checks.redact(text, findings)
    assert expected not in clean
    assert "[disensor]" in clean
    assert not checks.has_personal_data(checks.check_text(clean))


# --- rude words and bullying --------------------------------------------------

RUDE = [
    ("dasar anjing kau", Category.PROFANITY, "anjing"),
    ("anjiiing, susah banget", Category.PROFANITY, "anjiiing"),
    ("ANJIR jalannya licin", Category.PROFANITY, "ANJIR"),
    ("4nj1ng lah", Category.PROFANITY, "4nj1ng"),
    ("b4ngs4t yang nyoret tembok", Category.PROFANITY, "b4ngs4t"),
    ("kamu goblog ya", Category.PROFANITY, "goblog"),
    ("tooolol banget", Category.PROFANITY, "tooolol"),
    ("dasar t4i", Category.PROFANITY, "t4i"),
    ("kampret, bolanya hilang", Category.PROFANITY, "kampret"),
    ("jancok tenan", Category.PROFANITY, "jancok"),
    ("asu kowe", Category.PROFANITY, "asu"),
    ("pukimak la", Category.PROFANITY, "pukimak"),
    ("cibai betul", Category.PROFANITY, "cibai"),
    ("kimak kau", Category.PROFANITY, "kimak"),
    ("babi lu", Category.PROFANITY, "babi"),
    ("dasar bego", Category.PROFANITY, "bego"),
    ("sialan, hujan lagi", Category.PROFANITY, "sialan"),
    ("dasar jelek", Category.BULLYING, "dasar jelek"),
    ("kamu gendut sekali", Category.BULLYING, "gendut"),
    ("hitam jelek", Category.BULLYING, "hitam jelek"),
    ("dasar cacat", Category.BULLYING, "dasar cacat"),
    ("dia anak haram", Category.BULLYING, "anak haram"),
    ("mati aja lu", Category.BULLYING, "mati aja"),
    ("bunuh diri aja sana", Category.BULLYING, "bunuh diri aja"),
]


@pytest.mark.parametrize(("text", "category", "expected"), RUDE)
def test_rude_words_and_bullying_are_found(text, category, expected):
    assert expected in found(text, category)
    assert Kind.PROFANITY in kinds(text)


NOT_RUDE = [
    "Kami ingin main di pantai sampai sore",
    "Orang tua perlu asuransi kesehatan untuk anak",
    "Masuk sekolah pukul 7 pagi",
    "Banyak anjing liar berkeliaran di jalan ke sekolah",
    "Peternakan babi di desa kami kena virus",
    "Ada tahi lalat di pipi adik",
    "Anak cacat perlu sekolah khusus dan kursi roda",
    "Jalannya jelek dan berlubang",
    "Sekolah dasar kami kekurangan guru",
    "Memberantas kebodohan dengan perpustakaan keliling",
    "Lampu jalan sering mati saja",
    "Tolong bangun taman bacaan di kampung",
]


@pytest.mark.parametrize("text", NOT_RUDE)
def test_innocent_words_are_not_rude(text):
    assert Kind.PROFANITY not in kinds(text), checks.check_text(text)


def test_pukul_is_not_the_rude_word_puki():
    assert not found("Dia dipukul dan pukul", Category.PROFANITY)
    assert found("dasar puki", Category.PROFANITY) == ["puki"]


# --- possible danger ------------------------------------------------------------

DANGER = [
    ("Di rumah saya sering dipukul kalau pulang terlambat.", "dipukul"),
    ("aku sering dipukuli bapak", "dipukuli"),
    ("ayah suka memukul ibu", "memukul"),
    ("adik ditampar dan ditendang", "ditampar"),
    ("adik ditampar dan ditendang", "ditendang"),
    ("aku disiksa di rumah", "disiksa"),
    ("dianiaya kakak kelas", "dianiaya"),
    ("dicubit sampai biru", "dicubit sampai"),
    ("aku dilecehkan tetangga", "dilecehkan"),
    ("temanku diperkosa", "diperkosa"),
    ("ada yang dicabuli di desa", "dicabuli"),
    ("om itu pegang-pegang aku", "pegang-pegang"),
    ("aku disentuh2 tetangga", "disentuh2"),
    ("kakak mau dinikahkan padahal masih SMP", "dinikahkan"),
    ("jangan ada kawin paksa", "kawin paksa"),
    ("aku dijodohkan sama orang tua", "dijodohkan"),
    ("aku disuruh kerja di kebun sawit", "disuruh kerja"),
    ("aku gak boleh sekolah lagi", "gak boleh sekolah"),
    ("aku diancam tidak boleh cerita", "diancam"),
    ("adik dikurung di gudang", "dikurung"),
    ("aku diusir dari rumah", "diusir"),
    ("kami ditelantarkan", "ditelantarkan"),
    ("kakak kabur dari rumah", "kabur dari rumah"),
    ("kadang aku ingin mati", "ingin mati"),
    ("aku mau mati aja", "mau mati"),
    ("aku pernah menyakiti diri sendiri", "menyakiti diri"),
    ("temanku mau bunuh diri", "bunuh diri"),
    ("anak-anak ngelem di belakang pasar", "ngelem"),
    ("ada yang jual narkoba", "narkoba"),
    ("aku dibully di sekolah", "dibully"),
    ("aku dirundung teman sekelas", "dirundung"),
    ("perundungan di sekolah", "perundungan"),
    ("aku dipalok bapak", "dipalok"),
    ("dia ditumbok abangnya", "ditumbok"),
    ("aku dibantai mamak", "dibantai"),
    ("kena pukul pakai rotan", "kena pukul"),
    ("aku kena tampar", "kena tampar"),
    ("aku dipukol", "dipukol"),
    ("aku dipukul 3 kali", "dipukul"),
    ("dia pukul aku 2 kali", "pukul"),
    ("tolong stop kekerasan di rumah kami", "kekerasan"),
]


@pytest.mark.parametrize(("text", "expected"), DANGER)
def test_possible_danger_is_found(text, expected):
    assert expected in found(text, Category.DANGER)
    assert checks.has_danger(checks.check_text(text))


NOT_DANGER = [
    "Kami masuk sekolah pukul 7 pagi",
    "Pukul 07.00 WIB upacara bendera",
    "pulang pukul setengah tiga siang",
    "Kami ingin lapangan sepak bola dan latihan tendangan bebas",
    "Fogging untuk membunuh nyamuk demam berdarah",
    "Jualan kue cubit di kantin sekolah",
    "Kami terpaksa jalan kaki 5 km ke sekolah",
    "Sampah plastik dikumpulkan lalu dijual ke bank sampah",
    "Aku suka menyentuh bulu kucing",
    "Lampu jalan hampir mati",
    "Taman bermain di dekat sekolah",
]


@pytest.mark.parametrize("text", NOT_DANGER)
def test_innocent_uses_are_not_danger(text):
    assert not checks.has_danger(checks.check_text(text)), checks.check_text(text)


@pytest.mark.parametrize(
    ("text", "person", "act"),
    [
        ("om itu suka menyentuh aku", "om itu", "menyentuh"),
        ("aku takut sama om itu", "om itu", "takut"),
        ("paman saya sering memukul saya", "paman", "memukul"),
        ("aku dikunci di kamar sama bapak tiri", "bapak tiri", "dikunci"),
    ],
)
def test_who_it_is_about_is_flagged_with_the_act(text, person, act):
    dangers = found(text, Category.DANGER)
    assert person in dangers
    assert act in dangers


def test_a_person_alone_is_not_danger():
    assert not checks.has_danger(checks.check_text("Om saya petani di Ledo"))
    assert not checks.has_danger(checks.check_text("Bapak tiri saya baik"))


# --- labels, fields and offsets -------------------------------------------------


def test_every_finding_has_an_indonesian_label():
    text = (
        "nama saya Andi Pratama, hp 0812-3456-7890, andi@gmail.com, "
        "NIK 6107012345670001, Jl. Merdeka No. 2, ig: andi_1. "
        "Dasar goblok, kamu gendut. Aku sering dipukul."
    )
    with translation.override("id"):
        labels = {f.category: str(f.label) for f in checks.check_text(text)}
    assert labels == {
        Category.FULL_NAME: "Nama lengkap",
        Category.PHONE: "Nomor HP",
        Category.EMAIL: "Alamat e-mail",
        Category.NIK: "NIK (nomor KTP/KK)",
        Category.ADDRESS: "Alamat rumah",
        Category.LINK: "Tautan/akun media sosial",
        Category.PROFANITY: "Kata kasar",
        Category.BULLYING: "Kata merundung",
        Category.DANGER: "Kemungkinan anak dalam bahaya",
    }


def test_findings_carry_field_offsets_and_text():
    text = "Tolong hubungi 0812 3456 7890."
    [finding] = checks.check_text(text, "description")
    assert finding == Finding(
        kind=Kind.PERSONAL_DATA,
        category=Category.PHONE,
        field="description",
        start=15,
        end=29,
        text="0812 3456 7890",
        label=checks.LABELS[Category.PHONE],
    )
    assert text[finding.start : finding.end] == finding.text
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.start = 0


def test_check_fields_names_fields_and_sorts_by_field_then_position():
    fields = {
        "title": "Taman bermain, wa 081234567890",
        "problem": "aku sering dipukul, dasar bego",
        "description": "email andi@gmail.com atau 0812-3456-7890",
    }
    findings = checks.check_fields(fields)
    assert [(f.field, f.category) for f in findings] == [
        ("description", Category.EMAIL),
        ("description", Category.PHONE),
        ("problem", Category.DANGER),
        ("problem", Category.PROFANITY),
        ("title", Category.PHONE),
    ]
    assert findings == sorted(findings, key=lambda f: (f.field, f.start))
    for f in findings:
        assert fields[f.field][f.start : f.end] == f.text


def test_check_text_is_sorted_and_handles_empty_text():
    findings = checks.check_text("dasar bego, wa 081234567890, aku dipukul")
    assert [f.start for f in findings] == sorted(f.start for f in findings)
    assert checks.check_text("") == []
    assert checks.check_fields({}) == []
    assert checks.check_fields({"title": ""}) == []


def test_has_personal_data_and_has_danger():
    personal = checks.check_text("wa 081234567890")
    danger = checks.check_text("aku dipukul")
    rude = checks.check_text("dasar goblok")
    assert checks.has_personal_data(personal) and not checks.has_danger(personal)
    assert checks.has_danger(danger) and not checks.has_personal_data(danger)
    assert not checks.has_personal_data(rude) and not checks.has_danger(rude)
    assert not checks.has_personal_data([]) and not checks.has_danger([])


# --- redaction ------------------------------------------------------------------


def span(start, end, text=""):
    return Finding(
        kind=Kind.PERSONAL_DATA,
        category=Category.PHONE,
        field="description",
        start=start,
        end=end,
        text=text,
        label=checks.LABELS[Category.PHONE],
    )


def test_redact_replaces_one_finding_and_keeps_the_other_words():
    text = "Kalau mau bantu, hubungi saya di 0812-3456-7890 ya, terima kasih."
    clean = checks.redact(text, checks.check_text(text, "description"))
    assert clean == "Kalau mau bantu, hubungi saya di [disensor] ya, terima kasih."


def test_redact_replaces_several_findings_from_the_end():
    text = "nama saya Andi Pratama, wa 081234567890, email andi@gmail.com."
    findings = checks.check_text(text)
    assert len(findings) == 3
    assert checks.redact(text, findings) == (
        "nama saya [disensor], wa [disensor], email [disensor]."
    )
    assert checks.redact(text, list(reversed(findings))) == checks.redact(
        text, findings
    )


def test_redact_merges_overlapping_and_adjacent_spans():
    text = "0123456789abcdef"
    assert checks.redact(text, [span(2, 6), span(4, 8)]) == "01[disensor]89abcdef"
    assert checks.redact(text, [span(2, 4), span(4, 6)]) == "01[disensor]6789abcdef"
    assert checks.redact(text, [span(2, 10), span(3, 5)]) == "01[disensor]abcdef"
    assert (
        checks.redact(text, [span(12, 14), span(0, 2), span(1, 3)])
        == "[disensor]3456789ab[disensor]ef"
    )


def test_redact_overlapping_findings_of_different_categories():
    text = "chat wa.me/6281234567890 ya"
    findings = checks.check_text(text)
    assert {f.category for f in findings} == {Category.LINK, Category.PHONE}
    assert checks.redact(text, findings) == "chat [disensor] ya"


def test_redact_with_nothing_to_redact_or_another_replacement():
    text = "hubungi 0812 3456 7890"
    assert checks.redact(text, []) == text
    assert checks.redact(text, checks.check_text(text), "***") == "hubungi ***"
    assert checks.redact(text, [span(8, 99)]) == "hubungi [disensor]"


# --- the word lists stay maintainable -------------------------------------------

WORD_LISTS = [
    checks.PROFANITY_WORDS,
    checks.BULLYING_WORDS,
    checks.DANGER_STEMS,
    checks.DANGER_WORDS,
]
PHRASE_LISTS = [
    checks.BULLYING_PHRASES,
    checks.DANGER_PHRASES,
    checks.DANGER_PERSONS,
    checks.DANGER_CONTEXT,
    checks.NOT_PROFANITY,
    checks.NOT_DANGER,
]


def test_word_lists_hold_plain_lower_case_words():
    for words in WORD_LISTS:
        assert isinstance(words, frozenset) and words
        for word in words:
            assert re.fullmatch(r"[a-z]+", word), word


def test_phrase_lists_hold_plain_lower_case_alternatives():
    for phrases in PHRASE_LISTS:
        assert isinstance(phrases, tuple) and phrases
        for phrase in phrases:
            for part in phrase.split():
                assert part == "#" or all(
                    re.fullmatch(r"[a-z]+", alt) for alt in part.split("|")
                ), phrase


def test_a_dusun_an_idea_is_about_is_not_personal_data():
    assert not checks.has_personal_data(
        checks.check_text("Jembatan di Dusun Sebalo rusak parah.")
    )
    assert checks.has_personal_data(
        checks.check_text("Rumah saya di Dusun Sebalo dekat gereja.")
    )
