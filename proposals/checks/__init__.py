"""Automatic warnings for the moderator: personal data, rude words, danger.

Why this module exists
----------------------
Every idea (usulan) a child writes is pre-moderated by DinsosPPPA staff before
anyone else can read it. These checks are an *aid* for that person, never a
judge: they point at the places in the child's words that need a human look.

* **Personal data** (UU 27/2022 PDP: a child's data is *specific* personal
  data; PP 17/2025 "PP Tunas": privacy by default). Phone numbers, e-mail,
  NIK/KK numbers, house addresses, full names, links and social media
  accounts. An idea is never published while one is left (``Proposal.publish``
  refuses); the moderator removes them with :func:`redact` and keeps the
  child's other words exactly as written.
* **Rude words and bullying**, so that the moderator can ask the child to
  rewrite, or hide a reply.
* **Possible disclosures of abuse or danger**. A disclosure is never
  published: it goes to the Petugas Perlindungan (UPTD PPA, SAPA 129) within
  24 hours.

The trade-off, on purpose
-------------------------
False positives are acceptable: the moderator reads every idea anyway and a
wrong warning costs a few seconds. False negatives on *danger* are not: a
missed warning can mean that a child in danger is not helped. So the danger
lists are broad (the topic words "kekerasan" or "narkoba" are flagged too, even
in an idea *against* violence or drugs) and the exceptions are narrow and
concrete: the time of day ("pukul 7 pagi"), football ("tendangan bebas"),
pests ("membunuh nyamuk"), a snack ("kue cubit").

Personal data is stricter about false positives, because it blocks
publication until the moderator censors it: ordinary numbers (years, budgets
like "Rp 50.000.000", counts like "30 anak") and the place an idea is about
("Kecamatan Ledo", "Desa Sungai Duri", "perbaikan Jalan Raya Ledo") are not
personal data. A spelled-out "Jalan X" counts as a house address only next to a
house number, gang, RT/RW or a phrase like "rumah saya di"; the abbreviation
"Jl./Jln." with a name counts on its own.

Maintaining the lists
---------------------
The word lists below (``PROFANITY_WORDS``, ``BULLYING_WORDS``,
``BULLYING_PHRASES``, ``DANGER_STEMS``, ``DANGER_WORDS``, ``DANGER_PHRASES``,
``DANGER_PERSONS``, ``DANGER_CONTEXT``, ``NOT_PROFANITY``, ``NOT_DANGER``,
and ``NAME_STOPWORDS`` for where a name ends) are maintained here by staff.
Write words in lower case, in their ordinary spelling; the matching itself
tolerates:

* upper/lower case and accents ("ngelém");
* stretched letters ("anjiiing", "tooolol") and simple leetspeak
  (4→a, @→a, 1→i, 0→o, 3→e, 5→s, $→s, 7→t, 9→g): "4nj1ng", "b3g0";
* SMS reduplication: "pegang2" is read as "pegang pegang";
* whole words only: "asu" never matches "asuransi", "tai" never "pantai".

A *phrase* is words separated by spaces; ``a|b`` means "a or b" in that
position; ``#`` means a number ("7", "07", "tujuh", "setengah"). Write
reduplication as two words ("pegang pegang" matches "pegang-pegang" and
"pegang2"). A *stem* in ``DANGER_STEMS`` also matches with the usual affixes
(di-, ter-, me-, pe-, ke-, nge-, -i, -kan, -in, -an, -nya, ...), so "pukul"
covers "dipukul", "dipukuli", "pukulan", "kena pukul"; write the nasalised form
as a stem of its own ("mukul" for "memukul", "nampar" for "menampar").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext_lazy as _

from portal.core.text import INVISIBLE_EXTRA as _INVISIBLE_EXTRA

__all__ = [
    "Category",
    "Finding",
    "Kind",
    "LABELS",
    "REDACTED",
    "NICKNAME_FIELD",
    "blocks_approval",
    "check_fields",
    "check_public_name",
    "check_text",
    "checked_fields",
    "has_danger",
    "has_personal_data",
    "normalise",
    "public_name_is_clean",
    "public_name_problems",
    "redact",
]


class Kind:
    """What the moderator should do: censor, ask for a rewrite, or escalate."""

    PERSONAL_DATA = "personal_data"
    PROFANITY = "profanity"
    DANGER = "danger"
    IMPERSONATION = "impersonation"  # a public name that claims a staff role


class Category:
    """The finer reason, shown to the moderator with its label."""

    PHONE = "phone"
    EMAIL = "email"
    NIK = "nik"
    ADDRESS = "address"
    FULL_NAME = "full_name"
    LINK = "link"
    SCHOOL = "school"
    PROFANITY = "profanity"
    BULLYING = "bullying"
    DANGER = "danger"
    STAFF_TITLE = "staff_title"


KIND_OF = {
    Category.PHONE: Kind.PERSONAL_DATA,
    Category.EMAIL: Kind.PERSONAL_DATA,
    Category.NIK: Kind.PERSONAL_DATA,
    Category.ADDRESS: Kind.PERSONAL_DATA,
    Category.FULL_NAME: Kind.PERSONAL_DATA,
    Category.LINK: Kind.PERSONAL_DATA,
    Category.SCHOOL: Kind.PERSONAL_DATA,
    Category.PROFANITY: Kind.PROFANITY,
    Category.BULLYING: Kind.PROFANITY,
    Category.DANGER: Kind.DANGER,
    Category.STAFF_TITLE: Kind.IMPERSONATION,
}

LABELS = {
    Category.PHONE: _("Nomor HP"),
    Category.EMAIL: _("Alamat e-mail"),
    Category.NIK: _("NIK (nomor KTP/KK)"),
    Category.ADDRESS: _("Alamat rumah"),
    Category.FULL_NAME: _("Nama lengkap"),
    Category.LINK: _("Tautan/akun media sosial"),
    Category.SCHOOL: _("Sekolah atau kelas anak"),
    Category.PROFANITY: _("Kata kasar"),
    Category.BULLYING: _("Kata merundung"),
    Category.DANGER: _("Kemungkinan anak dalam bahaya"),
    Category.STAFF_TITLE: _("Nama jabatan atau lembaga"),
}

REDACTED = "[disensor]"


@dataclass(frozen=True)
class Finding:
    kind: str  # one of Kind.*
    category: str  # one of Category.*
    field: str  # the name of the field the text came from
    start: int  # offset in that field's text
    end: int
    text: str  # the matched text
    label: str  # short Indonesian explanation for the moderator (lazy)


# =============================================================================
# Word lists (maintained by staff; see the module docstring for the syntax)
# =============================================================================

#: Rude words, whole words; also matched with -nya, -lah, -in, -mu, -lu, -kau.
PROFANITY_WORDS = frozenset(
    {
        # anjing and its many spellings
        "anjing", "anjir", "anjay", "anjrit", "anjrot", "anjim", "anying",
        "njir", "njing", "anjg", "ajg",
        # common Indonesian insults
        "bangsat", "bangsad", "bgst", "bngst", "babi", "bodoh", "bodo",
        "goblok", "goblog", "gblk", "gblg", "tolol", "bego", "begok", "idiot",
        "dongo", "dungu", "kampret", "kunyuk", "monyet", "setan", "iblis",
        "sialan", "brengsek", "bajingan", "keparat", "bedebah", "bangke",
        "bacot", "bacod",
        "tai", "tahi", "taik",
        # sexual / vulgar
        "kontol", "kntl", "memek", "pepek", "ngentot", "entot", "ngewe",
        "peler", "jembut", "lonte", "sundal", "perek", "jablay", "pelacur",
        # Javanese, widely used
        "jancuk", "jancok", "asu",
        # Malay / Kalimantan Barat (and Hokkien via Singkawang)
        "pukimak", "pukimai", "puki", "kimak", "butoh", "cibai", "pantek",
        "kampang", "bangang",
    }
)  # fmt: skip

#: Words that hurt a child when said about them (body, looks, disability).
BULLYING_WORDS = frozenset(
    {
        "gendut", "gembrot", "cebol", "pesek", "tonggos", "burik", "dekil",
        "budek", "bolot", "bencong", "banci", "kampungan", "udik", "mampus",
        "modar",
    }
)  # fmt: skip

_INSULT_TARGET = "dasar|kamu|kau|lu|lo|loe|elu|elo"
_INSULTS = (
    "jelek|miskin|cacat|autis|item|hitam|dekil|kampungan|udik|bau|idiot|gila|"
    "sinting|gembel|jorok|yatim|pincang|buta|budek|tuli"
)

#: Bullying phrases ("cacat", "jelek", "mati aja" alone are ordinary words).
BULLYING_PHRASES = (
    f"{_INSULT_TARGET} {_INSULTS}",
    f"{_INSULTS} lu|lo|loe|elu|kau",
    "si cacat|jelek|gendut|pesek|cebol|dekil|autis|budek|pincang|buta|gembrot",
    "hitam|item|muka|mukamu|mukanya|wajah|wajahmu jelek",
    "anak haram|pungut|jadah",
    "haram jadah",
    "mati aja|ajah|aje|ajalah|lu|lo|loe|kau|kamu|sana",
    "mati saja|sajalah kau|kamu|lu|lo|sana",
    "bunuh diri aja|ajah|aje|ajalah|saja|sajalah|sana|lah",
)

#: Stems of violence, matched with affixes: "pukul" covers dipukul, dipukuli,
#: memukul (via "mukul"), pukulan, pemukulan, kepukul, dipukulnya, ...
DANGER_STEMS = frozenset(
    {
        # hitting, kicking, slapping (Indonesian and Kalbar Malay)
        "pukul", "mukul", "pukol", "mukol", "tampar", "nampar", "tempeleng",
        "nempeleng", "lempang", "tendang", "nendang", "sepak", "nyepak",
        "palok", "malok", "tumbok", "numbok", "bantai", "belasah", "tibai",
        "gebuk", "gebug", "ngebuk", "keroyok", "ngeroyok", "libas",
        "cubit", "nyubit", "jewer", "njewer", "jambak", "njambak",
        "cekik", "nyekik", "cambuk", "nyambuk", "pecut", "sundut", "nyundut",
        # torture, abuse, kidnapping, confinement
        "siksa", "nyiksa", "aniaya", "culik", "nyulik", "sekap", "nyekap",
        "dera",
        # sexual abuse
        "perkosa", "merkosa", "cabul", "leceh", "raba", "ngeraba", "grepe",
        "gerayang", "grayang",
        # bullying as a disclosure ("aku dibully")
        "bully", "buli", "rundung",
    }
)  # fmt: skip

#: Exact words (also with -nya, -lah, -ku, -mu, -pun, -in).
DANGER_WORDS = frozenset(
    {
        # violence in general
        "kekerasan", "kdrt", "dikerasi", "dikasari", "dihajar", "menghajar",
        "ngehajar", "dilukai", "dirotan", "dibunuh", "membunuh", "ngebunuh",
        "pembunuhan", "dipaksa", "diintimidasi", "intimidasi",
        # threats, confinement, neglect, expulsion
        "diancam", "diancem", "mengancamku", "ngancam", "ngancem",
        "dikurung", "dikurungin", "dikerangkeng", "dipasung", "dirantai",
        "diusir", "terlantar", "ditelantarkan", "menelantarkan",
        "penelantaran", "diterlantarkan",
        # child marriage
        "dinikahkan", "dinikahin", "dikawinkan", "dikawinin", "dijodohkan",
        "dijodohin",
        # child labour, trafficking
        "dipekerjakan", "diperdagangkan", "trafficking",
        # sexual
        "telanjang", "bugil", "pelecehan", "pencabulan", "pemerkosaan",
        "pedofil",
        # self-harm
        "minggat",
        # drugs and glue sniffing
        "narkoba", "narkotika", "sabu", "ganja", "ngelem", "aibon", "miras",
        # English
        "abuse", "abused", "abuses", "abusing", "abusive", "molest",
        "molested", "molesting", "rape", "raped", "raping", "suicide",
        "suicidal", "kidnapped", "trafficked", "bullied",
        # bullying as a disclosure
        "diejek", "diejekin", "dihina", "dihinain", "dikucilkan", "dipalak",
        "dipalakin", "perundungan", "bullying",
    }
)  # fmt: skip

_NEG = "tidak|tak|gak|ga|nggak|enggak|ngga|ndak|nda|ndk|tdk|gk|g"

#: Phrases that are always a possible danger.
DANGER_PHRASES = (
    # self-harm and suicide
    "bunuh diri",
    "ingin|mau|pengen|pengin|pingin|kepingin|rasanya|pengennya mati",
    "lebih baik mati",
    "mending|mendingan|mendinglah mati",
    "menyakiti|nyakitin|nyakiti|sakiti|sakitin|melukai|lukai|ngelukai diri",
    "sayat|menyayat|nyayat|iris|mengiris|ngiris|silet|nyilet tangan|nadi|lengan",
    "potong|putus nadi",
    "gantung diri",
    "minum racun|baygon",
    f"{_NEG} mau|ingin|pengen hidup",
    "capek|cape|capai|lelah hidup",
    # running away
    "kabur|lari|minggat dari rumah",
    # child labour and school
    "disuruh|dipaksa|dipekerjakan kerja|bekerja|mengemis|ngemis|ngamen",
    f"{_NEG} boleh|dibolehkan|diizinkan|diijinkan|dikasih|diberi sekolah",
    "dilarang sekolah",
    "disuruh|dipaksa berhenti|putus sekolah",
    # child marriage
    "nikah|kawin paksa",
    "dipaksa|disuruh nikah|menikah|kawin|kimpoi",
    # neglect
    f"{_NEG} dikasih|diberi|dikasi makan",
    # hitting, in the words children use
    "dicubit sampai",
    "kena|kene|kenak pukul|tampar|tendang|hajar|gebuk|palok|tumbok|sabet|pukol|jewer|sepak",
    # touching ("disentuh" alone is too common; see DANGER_CONTEXT)
    "pegang pegang",
    "dipegang pegang|dipegang",
    "megang megang|megang",
    "disentuh sentuh|disentuh",
    "raba raba",
    "dicium cium|dicium",
    "disuruh|diajak|dipaksa buka|membuka|lepas|melepas|copot baju|celana|pakaian|rok",
    "diajak|disuruh|dipaksa tidur bareng|bersama|sama|berdua",
    "diajak|dibawa|disuruh ke|masuk kamar|hotel|penginapan",
    "jangan bilang|cerita|lapor|ngomong|ngadu|kasitau siapa|siapapun|ke|sama|pada",
    # trafficking ("dijual" alone is mostly about selling crops or rubbish)
    "aku|saya|adik|adikku|kakakku|anak|anaknya dijual|dijualin",
    "aku|saya|adik|adikku|kakakku|anak|anaknya mau|akan|sudah|pernah|hampir dijual|dijualin",
    # English, for children who write it (or hide in it)
    "hit|hits|hitting|beat|beats|beating|hurt|hurts|hurting|kick|kicks|kicked|"
    "kicking|slap|slaps|slapped|slapping|punch|punches|punched|punching|touch|"
    "touches|touched|touching|choke|chokes|choked|whip|whips|whipped|lock|locks|"
    "locked|grab|grabs|grabbed|threaten|threatens|threatened me|us",
    "kill|killing|hurt|hurting|cut|cutting|harm|harming myself",
    "self harm",
    "want|going to die",
    "wanna die",
    "end my life",
    "afraid|scared|frightened|fear to|of go|going home",
    "dont want to go home",
    "don|do t|not want to go home",
    "ran|run|running away from home",
    "forced to marry|work",
    # drugs and glue
    "isap|hisap|ngisap|menghisap|hirup|menghirup|nyedot|sedot|mabuk|ngelem lem",
    "pil koplo",
    "obat terlarang",
)

#: People: flagged together with a danger word or a DANGER_CONTEXT word
#: within DANGER_WINDOW words ("om itu pegang-pegang aku", "paman saya
#: sering memukul"), so the safeguarding officer sees who it is about.
DANGER_PERSONS = (
    "om|oom|omku|omnya|paman|pamanku|pamannya|pakcik|pakde|paklik|pakle",
    "kakek|kakekku|datuk|datok|atok|tetangga|tetanggaku",
    "ayah|bapak|bapa|papa|papi|abah|apak|mama|mami|ibu|emak|mamak|umak tiri|tiriku|tirinya",
    "ayahku|bapakku|papaku|abahku|mamaku|ibuku|mamakku|emakku",
    "ayah|bapak|papa|abah|mama|ibu|mamak|emak",
    "kakak|kakakku|abang|abangku|sepupu|sepupuku|pacar|pacarku|pacarnya",
    "guru|guruku|pelatih|majikan|bos|ustaz|ustad|ustadz|pastor|pendeta",
    "pacar|teman|temen|kawan ayah|bapak|ibu|mama|mamak",
    "orang asing|dewasa",
    "om|bapak|pak|abang|bang|kakak|kak|orang|laki|pria itu",
)

#: Words that are innocent alone but a warning next to a person above.
DANGER_CONTEXT = (
    "disentuh|menyentuh|nyentuh|sentuh|dipegang|memegang|pegang|megang",
    "dicium|diciumi|mencium|nyium|cium|dipeluk|memeluk|meluk|peluk",
    "dikunci|dikunciin|diintip|ngintip|mengintip|ngintipin|difoto|divideo",
    "rahasia|takut|ketakutan|mabuk",
)

#: How many words apart a person and a danger or context word may be.
DANGER_WINDOW = 10

_ANIMAL = "anjing|anjingnya|babi|babinya|asu|asunya|monyet|monyetnya"

#: Innocent uses: a rude-word finding inside one of these phrases is dropped
#: (only when written plainly: "4njing liar" is still flagged).
NOT_PROFANITY = (
    "tahi|tai|tahinya lalat",
    "tai|tay chi|ci",
    # animals (pig farming and stray dogs are real topics in Bengkayang)
    "ternak|kandang|daging|peternakan|beternak|pelihara|memelihara|piara|"
    "anak|seekor|ekor|gigitan|digigit|vaksin|vaksinasi|bulu|kotoran|lemak|minyak|"
    f"usaha|ada|banyak|kawanan|sekelompok|berburu|memburu|buru|penyakit|virus|flu|demam {_ANIMAL}",
    f"{_ANIMAL} liar|peliharaan|hutan|ternak|rabies|galak|kampung|menggigit|"
    "gigit|berkeliaran|milik|mati|sakit|pelacak|pemburu|berburu|ekor",
    # things that "mati aja" (stop working), and wanting to die (a danger, below)
    "lampu|lampunya|listrik|listriknya|sinyal|mesin|hp|hpnya|air|pompa|tv|"
    "televisi|motor|kipas|genset|keran|kran mati aja|ajah|saja",
    "mau|ingin|pengen|pingin|pengin mati aja|ajah|aje|saja",
)

#: Innocent uses: a danger finding inside one of these phrases is dropped.
#: Keep this list short and concrete (a missed disclosure is the worst error).
NOT_DANGER = (
    "pukul #",  # the time of day, "pukul 7 pagi" (but not "pukul 3 kali")
    "pukul|memukul|mukul|dipukul|pemukul bola|kentongan|kentong|gong|gendang|"
    "beduk|bedug|drum|rata|kasti|tambur|lonceng|kulintang",
    "tendang|menendang|nendang|tendangan bola|penalti|pinalti|bebas|sudut|pojok|"
    "gawang|salto|pisang",
    "sepak|menyepak|nyepak bola|takraw|raga|pojok|mula|terjang",
    "kue|kueh cubit",
    "kayu bulian",
    "bunuh|membunuh|dibunuh|ngebunuh nyamuk|jentik|hama|kuman|bakteri|virus|"
    "tikus|gulma|rumput|kecoa|lalat|ulat|waktu",
    "pulau sabu",
    "sabu raijua",
    "indra|indera|alat peraba",
    "meraba|diraba huruf|braille|tulisan",
    "tanaman|tanamannya|pohon|pohonnya|lampu|lampunya|listrik|hp|hpnya|baterai|"
    "batre|sinyal|ikan|ayam|bunga|padi|sawit|karet|mesin|motor|sapi|babi|"
    "kambing mau|ingin|hampir mati",
)

_NUMBER_WORDS = frozenset(
    "nol satu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas "
    "duabelas setengah seperempat".split()
)
#: "pukul 3 kali" counts blows; "pukul 3 pagi" is the time.
_COUNTING_WORDS = frozenset({"kali", "x"})


# =============================================================================
# Words: tokens, normal forms, phrases
# =============================================================================

_TOKEN_RE = re.compile(r"(?:[^\W_]|[@$])+")
_REPEATS_RE = re.compile(r"(.)\1+")
_LEET = str.maketrans(
    {"4": "a", "@": "a", "1": "i", "0": "o", "3": "e", "5": "s", "$": "s",
     "7": "t", "9": "g"}
)  # fmt: skip


def _fold(word: str) -> str:
    """Lower case, without accents ("ngelém" -> "ngelem")."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _forms(word: str) -> tuple[str, str, bool]:
    """(raw, norm, plain): leetspeak undone; then stretched letters collapsed;
    and whether the word was written plainly (no leetspeak, no stretching)."""
    folded = _fold(word)
    has_letter = any(c.isalpha() for c in folded)
    raw = folded.translate(_LEET) if has_letter else folded
    norm = _REPEATS_RE.sub(r"\1", raw) if has_letter else raw
    return raw, norm, raw == folded and norm == folded


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    raw: str  # lower case, no accents, leetspeak undone
    norm: str  # raw with stretched letters collapsed ("anjiiing" -> "anjing")
    plain: bool


