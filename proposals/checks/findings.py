"""What a check finds: its kind (what the moderator does about it), its
category (the finer reason, with an Indonesian label) and where it is."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


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

    @classmethod
    def at(cls, category, field, original, start, end):
        """The finding of ``category`` at ``original[start:end]``, with the
        kind and label the category has."""
        return cls(
            kind=KIND_OF[category],
            category=category,
            field=field,
            start=start,
            end=end,
            text=original[start:end],
            label=LABELS[category],
        )
