"""Accounts: one user model for children and adults, the child's profile, and
the guardian's consent that lets a child take part.

A child's personal data (birth year, gender, desa, disability, guardian) lives
in ``ChildProfile`` and ``ConsentRecord`` and never leaves the portal: public
pages show a child only by nickname, kecamatan and age band.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.regions.models import Desa, Kecamatan

from . import roles


def current_year():
    return timezone.localdate().year


def age_band_for(age):
    """The public age band of an age: 6–12, 13–15 or 16–17."""
    if age is None:
        return ""
    if age <= 12:
        return "6–12"
    if age <= 15:
        return "13–15"
    return "16–17"


def verified_consent_q(path=""):
    """Children whose active consent a facilitator or school has verified,
    as a filter on ``path`` (a lookup to a user, e.g. ``"reporter__"``).

    The one definition of a "verified child" used wherever one person must
    not act as many (issue 11 item 17): the automatic hiding after reports
    and the shortlist ranking count only these children. A self-typed
    guardian on the device is not proof that a second account is a second
    child; a facilitator who met the child (or checked the paper form) is.
    """
    return Q(
        **{
            f"{path}consents__status": "active",
            f"{path}consents__verified_at__isnull": False,
        }
    )


class User(AbstractUser):
    """Every account of the portal, child or adult.

    Custom from the first migration so that the model can grow without a
    painful swap later. Children are told to pick a nickname that is not
    their full real name; it is the only name shown publicly.
    """

    nickname = models.CharField(
        _("nama panggilan"),
        max_length=30,
        blank=True,
        help_text=_("Nama yang terlihat oleh orang lain. Jangan pakai nama lengkap."),
    )
    must_change_password = models.BooleanField(
        _("harus mengganti kata sandi"),
        default=False,
        help_text=_("Akun dari fasilitator: kata sandi sekali pakai harus diganti."),
    )

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self):
        return self.nickname or self.username

    @property
    def public_name(self):
        return self.nickname or _("Anak")

    @property
    def is_child(self):
        return hasattr(self, "child_profile")

    @property
    def active_consent(self):
        """The child's active consent record, or None (cached on the instance)."""
        if not hasattr(self, "_active_consent"):
            self._active_consent = (
                self.consents.filter(status=ConsentRecord.Status.ACTIVE).first()
                if self.pk
                else None
            )
        return self._active_consent

    @property
    def can_take_part(self):
        """A child may submit, support and report only with active consent."""
        return self.is_active and self.is_child and self.active_consent is not None

    def has_role(self, *names):
        return roles.has_role(self, *names)

    @property
    def is_adult_staff(self):
        return self.is_superuser or self.has_role(*roles.ADULT_ROLES)


class ChildProfile(models.Model):
    """What a child tells the portal at signup, and nothing more.

    Gender, age band, kecamatan and disability are kept only for the
    disaggregated statistics the KLA evaluation asks for.
    """

    class Gender(models.TextChoices):
        PEREMPUAN = "perempuan", _("Perempuan")
        LAKI_LAKI = "laki_laki", _("Laki-laki")
        TIDAK_MENYEBUT = "tidak_menyebut", _("Tidak ingin menyebut")

    class Disability(models.TextChoices):
        YA = "ya", _("Ya")
        TIDAK = "tidak", _("Tidak")
        TIDAK_MENYEBUT = "tidak_menyebut", _("Tidak ingin menyebut")

    class Channel(models.TextChoices):
        WEB = "web", _("Daftar sendiri lewat portal")
        BATCH = "batch", _("Dibuat fasilitator")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="child_profile",
        verbose_name=_("akun"),
    )
    birth_year = models.PositiveSmallIntegerField(_("tahun lahir"))
    gender = models.CharField(_("jenis kelamin"), max_length=20, choices=Gender.choices)
    desa = models.ForeignKey(
        Desa, on_delete=models.PROTECT, related_name="+", verbose_name=_("desa")
    )
    disability = models.CharField(
        _("disabilitas"), max_length=20, choices=Disability.choices, blank=True
    )
    forum_anak_claimed = models.BooleanField(
        _("mengaku anggota Forum Anak"), default=False
    )
    forum_anak_verified_at = models.DateTimeField(
        _("keanggotaan Forum Anak diverifikasi"), null=True, blank=True
    )
    forum_anak_committee = models.BooleanField(_("pengurus Forum Anak"), default=False)
    channel = models.CharField(
        _("cara mendaftar"), max_length=10, choices=Channel.choices, default=Channel.WEB
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    # The warning before apply_retention deletes the account: when it was
    # sent and why ("inactive" or "adult"); cleared when an inactive child
    # signs in again (docs/retention.md).
    class RetentionWarning(models.TextChoices):
        NONE = "", _("Tidak ada")
        INACTIVE = "inactive", _("Lama tidak masuk")
        ADULT = "adult", _("Sudah 18 tahun")

    retention_warning = models.CharField(
        _("peringatan masa simpan"),
        max_length=10,
        choices=RetentionWarning.choices,
        blank=True,
        default="",
    )
    retention_warned_at = models.DateTimeField(
        _("waktu peringatan masa simpan"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("profil anak")
        verbose_name_plural = _("profil anak")
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_year__gte=1990) & Q(birth_year__lte=2100),
                name="child_birth_year_plausible",
            ),
            models.CheckConstraint(
                condition=Q(forum_anak_committee=False)
                | Q(forum_anak_verified_at__isnull=False),
                name="committee_needs_verified_forum_anak",
            ),
            models.CheckConstraint(
                condition=Q(retention_warning="", retention_warned_at__isnull=True)
                | (~Q(retention_warning="") & Q(retention_warned_at__isnull=False)),
                name="retention_warning_has_its_time",
            ),
        ]

    def __str__(self):
        return str(self.user)

    @property
    def age(self):
        return current_year() - self.birth_year

    @property
    def age_band(self):
        return age_band_for(self.age)

    @property
    def kecamatan(self) -> Kecamatan:
        return self.desa.kecamatan

    @property
    def is_forum_anak(self):
        return self.forum_anak_verified_at is not None