def _tokenize(text: str) -> list[_Token]:
    tokens = []
    for m in _TOKEN_RE.finditer(text):
        word = m.group()
        folded = _fold(word)
        if (
            len(folded) > 2
            and folded.endswith("2")
            and folded[-2].isalpha()
            and sum(c.isalpha() for c in folded) >= 2
        ):
            # "pegang2" is SMS for "pegang-pegang": two words on one span
            raw, norm, plain = _forms(word[:-1])
            token = _Token(m.start(), m.end(), raw, norm, plain)
            tokens += [token, token]
            continue
        raw, norm, plain = _forms(word)
        tokens.append(_Token(m.start(), m.end(), raw, norm, plain))
    return tokens


class _WordSet:
    """Single words, compared by raw form and by collapsed form."""

    def __init__(self, words: Iterable[str], suffixes: Sequence[str] = ("",)):
        forms = [_forms(w) for w in words]
        self.raw = frozenset(f[0] for f in forms)
        self.norm = frozenset(f[1] for f in forms)
        self.suffixes = tuple(sorted(set(suffixes) | {""}, key=len))

    def __contains__(self, token: _Token) -> bool:
        for suffix in self.suffixes:
            for form, known in ((token.raw, self.raw), (token.norm, self.norm)):
                if suffix and not form.endswith(suffix):
                    continue
                if form[: len(form) - len(suffix)] in known:
                    return True
        return False


class _StemSet:
    """Stems with Indonesian (and colloquial) affixes around them."""

    PREFIXES = (
        "", "di", "ter", "ke", "me", "mem", "men", "meng", "meny", "pe", "pem",
        "pen", "peng", "peny", "per", "ber", "nge", "ng", "ny",
    )  # fmt: skip
    SUFFIXES = tuple(
        first + second
        for first in ("", "i", "kan", "in", "an")
        for second in ("", "nya", "lah", "ku", "mu", "pun")
    )

    def __init__(self, stems: Iterable[str]):
        forms = [_forms(s) for s in stems]
        self.raw = frozenset(f[0] for f in forms)
        self.norm = frozenset(f[1] for f in forms)

    def __contains__(self, token: _Token) -> bool:
        for form, known in ((token.raw, self.raw), (token.norm, self.norm)):
            for prefix in self.PREFIXES:
                if not form.startswith(prefix):
                    continue
                rest = form[len(prefix) :]
                for suffix in self.SUFFIXES:
                    if suffix and not rest.endswith(suffix):
                        continue
                    if rest[: len(rest) - len(suffix)] in known:
                        return True
        return False


@dataclass(frozen=True)
class _Slot:
    raw: frozenset[str]
    norm: frozenset[str]
    number: bool = False


def _compile_phrase(phrase: str) -> tuple[_Slot, ...]:
    slots = []
    for part in phrase.split():
        if part == "#":
            slots.append(_Slot(frozenset(), frozenset(), number=True))
            continue
        forms = [_forms(alt) for alt in part.split("|") if alt]
        slots.append(
            _Slot(frozenset(f[0] for f in forms), frozenset(f[1] for f in forms))
        )
    return tuple(slots)


def _slot_matches(slot: _Slot, tokens: Sequence[_Token], i: int) -> bool:
    token = tokens[i]
    if slot.number:
        if not (token.raw.isdigit() or token.norm in _NUMBER_WORDS):
            return False
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        return following is None or following.norm not in _COUNTING_WORDS
    return token.raw in slot.raw or token.norm in slot.norm


class _PhraseSet:
    """Phrases of one or more words; finds (first, last + 1) token ranges."""

    def __init__(self, phrases: Iterable[str]):
        self.phrases = [_compile_phrase(p) for p in phrases]
        # phrases by the forms of their first word, to try only likely ones
        self.by_first: dict[str, list[tuple[_Slot, ...]]] = {}
        self.number_first = [p for p in self.phrases if p[0].number]
        for slots in self.phrases:
            for form in slots[0].raw | slots[0].norm:
                self.by_first.setdefault(form, []).append(slots)

    def find(self, tokens: Sequence[_Token]) -> list[tuple[int, int]]:
        found = []
        for i, token in enumerate(tokens):
            candidates = {
                id(p): p
                for p in self.by_first.get(token.raw, [])
                + self.by_first.get(token.norm, [])
                + self.number_first
            }
            for slots in candidates.values():
                if i + len(slots) > len(tokens):
                    continue
                if all(_slot_matches(s, tokens, i + k) for k, s in enumerate(slots)):
                    found.append((i, i + len(slots)))
        return found


_PROFANITY = _WordSet(PROFANITY_WORDS, ("nya", "lah", "in", "mu", "lu", "kau", "loe"))
_BULLYING = _WordSet(BULLYING_WORDS, ("nya", "lah", "in", "mu", "lu", "kau", "loe"))
_BULLYING_PHRASES = _PhraseSet(BULLYING_PHRASES)
_NOT_PROFANITY = _PhraseSet(NOT_PROFANITY)
_DANGER_STEMS = _StemSet(DANGER_STEMS)
_DANGER_WORDS = _WordSet(DANGER_WORDS, ("nya", "lah", "ku", "mu", "pun", "in"))
_DANGER_PHRASES = _PhraseSet(DANGER_PHRASES)
_DANGER_PERSONS = _PhraseSet(DANGER_PERSONS)
_DANGER_CONTEXT = _PhraseSet(DANGER_CONTEXT)
_NOT_DANGER = _PhraseSet(NOT_DANGER)

_Span = tuple[int, int]  # token range [first, last + 1)


def _covered(span: _Span, exceptions: Iterable[_Span]) -> bool:
    return any(a <= span[0] and span[1] <= b for a, b in exceptions)


def _distance(a: _Span, b: _Span) -> int:
    return max(a[0] - b[1], b[0] - a[1], 0)