class ConsentRecord(models.Model):
    """Proof of the consent that lets a child take part (UU PDP art. 25).

    Records are never deleted: when consent is revoked or the child deletes
    the account, the guardian's name is erased, the link to the child is
    cut, and what remains proves when and how consent was given and ended.
    """

    class Method(models.TextChoices):
        DEVICE = "device", _("Diberikan orang tua/wali di perangkat")
        PAPER = "paper", _("Formulir kertas diverifikasi fasilitator")
        SELF = "self", _("Persetujuan sendiri (17 tahun), orang tua diberi tahu")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Aktif")
        REVOKED = "revoked", _("Dicabut")

    class Relationship(models.TextChoices):
        IBU = "ibu", _("Ibu")
        AYAH = "ayah", _("Ayah")
        WALI = "wali", _("Wali")
        LAINNYA = "lainnya", _("Keluarga lain yang mengasuh")

    child = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consents",
        verbose_name=_("anak"),
    )
    method = models.CharField(_("cara"), max_length=10, choices=Method.choices)
    paper_reference = models.CharField(
        _("nomor formulir kertas"), max_length=60, blank=True
    )
    guardian_name = models.CharField(
        _("nama orang tua/wali"), max_length=100, blank=True
    )
    guardian_relationship = models.CharField(
        _("hubungan dengan anak"),
        max_length=10,
        choices=Relationship.choices,
        blank=True,
    )
    notice_version = models.CharField(_("versi pemberitahuan"), max_length=20)
    given_at = models.DateTimeField(_("waktu persetujuan"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diverifikasi oleh"),
    )
    verified_at = models.DateTimeField(_("waktu verifikasi"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("waktu pencabutan"), null=True, blank=True)
    revoked_reason = models.CharField(_("alasan pencabutan"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("persetujuan orang tua/wali")
        verbose_name_plural = _("persetujuan orang tua/wali")
        ordering = ["-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(status="active"),
                name="one_active_consent_per_child",
            ),
            models.CheckConstraint(
                condition=~Q(method="paper") | ~Q(paper_reference=""),
                name="paper_consent_has_reference",
            ),
        ]

    def __str__(self):
        return f"{self.get_method_display()} ({self.get_status_display()})"


class AccountDeletion(models.Model):
    """A trace without personal data that an account was deleted, and why.

    Kept so that statistics stay explainable ("12 accounts deleted in
    Ledo") without keeping anything that identifies the child.
    """

    class Reason(models.TextChoices):
        SELF = "self", _("Dihapus oleh anak")
        CONSENT_REVOKED = "consent_revoked", _("Persetujuan dicabut")
        # apply_retention: inactive for a year, or turned 18 (docs/retention.md).
        RETENTION = "retention", _("Masa simpan habis")

    kecamatan = models.ForeignKey(
        Kecamatan, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    deleted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("penghapusan akun")
        verbose_name_plural = _("penghapusan akun")

    def __str__(self):
        return f"{self.get_reason_display()} ({self.deleted_at:%Y-%m-%d})"


class ForumAnakGroup(models.Model):
    """A Forum Anak at desa, kecamatan or kabupaten level: it can propose
    ideas as a group (usually entered by a facilitator after a meeting)."""

    class Level(models.TextChoices):
        DESA = "desa", _("Desa")
        KECAMATAN = "kecamatan", _("Kecamatan")
        KABUPATEN = "kabupaten", _("Kabupaten")

    name = models.CharField(_("nama"), max_length=150, unique=True)
    level = models.CharField(_("tingkat"), max_length=10, choices=Level.choices)
    kecamatan = models.ForeignKey(
        Kecamatan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kecamatan"),
    )
    desa = models.ForeignKey(
        Desa,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("desa"),
    )

    class Meta:
        ordering = ["level", "name"]
        verbose_name = _("Forum Anak (kelompok)")
        verbose_name_plural = _("Forum Anak (kelompok)")
        constraints = [
            models.CheckConstraint(
                condition=Q(level="kabupaten")
                | Q(level="kecamatan", kecamatan__isnull=False)
                | Q(level="desa", desa__isnull=False),
                name="forum_anak_group_has_its_region",
            )
        ]

    def __str__(self):
        return self.name