def _overlaps(a: _Span, b: _Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


_SPLIT_MARKS = frozenset("-.*_'")


def _split_words(text: str, tokens: Sequence[_Token]) -> list[tuple[_Span, _Token]]:
    """A word split by one mark ("gob-lok", "dipu*kul") read as one, on the
    token range of its two halves."""
    joined = []
    for i in range(len(tokens) - 1):
        a, b = tokens[i], tokens[i + 1]
        if a is b or text[a.end : b.start] not in _SPLIT_MARKS:
            continue
        raw, norm, plain = _forms(text[a.start : a.end] + text[b.start : b.end])
        joined.append(((i, i + 2), _Token(a.start, b.end, raw, norm, plain)))
    return joined


#: Characters a child types for one letter of a rude word ("anj*ng", "b#bi",
#: "t@i", "k_ntol", "g.blok"); each stands for exactly one letter.
_MASK_CHARS = "*#@_."
_MASKED_RE = re.compile(r"(?<![^\W_*#@])[^\W_]+(?:[*#@_.]{1,2}[^\W_]+)+")


def _masked_lexicon() -> dict[int, list[tuple[str, str]]]:
    """Every rude or bullying word with its suffixes, by length."""
    by_length: dict[int, list[tuple[str, str]]] = {}
    for words, suffixes, category in (
        (PROFANITY_WORDS, _PROFANITY.suffixes, Category.PROFANITY),
        (BULLYING_WORDS, _BULLYING.suffixes, Category.BULLYING),
    ):
        for word in words:
            for suffix in suffixes:
                form = _forms(word)[0] + suffix
                by_length.setdefault(len(form), []).append((form, category))
    return by_length


_MASKED_LEXICON = _masked_lexicon()


def _masked_words(text: str) -> list[tuple[str, int, int]]:
    """(category, start, end) of rude words with letters masked by ``*``,
    ``#``, ``@``, ``_`` or ``.``: every visible letter must match and each
    mark stands for one letter; at least two letters are visible and more
    letters than marks, so "t.i" needs a listed three-letter word "t?i" and
    ordinary text ("10.30", "bola.Tapi") matches nothing."""
    found = []
    for m in _MASKED_RE.finditer(text):
        word = m.group()
        marks = sum(c in _MASK_CHARS for c in word)
        visible = len(word) - marks
        if visible < 2 or marks >= visible:
            continue
        if set(word) & set(_MASK_CHARS) == {"."} and word.replace(".", "").isupper():
            continue  # an abbreviation ("T.I", "S.Pd"), not a masked word
        letters = _fold(word)
        if any(c.isalpha() for c in letters):
            letters = "".join(
                c if c in _MASK_CHARS else c.translate(_LEET) for c in letters
            )
        for form, category in _MASKED_LEXICON.get(len(letters), ()):
            if all(
                c in _MASK_CHARS or c == f for c, f in zip(letters, form, strict=True)
            ):
                found.append((category, m.start(), m.end()))
                break
    return found


def _language_spans(text: str) -> list[tuple[str, int, int]]:
    """(category, start, end) of rude words, bullying and danger."""
    tokens = _tokenize(text)
    if not tokens:
        return []
    words = [((i, i + 1), token) for i, token in enumerate(tokens)]
    words += _split_words(text, tokens)
    rude: list[tuple[str, _Span]] = []
    for span, token in words:
        if token in _PROFANITY:
            rude.append((Category.PROFANITY, span))
        if token in _BULLYING:
            rude.append((Category.BULLYING, span))
    rude += [(Category.BULLYING, span) for span in _BULLYING_PHRASES.find(tokens)]
    innocent = _NOT_PROFANITY.find(tokens)
    rude = [
        (category, span)
        for category, span in rude
        if not (
            _covered(span, innocent) and all(t.plain for t in tokens[span[0] : span[1]])
        )
    ]

    danger: list[_Span] = [
        span
        for span, token in words
        if token in _DANGER_STEMS or token in _DANGER_WORDS
    ]
    danger += _DANGER_PHRASES.find(tokens)
    innocent = _NOT_DANGER.find(tokens)
    danger = [span for span in danger if not _covered(span, innocent)]
    context = _DANGER_CONTEXT.find(tokens)
    flagged = set(danger)
    for person in _DANGER_PERSONS.find(tokens):
        near_danger = [s for s in danger if _distance(person, s) <= DANGER_WINDOW]
        near_context = [
            s
            for s in context
            if _distance(person, s) <= DANGER_WINDOW and not _overlaps(person, s)
        ]
        if near_danger or near_context:
            flagged.add(person)
            flagged.update(near_context)

    spans = [(category, span) for category, span in rude]
    spans += [(Category.DANGER, span) for span in flagged]
    found = [
        (category, tokens[a].start, tokens[b - 1].end) for category, (a, b) in spans
    ]
    seen = {(start, end) for _category, start, end in found}
    return found + [
        (category, start, end)
        for category, start, end in _masked_words(text)
        if (start, end) not in seen
    ]


# =============================================================================
# Personal data
# =============================================================================

# --- numbers: phone and NIK --------------------------------------------------

_DIGITS_RE = re.compile(r"\d+")
# what may stand between two groups of one number: "0812-3456", "0812 3456",
# "0812.3456", "(0562) 44", "+62 (812)", "0812/3456", "0812  3456"
_NUMBER_JOIN_RE = re.compile(r"\)?[ \t]{0,2}[.\-/_]?[ \t]{0,2}\(?")
_MONEY_BEFORE_RE = re.compile(r"(?i)(?:rp|idr)\.?[ \t]*\(?$")


def _is_money(text: str, run: list[tuple[int, int]], i: int, j: int) -> bool:
    """Thousands ("Rp 62.800.000.000", "1.500.000") are not a phone or a NIK."""
    if _MONEY_BEFORE_RE.search(text[max(0, run[i][0] - 6) : run[i][0]]):
        return True
    if j == i:
        return False
    seps = {text[run[k][1] : run[k + 1][0]] for k in range(i, j)}
    lengths = [run[k][1] - run[k][0] for k in range(i, j + 1)]
    return (
        len(seps) == 1
        and seps <= {".", ","}
        and 1 <= lengths[0] <= 3
        and all(n == 3 for n in lengths[1:])
    )


# Indonesian province codes (the first two digits of a NIK)
_PROVINCES = frozenset(
    [*range(11, 20), 21, *range(31, 37), *range(51, 54), *range(61, 66)]
    + [*range(71, 77), 81, 82, *range(91, 98)]
)
_NIK_WORD_BEFORE_RE = re.compile(
    r"(?i)\b(?:nik|kk|ktp|kia|nomor[ \t]+induk)\b(?:[ \t]+[^\W\d_]+){0,3}\W{0,6}$"
)


def _digits_of(text: str, run: list[tuple[int, int]], i: int, j: int) -> str:
    return "".join(text[a:b] for a, b in run[i : j + 1])


def _is_nik(text: str, start: int, digits: str) -> bool:
    """16 digits after "NIK"/"KK", or shaped like a NIK: a province code, then
    a birth date (day + 40 for girls) at digits 7-12. "2025 2026 2027 2028"
    is a list of years."""
    if _NIK_WORD_BEFORE_RE.search(text[max(0, start - 30) : start]):
        return True
    day, month = int(digits[6:8]), int(digits[8:10])
    return (
        int(digits[:2]) in _PROVINCES
        and (1 <= day <= 31 or 41 <= day <= 71)
        and 1 <= month <= 12
    )


_PHONE_WORD_BEFORE_RE = re.compile(
    r"(?i)(?<![^\W\d_])(?:wa|hp|telp|tlp|tel|no|nomor|nmr|sms|call|whatsapp)$"
)


def _glued_to_word(text: str, start: int) -> bool:
    """Digits glued to a word ("RT02", "andi0812") are not a number of their
    own, unless the word says what follows ("wa08123456789", "hp0812...")."""
    if start == 0 or not (text[start - 1].isalpha() or text[start - 1] == "_"):
        return False
    return not _PHONE_WORD_BEFORE_RE.search(text[max(0, start - 12) : start])


def _is_phone(digits: str, plus: bool, first_group: str) -> bool:
    if digits.startswith("62"):
        national = "0" + digits[2:]
    elif plus or not digits.startswith("0"):
        return False
    else:
        # "08-12-2026" is a date: a phone number starts "08xx", "021", "0562"
        if len(first_group) < 3:
            return False
        national = digits
    return 10 <= len(national) <= 13 and national[1] in "2345678"


def _number_spans(text: str) -> list[tuple[str, int, int]]:
    groups = [(m.start(), m.end()) for m in _DIGITS_RE.finditer(text)]
    runs: list[list[tuple[int, int]]] = []
    for group in groups:
        if runs:
            gap = text[runs[-1][-1][1] : group[0]]
            if gap and _NUMBER_JOIN_RE.fullmatch(gap):
                runs[-1].append(group)
                continue
        runs.append([group])

    found = []
    for run in runs:
        n = len(run)
        i = 0
        while i < n:
            start = run[i][0]
            if _glued_to_word(text, start):
                i += 1  # part of a word or a user name ("RT02", "andi0812")
                continue
            # NIK / KK number: 16 digits, maybe in groups ("6107 0123 4567 0001")
            total, j = 0, i
            while j < n:
                total += run[j][1] - run[j][0]
                if total >= 16:
                    break
                j += 1
            if (
                total == 16
                and j < n
                and not _is_money(text, run, i, j)
                and _is_nik(text, start, _digits_of(text, run, i, j))
            ):
                found.append((Category.NIK, start, run[j][1]))
                i = j + 1
                continue
            # phone: the longest valid number starting at this group
            plus = start > 0 and text[start - 1] == "+"
            best, digits, j = None, "", i
            while j < n:
                digits += text[run[j][0] : run[j][1]]
                if len(digits) > 14:
                    break
                if _is_phone(
                    digits, plus, text[run[i][0] : run[i][1]]
                ) and not _is_money(text, run, i, j):
                    best = j
                j += 1
            if best is None:
                i += 1
                continue
            begin, end = start, run[best][1]
            if plus:
                begin -= 1
            if begin > 0 and text[begin - 1] == "(":
                begin -= 1
            inside = text[begin:end]
            if inside.count("(") > inside.count(")") and text[end : end + 1] == ")":
                end += 1
            found.append((Category.PHONE, begin, end))
            i = best + 1
    return found


# --- schools and classes ---------------------------------------------------------
# Dewan Pers 1/2019 counts a child's school as identifying. A school an idea
# is *about* ("Atap SDN 05 Ledo bocor") is not personal data; the child's own
# school is: after "aku/saya/sekolahku/siswa/murid", or with the class
# ("SDN 05 Ledo kelas 5B"). A class with its parallel letter ("kelas 5B",
# "kelas VII-C") narrows a child down to some thirty and counts on its own.

_SCHOOL_RE = re.compile(
    r"(?i)\b(?:sd|sdn|sdi|sdit|sdk|smp|smpn|smpit|smpk|sma|sman|smk|smkn|mi|min|"
    r"mis|mts|mtsn|ma|man|slb|slbn)\b(?:[ \t]+(?:negeri|swasta|inpres|n|s)\b)?"
    r"[ \t]*\.?[ \t]*(?:no\.?[ \t]*)?\d{1,3}\b"
)
_CLASS = (
    r"\b(?:kelas|kls)\b\.?[ \t]*(?:\d{1,2}|[ivx]{1,4})"
    r"(?:[ \t]*[-.]?[ \t]*(?P<section>[a-g]))?\b"
)
_CLASS_RE = re.compile(rf"(?i){_CLASS}")
_CLASS_AFTER_RE = re.compile(rf"(?i)[ \t]*,?[ \t]*{_CLASS}")
_SCHOOL_SELF_BEFORE_RE = re.compile(
    r"(?i)\b(?:sekolah(?:ku|nya)?(?:[ \t]+(?:saya|aku|kami|kita))?|bersekolah|"
    r"(?:aku|saya|ku|gue|gw)(?:[ \t]+(?:sekolah|bersekolah|siswa|siswi|murid|"
    r"pelajar|anak))?|siswa|siswi|murid|pelajar)"
    r"(?:[ \t]+(?:kelas|kls)[ \t]+\w+)?(?:[ \t]+(?:di|dari|ada[ \t]+di|yaitu|"
    r"adalah))?[ \t]*:?[ \t]*$"
)


def _school_spans(text: str) -> list[tuple[str, int, int]]:
    found = []
    for m in _SCHOOL_RE.finditer(text):
        end = m.end()
        words = _walk_words(
            text,
            end,
            lowercase_ok=False,
            max_words=3,
            stopwords=NAME_STOPWORDS,
            word_re=_PLACE_WORD_RE,
        )
        if words and words[0][0] > end:
            end = words[-1][1]
        grade = _CLASS_AFTER_RE.match(text, end)
        own = _SCHOOL_SELF_BEFORE_RE.search(text[max(0, m.start() - 40) : m.start()])
        if grade or own:
            found.append((Category.SCHOOL, m.start(), grade.end() if grade else end))
    for m in _CLASS_RE.finditer(text):
        if m.group("section"):
            found.append((Category.SCHOOL, m.start(), m.end()))
    return found


# --- e-mail and links ----------------------------------------------------------

_PROVIDERS = r"(?:gmail|yahoo|ymail|hotmail|outlook|icloud|live)"
_EMAIL_RES = (
    re.compile(
        r"(?i)(?<![\w.+\-])[a-z0-9][a-z0-9._%+\-]*@(?:[a-z0-9\-]+\.)+[a-z]{2,}\b"
    ),
    re.compile(rf"(?i)(?<![\w.+\-])[a-z0-9][a-z0-9._%+\-]*@{_PROVIDERS}\b"),
    # "andi (at) gmail dot com"
    re.compile(
        rf"(?i)\b[a-z0-9][a-z0-9._]*[ \t]*(?:\(at\)|\[at\]|[ \t]at[ \t])[ \t]*{_PROVIDERS}"
        r"(?:[ \t]*(?:\.|\bdot\b|\btitik\b|\(dot\))[ \t]*(?:com|co[ \t]*\.[ \t]*id))?\b"
    ),
)

_URL_END = ".,;:!?)]}'\"’”"
_LINK_RES = (
    re.compile(r"(?i)\bhttps?://[^\s<>\"']+"),
    re.compile(r"(?i)(?<![\w@./\-])www\.[^\s<>\"']+"),
    # bare domains: "bengkayangkab.go.id", "s.id/abc", "tiktok.com/@andi"
    re.compile(
        r"(?i)(?<![\w@./\-])(?:[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?\.)+"
        r"(?:com|net|org|info|biz|xyz|site|online|store|app|tv|id)\b(?:/[^\s<>\"']*)?"
    ),
    # short domains only with a path: "bit.ly/abc", "wa.me/62812...", "t.me/x"
    re.compile(
        r"(?i)(?<![\w@./\-])(?:[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?\.)+"
        r"(?:ly|me|be|to|gg|io|link|page|cc|co|us)/[^\s<>\"']+"
    ),
)
# "@andi_123" (not the "@" of an e-mail address)
_HANDLE_RE = re.compile(r"(?<![\w@./])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?")
# "ig: andi_123", "IG aku andi.p", "tiktok @andi"
_SOCIAL_RE = re.compile(
    r"(?i)\b(?:ig|insta|instagram|tiktok|tik[ \t]tok|fb|facebook|twitter|telegram|"
    r"tele|yt|youtube|snapchat|snap|threads|discord|twitch)(?:ku|nya)?\b"
    r"(?P<owner>[ \t]+(?:saya|aku|gue|gw|aq|kami))?"
    r"(?P<colon>[ \t]*[:=])?[ \t]*(?P<handle>@?[A-Za-z0-9_][A-Za-z0-9_.]{1,29})"
)


def _link_spans(text: str) -> list[tuple[str, int, int]]:
    found = []
    for pattern in _EMAIL_RES:
        found += [(Category.EMAIL, m.start(), m.end()) for m in pattern.finditer(text)]
    for pattern in _LINK_RES:
        for m in pattern.finditer(text):
            end = m.end()
            while end > m.start() and text[end - 1] in _URL_END:
                end -= 1
            found.append((Category.LINK, m.start(), end))
    for m in _HANDLE_RE.finditer(text):
        if any(c.isalpha() for c in m.group()):
            found.append((Category.LINK, m.start(), m.end()))
    for m in _SOCIAL_RE.finditer(text):
        handle = m.group("handle").rstrip(".")
        looks_like_handle = (
            handle.startswith("@")
            or m.group("owner")
            or m.group("colon")
            or any(c.isdigit() or c in "_." for c in handle)
        )
        if (
            looks_like_handle
            and any(c.isalpha() for c in handle)
            and _fold(handle) not in NAME_STOPWORDS  # "ig aku sudah dihapus"
        ):
            start = m.start("handle")
            end = start + len(handle)
            if handle[0].isupper():  # "fb: Budi Santoso"
                more = _walk_words(
                    text,
                    end,
                    lowercase_ok=False,
                    max_words=3,
                    stopwords=NAME_STOPWORDS,
                )
                if more and more[0][0] > end:
                    end = more[-1][1]
            found.append((Category.LINK, start, end))
    return found


# --- names and addresses --------------------------------------------------------

_NAME_WORD_RE = re.compile(r"[^\W\d_](?:[^\W\d_]|['’\-](?=[^\W\d_]))*\.?")
_PLACE_WORD_RE = re.compile(r"[^\W_](?:[^\W_]|['’\-](?=[^\W_]))*\.?")
_BLANKS_RE = re.compile(r"[ \t]*")
_NAME_ABBREVIATIONS = frozenset(
    {"m", "muh", "moh", "mhd", "muhd", "st", "hj", "h", "ir", "dr", "a", "i"}
)

#: Words that end a name: "nama saya Andi dari SDN 3", "namaku siti umur 10".
NAME_STOPWORDS = frozenset(
    """
    saya aku ku kami kita dia ia mereka kamu gue gw aq dan atau dari dr dri di
    ke dengan untuk yang yg ini itu adalah ialah yaitu kelas kls umur usia
    berumur berusia tahun thn th sekolah sd sdn smp smpn sma sman smk smkn mi
    min mts ma man tk paud siswa siswi murid pelajar anak tinggal berasal asal
    ingin mau pengen minta meminta mohon memohon usul mengusulkan usulkan
    berharap harap punya mempunyai suka senang sangat sekali akan sudah belum
    tidak gak juga karena sebagai ketua anggota wakil forum desa kecamatan
    kabupaten kota dusun kampung jalan jl gang rt rw no nomor agar supaya bisa
    dapat sedang lagi biasa dipanggil panggil panggilan sapaan alias hobi cita
    ada perempuan laki bapak ibu pak bu kak kakak adik teman guru kepala
    kades camat lurah bupati tunggal biasanya hanya cuma sih kok nih ya
    butuh perlu membutuhkan memerlukan tolong pernah sering selalu bermain
    main belajar bersekolah merasa lihat melihat bilang pikir berpikir setuju
    kira amat berdoa yakin percaya bangga sedih khawatir prihatin
    """.split()
)

_STREET_STOPWORDS = NAME_STOPWORDS | frozenset(
    "rusak berlubang licin becek sempit gelap menuju arah dekat depan belakang "
    "samping sebelah sampai hingga kalau jika waktu saat setiap".split()
)

_DUSUN_STOPWORDS = frozenset(
    """
    kami kita saya aku ini itu yang yg kecil terpencil tersebut tsb sebelah
    lain lainnya dan di ke tempat tetangga sini sana kamu mereka ada belum
    sudah tidak masih jauh pedalaman terdekat setempat masing juga banyak
    sangat kalian kecamatan desa
    """.split()
)


def _walk_words(
    text: str,
    pos: int,
    *,
    lowercase_ok: bool,
    max_words: int,
    stopwords: frozenset[str],
    word_re: re.Pattern[str] = _NAME_WORD_RE,
) -> list[tuple[int, int]]:
    """Consecutive name-like words from ``pos`` (on one line). Mixed case ends
    the name: in "Andi pergi" only "Andi" is a name."""
    words: list[tuple[int, int]] = []
    first_capital = False
    cursor = _BLANKS_RE.match(text, pos).end()
    while len(words) < max_words:
        m = word_re.match(text, cursor)
        if not m:
            break
        word = m.group()
        bare = word.rstrip(".")
        if not bare or _fold(bare) in stopwords:
            break
        capital = bare[0].isupper() or bare[0].isdigit()
        if not capital and not lowercase_ok:
            break
        if words and first_capital and not capital:
            break
        if not words:
            first_capital = capital
        words.append((m.start(), m.start() + len(bare)))
        if word.endswith(".") and _fold(bare) not in _NAME_ABBREVIATIONS:
            break  # the end of a sentence
        gap = _BLANKS_RE.match(text, m.end())
        if gap.end() == m.end() and not word.endswith("."):
            break
        cursor = gap.end()
    return words


_CUE_REST_RE = re.compile(r"(?i)[ \t]*(?:[:,\-][ \t]*)?(?:(?:adalah|ialah|yaitu)\b)?")

# (pattern, minimum words, lower case allowed, must be followed by)
_SELF = r"(?:saya|aku|ku|gue|gw|aq)"
_PARENT = (
    r"(?:ayah|bapak|bapa|ibu|mama|mamak|papa|abah|umak|emak|orang[ \t]*tua|ortu|wali)"
)
_NAME_AFTER_RE = re.compile(
    r"(?i)[ \t]*,?[ \t]*\b(?:dari|dr|dri|kelas|kls|umur|usia|berumur|berusia|siswa|"
    r"siswi|murid|pelajar|tinggal|anak|asal)\b"
)
_NAME_CUES = (
    # "nama saya Andi Pratama", "namaku siti nurhaliza", "perkenalkan, ..."
    (
        re.compile(
            rf"(?i)\b(?:nama[ \t]*(?:lengkap[ \t]*)?{_SELF}|perkenalkan(?:[ \t,]+"
            rf"(?:nama[ \t]*{_SELF}|{_SELF}))?|{_SELF}[ \t]+bernama)\b"
        ),
        2,
        True,
        False,
    ),
    # "nama ayah saya Yohanes", "ibuku bernama Maria"
    (
        re.compile(
            rf"(?i)\b(?:nama[ \t]+{_PARENT}[ \t]*{_SELF}?|{_PARENT}[ \t]*{_SELF}?"
            r"[ \t]+bernama)\b"
        ),
        1,
        True,
        False,
    ),
    # "anak dari Bapak Yohanes Kristian", "anak Pak Yohanes"
    (
        re.compile(
            r"(?i)\banak[ \t]+(?:dari[ \t]+|dr\.?[ \t]+)?(?:bapak|bpk|pak|ibu|bu|"
            r"mama|mamak|papa|ayah|abah|umak)\b\.?"
        ),
        1,
        False,
        False,
    ),
    # "Hormat saya, Andi Pratama", "ditulis oleh Siti Nurhaliza"
    (
        re.compile(
            r"(?i)\b(?:hormat[ \t]+(?:saya|kami)|salam[ \t]+dari|ttd|tertanda|"
            r"(?:ditulis|dibuat|diusulkan)[ \t]+oleh|pengusul|penulis)\b\.?"
        ),
        2,
        False,
        False,
    ),
    # "aku Siti Nurhaliza dari SDN 3 Ledo", "Saya Andi Pratama, kelas 6"
    (re.compile(r"(?i)\b(?:aku|saya)\b"), 2, False, True),
)


def _name_spans(text: str) -> list[tuple[str, int, int]]:
    found = []
    for pattern, min_words, lowercase_ok, needs_follow in _NAME_CUES:
        for m in pattern.finditer(text):
            pos = _CUE_REST_RE.match(text, m.end()).end()
            words = _walk_words(
                text,
                pos,
                lowercase_ok=lowercase_ok,
                max_words=5,
                stopwords=NAME_STOPWORDS,
            )
            if len(words) < min_words:
                continue
            if needs_follow and not _NAME_AFTER_RE.match(text, words[-1][1]):
                continue
            found.append((Category.FULL_NAME, words[0][0], words[-1][1]))
    return found


_RT_RW = (
    r"(?:\bRT[ \t]*/[ \t]*RW[ \t]*[.:]?[ \t]*\d{1,3}[ \t]*[/\-][ \t]*\d{1,3}\b"
    r"|\bRT[ \t]*[.:]?[ \t]*\d{1,3}\b(?:[ \t]*[/,\-]?[ \t]*(?:dan[ \t]+)?"
    r"RW[ \t]*[.:]?[ \t]*\d{1,3}\b)?"
    r"|\bRW[ \t]*[.:]?[ \t]*\d{1,3}\b)"
)
_RT_RW_RE = re.compile(rf"(?i){_RT_RW}")
_ADDRESS_MORE_RE = re.compile(
    r"(?i)[ \t]*,?[ \t]*(?:(?:no|nomor|nomer|nmr)\b\.?[ \t]*\d+[a-z]?(?:[/\-]\d+)?\b"
    r"|(?:blok|blk)\b\.?[ \t]*[a-z]?\d{0,3}[a-z]?\b"
    rf"|{_RT_RW})"
)
_GANG_RE = re.compile(r"(?:\b[Gg][Gg]\b\.?|\b[Gg]ang\b)[ \t]*")
_STREET_RE = re.compile(r"(?i)\b(?P<word>jl|jln|jaln|jalan)\b\.?[ \t]*")
_DUSUN_RE = re.compile(r"(?i)\b(?:dusun|dsn)\b\.?[ \t]*")
_ADDRESS_CUE_BEFORE_RE = re.compile(
    r"(?i)\b(?:rumah\w*|tinggal|alamat\w*|beralamat|menetap|kos|ngekos)\b"
    r"(?:[ \t]+\w+){0,2}[ \t]+(?:di[ \t]+)?$"
)
_RESIDENCE_BEFORE_RE = re.compile(
    r"(?i)\b(?:tinggal|rumah(?:ku|nya)?|menetap)(?:[ \t]+(?:saya|aku|kami|kita))?"
    r"[ \t]+(?:di|ada[ \t]+di)[ \t]*$"
)
_ADDRESS_CUE_RE = re.compile(
    r"(?i)\b(?:alamat|beralamat)(?:[ \t]+rumah)?(?:[ \t]*(?:ku|saya|aku|kami|nya))?"
    r"(?:[ \t]+(?:adalah|yaitu|ialah|di))?[ \t]*:?[ \t]*"
)
_HOUSE_NUMBER_RE = re.compile(
    r"(?i)\brumah(?:[ \t]*(?:ku|saya|aku|kami))?[ \t]+(?:nomor|nomer|no\.?|nmr)"
    r"[ \t]*\d+[a-z]?\b"
)
_ADDRESS_ABBREVIATIONS = frozenset(
    "jl jln no gg rt rw kec ds dsn kab kel blok blk".split()
)
_ADDRESS_NOT = frozenset(
    "email e surel web website situs ig instagram fb tiktok sekolah".split()
)


def _extend_address(text: str, end: int) -> tuple[int, bool]:
    """Follow "No. 12", "Gg. Mawar", "RT 02/RW 03", "Blok C" after a street."""
    extended = False
    while True:
        m = _ADDRESS_MORE_RE.match(text, end)
        if m and m.end() > end and re.search(r"\w", m.group()):
            end, extended = m.end(), True
            continue
        gap = re.compile(r"[ \t]*,?[ \t]*").match(text, end)
        g = _GANG_RE.match(text, gap.end())
        if g:
            words = _walk_words(
                text,
                g.end(),
                lowercase_ok=g.group().strip().endswith("."),
                max_words=3,
                stopwords=_STREET_STOPWORDS,
                word_re=_PLACE_WORD_RE,
            )
            if words:
                end, extended = words[-1][1], True
                continue
        return end, extended


def _address_spans(text: str) -> list[tuple[str, int, int]]:
    found = []
    for m in _STREET_RE.finditer(text):
        words = _walk_words(
            text,
            m.end(),
            lowercase_ok=True,
            max_words=4,
            stopwords=_STREET_STOPWORDS,
            word_re=_PLACE_WORD_RE,
        )
        if not words:
            continue
        name_end = words[-1][1]
        end, extended = _extend_address(text, name_end)
        first = text[words[0][0]]
        capital = first.isupper() or first.isdigit()
        cue = bool(
            _ADDRESS_CUE_BEFORE_RE.search(text[max(0, m.start() - 40) : m.start()])
        )
        spelled_out = m.group("word").lower() == "jalan"
        if spelled_out and not (capital and (extended or cue)):
            continue  # "perbaikan Jalan Raya Ledo": the place of the idea
        if not spelled_out and not (capital or extended or cue):
            continue  # "jln rusak parah" is SMS for "jalan"
        if not extended and not capital:
            end = words[0][1]
        found.append((Category.ADDRESS, m.start(), end))
    for m in _GANG_RE.finditer(text):
        words = _walk_words(
            text,
            m.end(),
            lowercase_ok=m.group().strip().endswith("."),
            max_words=3,
            stopwords=_STREET_STOPWORDS,
            word_re=_PLACE_WORD_RE,
        )
        if words:
            end, _extended = _extend_address(text, words[-1][1])
            found.append((Category.ADDRESS, m.start(), end))
    # "Dusun X" names a place an idea may well be about (a bridge in Dusun
    # Sebalo); it is flagged only where it says where someone lives.
    for m in _DUSUN_RE.finditer(text):
        if not _RESIDENCE_BEFORE_RE.search(text[max(0, m.start() - 40) : m.start()]):
            continue
        words = _walk_words(
            text,
            m.end(),
            lowercase_ok=True,
            max_words=3,
            stopwords=_DUSUN_STOPWORDS | NAME_STOPWORDS,
            word_re=_PLACE_WORD_RE,
        )
        if words:
            if not text[words[0][0]].isupper():
                words = words[:1]
            found.append((Category.ADDRESS, m.start(), words[-1][1]))
    for m in _RT_RW_RE.finditer(text):
        found.append((Category.ADDRESS, m.start(), m.end()))
    for m in _HOUSE_NUMBER_RE.finditer(text):
        found.append((Category.ADDRESS, m.start(), m.end()))
    for m in _ADDRESS_CUE_RE.finditer(text):
        end = _address_after_cue(text, m.end())
        if end is not None:
            found.append((Category.ADDRESS, m.end(), end))
    return found


def _address_after_cue(text: str, pos: int) -> int | None:
    """The end of what follows "alamat saya": up to the end of the sentence."""
    end = None
    for count, m in enumerate(re.compile(r"[^\s]+").finditer(text, pos)):
        if count == 10 or text[end or pos : m.start()].count("\n"):
            break
        word = m.group()
        if word.startswith("["):
            break  # "alamat: [disensor]" is already censored
        bare = word.rstrip(".,;:!?")
        key = _fold(bare)
        if count == 0 and (key in _ADDRESS_NOT or not bare):
            return None
        if key in {"dan", "yang", "saya", "aku", "kami", "karena", "untuk", "agar"}:
            break
        if bare:
            end = m.start() + len(bare)
        if word[-1:] in "!?;" or (
            word.endswith(".") and key not in _ADDRESS_ABBREVIATIONS
        ):
            break
    return end


# =============================================================================
# Normalisation: what a reader sees, not how it is encoded (issue 11 item 8)
# =============================================================================

#: Letters that look like Latin ones (Cyrillic, Greek, and a few Latin
#: variants) and dashes that look like "-". NFKC does not fold these.
_CONFUSABLES = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h",
    "о": "o", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s",
    "і": "i", "ї": "i", "ј": "j", "ԁ": "d", "һ": "h", "ӏ": "l", "ԛ": "q",
    "ԝ": "w", "ь": "b", "п": "n", "г": "r", "и": "u", "л": "n",
    "А": "A", "В": "B", "Е": "E", "Ё": "E", "К": "K", "М": "M", "Н": "H",
    "О": "O", "Р": "P", "С": "C", "Т": "T", "Х": "X", "У": "Y", "Ѕ": "S",
    "І": "I", "Ї": "I", "Ј": "J", "Ԁ": "D", "Һ": "H", "Ӏ": "I", "Ԛ": "Q",
    "Ԝ": "W", "З": "3",
    # Greek
    "α": "a", "β": "b", "γ": "y", "ε": "e", "η": "n", "ι": "i", "κ": "k",
    "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K",
    "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    # Latin look-alikes
    "ı": "i", "ȷ": "j", "ɑ": "a", "ɡ": "g", "ɩ": "i", "ʟ": "L", "ℓ": "l",
    # dashes and minus signs
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-", "\u2043": "-",
}  # fmt: skip

#: Look-alikes that stand for two Latin letters: Cyrillic "у" is drawn like a
#: "y" but typed for a "u" as often; the words are matched both ways.
_SECOND_READING = {"у": "u", "У": "U"}

# Letters or digits spread out one by one: "a n j i n g", "d.i.p.u.k.u.l",
# "0 8 1 2 3 4 5 6 7 8 9 0".
_SPREAD_RE = re.compile(r"(?<![^\W_])(?:[^\W_][ .\-_*/]){3,}[^\W_](?![^\W_])")
# A word of digits and letters that look like digits: "o812", "O8I2", "789O".
_DIGITISH_RE = re.compile(r"(?<![^\W_])[0-9oOlIi]+(?![^\W_])")
_DIGIT_LOOKALIKES = str.maketrans({"o": "0", "O": "0", "l": "1", "I": "1", "i": "1"})


@dataclass(frozen=True)
class _Normalised:
    """Text as a reader sees it, with where each character came from:
    ``starts[i]:ends[i]`` is the span of the original text that produced
    character ``i``, so a finding maps back to exactly what the child typed,
    invisible characters included."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    second: str | None = None  # the other reading of ambiguous look-alikes

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.starts[start], self.ends[end - 1]


def _normalise_char(ch: str) -> str | None:
    """What one character reads as; ``None`` if it shows nothing."""
    category = unicodedata.category(ch)
    if category == "Cf" or ch in _INVISIBLE_EXTRA:
        return None
    if category in ("Mn", "Me"):
        return ""  # a combining mark: belongs to the character before
    if ch in _CONFUSABLES:
        return _CONFUSABLES[ch]
    out = []
    for c in unicodedata.normalize("NFKC", ch):
        if c in _CONFUSABLES:
            out.append(_CONFUSABLES[c])
        elif not c.isascii() and c.isdecimal():
            out.append(str(unicodedata.decimal(c)))
        elif unicodedata.category(c) not in ("Mn", "Me", "Cf"):
            out.append(c)
    return "".join(out)


def _normalise(text: str) -> _Normalised:
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    seconds: list[str] = []
    ambiguous = False
    pending = None  # where invisible characters before the next one began
    for i, ch in enumerate(text):
        if ch.isascii():
            mapped = ch
        else:
            mapped = _normalise_char(ch)
            if mapped is None:
                pending = i if pending is None else pending
                continue
            if not mapped:
                if ends:
                    ends[-1] = i + 1
                else:
                    pending = i if pending is None else pending
                continue
        begin = i if pending is None else pending
        pending = None
        second = _SECOND_READING.get(ch)
        ambiguous = ambiguous or second is not None
        for c in mapped:
            chars.append(c)
            seconds.append(second or c)
            starts.append(begin)
            ends.append(i + 1)
    if pending is not None and ends:
        ends[-1] = len(text)

    # Spread-out letters and digits are read as one word or number.
    normal = "".join(chars)
    keep = [True] * len(chars)
    for m in _SPREAD_RE.finditer(normal):
        for k in range(m.start() + 1, m.end(), 2):
            keep[k] = False
    if not all(keep):
        chars = [c for c, k in zip(chars, keep, strict=True) if k]
        seconds = [c for c, k in zip(seconds, keep, strict=True) if k]
        starts = [s for s, k in zip(starts, keep, strict=True) if k]
        ends = [e for e, k in zip(ends, keep, strict=True) if k]
        normal = "".join(chars)

    # Letters for digits inside a number ("o812 3456 789O").
    def digits(m: re.Match[str]) -> str:
        word = m.group()
        count = sum(c.isdigit() for c in word)
        if count and count >= len(word) - count:
            return word.translate(_DIGIT_LOOKALIKES)
        return word

    normal = _DIGITISH_RE.sub(digits, normal)
    second = None
    if ambiguous:
        second = _DIGITISH_RE.sub(digits, "".join(seconds))
    return _Normalised(normal, tuple(starts), tuple(ends), second)


def normalise(text: str) -> str:
    """The text as the checks read it: NFKC, without invisible controls,
    with look-alike letters folded to Latin. For tests and the admin."""
    return _normalise(text or "").text


# =============================================================================
# The interface
# =============================================================================


def _censored(matched: str) -> bool:
    """Nothing is left but what the moderator already censored."""
    return not re.search(r"\w", matched.replace(REDACTED, ""))


def check_text(text: str, field: str = "") -> list[Finding]:
    """Every warning for one text, sorted by position.

    The detectors read the text normalised (:func:`normalise`); each finding
    is mapped back to the span of the original text, so that its ``text`` is
    what the child typed and :func:`redact` removes the evading characters
    (zero-width spaces, look-alike letters) with the rest."""
    original = text or ""
    normal = _normalise(original)
    text = normal.text
    raw = (
        _number_spans(text)
        + _link_spans(text)
        + _name_spans(text)
        + _address_spans(text)
        + _school_spans(text)
        + _language_spans(text)
    )
    if normal.second is not None:
        raw += _language_spans(normal.second)
    spans = {(c, s, e) for c, s, e in raw if s < e and not _censored(text[s:e])}
    emails = [(s, e) for c, s, e in spans if c == Category.EMAIL]
    rude = {(s, e) for c, s, e in spans if KIND_OF[c] == Kind.PROFANITY}
    kept = set()
    for category, start, end in spans:
        if category == Category.LINK and (
            any(s < end and start < e for s, e in emails)  # the domain of an e-mail
            or (start, end) in rude  # "@njing" is a rude word, not an account
        ):
            continue
        if any(
            c == category and s <= start and end <= e and (s, e) != (start, end)
            for c, s, e in spans
        ):
            continue  # inside a longer finding of the same category
        kept.add((category, start, end))
    mapped = {(category, *normal.span(start, end)) for category, start, end in kept}
    return [
        Finding(
            kind=KIND_OF[category],
            category=category,
            field=field,
            start=start,
            end=end,
            text=original[start:end],
            label=LABELS[category],
        )
        for category, start, end in sorted(mapped, key=lambda x: (x[1], x[2], x[0]))
    ]


def check_fields(fields: dict[str, str]) -> list[Finding]:
    """Every warning for several fields (name -> text), by field then position.
    The field ``NICKNAME_FIELD`` is checked as a public name."""
    findings = [
        f
        for name, text in fields.items()
        for f in (check_public_name if name == NICKNAME_FIELD else check_text)(
            text, name
        )
    ]
    return sorted(findings, key=lambda f: (f.field, f.start, f.end, f.category))


# =============================================================================
# The public name (issue 11 item 6)
# =============================================================================

#: The name of the checked field that holds the public name of the child.
NICKNAME_FIELD = "nickname"

#: Titles of staff roles and agencies a child's public name may not carry
#: (one word, or a phrase in the syntax of the other lists).
STAFF_TITLES = (
    "petugas|perlindungan|moderator|moderasi|admin|administrator|adminnya|"
    "fasilitator|bappeda|baperida|bapperida|dinsos|dinsosppa|dinsospppa|"
    "pppa|uptd|kpai|polisi|polwan|polri|polsek|polres|kapolsek|kepolisian|"
    "bupati|wabup|camat|kades|lurah|sekdes|pemda|pemkab|pemerintah|dinas|"
    "satpol|tni|jaksa|hakim|pejabat|official|resmi|staf|staff|operator|"
    "pengelola|panitia",
    "kepala desa|sekolah|dinas",
    "forum anak",
    "ketua forum",
    "sapa #",
)
#: Titles also refused glued to another word ("AdminBunga", "PetugasPPA").
_STAFF_PREFIXES = (
    "petugas", "perlindungan", "moderator", "admin", "fasilitator", "bappeda",
    "baperida", "dinsos", "polisi", "bupati",
)  # fmt: skip
_STAFF_TITLES = _PhraseSet(STAFF_TITLES)
_STAFF_COMPACT = frozenset(f for t in _STAFF_PREFIXES for f in _forms(t)[:2])

#: Words a nickname may put before the name ("Kak Rio", "Si Bunga").
_NAME_HONORIFICS = frozenset(
    "kak ka kakak dek adek adik bang abang si mas mbak mba teh aa nona cik "
    "acik ci koko ko cece ce nyong ucok butet bu pak".split()
)
_NICK_WORD_RE = re.compile(r"[^\W\d_]+")


def _staff_spans(text: str) -> list[tuple[str, int, int]]:
    tokens = _tokenize(text)
    found = [
        (Category.STAFF_TITLE, tokens[a].start, tokens[b - 1].end)
        for a, b in _STAFF_TITLES.find(tokens)
    ]
    letters = [(m.start(), m.end()) for m in re.finditer(r"[^\W_]+", text)]
    if letters:
        compact = "".join(text[a:b] for a, b in letters)
        raw, norm, _plain = _forms(compact)
        if any(
            form.startswith(title) or form.endswith(title)
            for form in (raw, norm)
            for title in _STAFF_COMPACT
        ):
            found.append((Category.STAFF_TITLE, letters[0][0], letters[-1][1]))
    return found


#: Common Indonesian given names and family names (also those usual in
#: Bengkayang: Christian, Dayak, Batak, Malay). Used only for public names:
#: two of these side by side in any case ("budi santoso") read as a full
#: name. Names that are also ordinary words a child picks as a nickname
#: (bunga, putri, intan, bintang, cahaya, mawar, melati, indah, ayu, jaya,
#: rahmat, ...) are deliberately left out, to keep "putri salju" allowed.
COMMON_NAMES = frozenset(
    """
    adi agus agustinus ahmad akbar aldi alya amelia andi andre anisa annisa
    anton antonius arif arya aulia bagas bambang bayu budi cindy citra dani
    daniel dedi dewi dian dimas dina doni eko elisabeth endang erik fadil
    fajar farhan fauzi febri fitri fransiskus galih gilang hadi hendra
    hendrik heri ilham irfan iwan joko kevin kristina lina lukas maria
    markus maya michael muhammad nabila nadia nanda natalia novi nurul
    paulus petrus rahma raka rani ratna reza rina rini rizal rizki rizky
    robert rudi sari siti slamet stefanus steven teguh tono veronika vina
    wahyu wawan wulan yakobus yanti yohanes yosef yudi yulia yusuf zahra
    santoso pratama saputra saputri nurhaliza lestari wijaya kusuma setiawan
    hidayat nugroho susilo gunawan hartono prasetyo purnomo wibowo siregar
    simanjuntak sitompul harahap nasution lubis hutapea manurung ramadhan
    ramadhani firmansyah hermawan kurniawan kurniawati handayani rahayu
    wahyuni suryani susanti permana maulana syahputra anggraini safitri
    oktaviani aditya halim
    """.split()
)


def _nickname_full_name(text: str) -> list[tuple[str, int, int]]:
    """Two or more capitalised name words ("Budi Santoso") look like a real
    full name; so do two known names side by side in any case ("budi
    santoso"). "Kak Rio", "Bunga" and "putri salju" do not."""
    words = [
        m
        for m in _NICK_WORD_RE.finditer(text)
        if _fold(m.group()) not in _NAME_HONORIFICS
    ]
    capitalised = [m for m in words if m.group()[0].isupper()]
    if len(capitalised) >= 2:
        return [(Category.FULL_NAME, capitalised[0].start(), capitalised[-1].end())]
    for first, second in zip(words, words[1:], strict=False):
        adjacent = not text[first.end() : second.start()].strip(" \t._-")
        if (
            adjacent
            and _fold(first.group()) in COMMON_NAMES
            and _fold(second.group()) in COMMON_NAMES
        ):
            return [(Category.FULL_NAME, first.start(), second.end())]
    return []


def check_public_name(name: str, field: str = NICKNAME_FIELD) -> list[Finding]:
    """Every warning for a public name: the checks of an idea, plus staff
    titles and what looks like a full name."""
    original = name or ""
    findings = check_text(original, field)
    normal = _normalise(original)
    extra = _staff_spans(normal.text)
    if not extra:  # "Petugas Perlindungan" is a title, not a person
        extra = _nickname_full_name(normal.text)
    # any school in a name is the child's own ("Bunga SDN 3")
    extra += [(Category.SCHOOL, *m.span()) for m in _SCHOOL_RE.finditer(normal.text)]
    seen = {(f.category, f.start, f.end) for f in findings}
    for category, start, end in extra:
        start, end = normal.span(start, end)
        if (category, start, end) in seen:
            continue
        seen.add((category, start, end))
        findings.append(
            Finding(
                kind=KIND_OF[category],
                category=category,
                field=field,
                start=start,
                end=end,
                text=original[start:end],
                label=LABELS[category],
            )
        )
    return sorted(findings, key=lambda f: (f.start, f.end, f.category))


_NAME_PROBLEMS = {
    Category.FULL_NAME: _(
        "Sepertinya ini nama lengkap. Pakai satu nama panggilan saja, bukan nama "
        "asli lengkap. Contoh: Bunga, Dayu, Kak Rio."
    ),
    Kind.PERSONAL_DATA: _(
        "Nama panggilan tidak boleh berisi nomor HP, alamat, sekolah, e-mail, "
        "atau akun media sosial: semua orang bisa melihat nama ini."
    ),
    Kind.PROFANITY: _(
        "Nama panggilan ini berisi kata kasar atau kata yang menyakitkan. Pilih "
        "nama lain yang baik."
    ),
    Kind.IMPERSONATION: _(
        "Nama panggilan tidak boleh memakai nama jabatan atau lembaga, seperti "
        "Petugas Perlindungan, Moderator, Admin, atau Polisi. Pilih nama "
        "panggilanmu sendiri."
    ),
    Kind.DANGER: _(
        "Nama panggilan ini tidak bisa dipakai. Pilih nama lain. Kalau kamu "
        "butuh bantuan, telepon SAPA 129."
    ),
}


def public_name_problems(name: str) -> list[str]:
    """Friendly reasons why ``name`` may not be shown; empty when it may.
    Registered with ``portal.accounts.public_name`` for the account forms."""
    reasons = []
    for finding in check_public_name(name):
        reason = str(
            _NAME_PROBLEMS.get(finding.category) or _NAME_PROBLEMS[finding.kind]
        )
        if reason not in reasons:
            reasons.append(reason)
    return reasons


@lru_cache(maxsize=4096)
def public_name_is_clean(name: str) -> bool:
    """Whether a nickname may appear on public pages (cached: the cards of
    a list page ask for each idea)."""
    return bool(name and name.strip()) and not check_public_name(name)


def checked_fields(proposal) -> dict[str, str]:
    """What becomes public when ``proposal`` (or a revision of it, from
    ``revision.as_object()``) is approved: the child's words and the public
    name shown next to them. Every approval guard checks this."""
    fields = dict(proposal.text_content())
    if not proposal.proposer_group_id and proposal.proposer_id:
        nickname = getattr(proposal.proposer, "nickname", "")
        if getattr(proposal.proposer, "is_child", False):
            fields[NICKNAME_FIELD] = nickname or ""
    return fields


def blocks_approval(findings: Iterable[Finding]) -> bool:
    """Personal data anywhere, or anything at all in the public name: the
    moderator censors the words, or removes the name, before approving."""
    return any(
        f.kind == Kind.PERSONAL_DATA or f.field == NICKNAME_FIELD for f in findings
    )


def has_personal_data(findings: Iterable[Finding]) -> bool:
    return any(f.kind == Kind.PERSONAL_DATA for f in findings)


def has_danger(findings: Iterable[Finding]) -> bool:
    return any(f.kind == Kind.DANGER for f in findings)


def redact(text: str, findings_for_this_field, replacement: str = REDACTED) -> str:
    """Replace the spans of the given findings (all from this one text) with
    ``replacement``. Overlapping or touching spans become one replacement;
    the rest of the child's words stay exactly as written."""
    text = text or ""
    spans = sorted(
        (max(0, f.start), min(len(text), f.end)) for f in findings_for_this_field
    )
    merged: list[list[int]] = []
    for start, end in spans:
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    for start, end in reversed(merged):  # from the end: offsets stay valid
        text = text[:start] + replacement + text[end:]
    return text
