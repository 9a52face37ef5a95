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


# The age bands, defined here only: a child's public age is its band
# (``ChildProfile.age_band``), and the KLA report counts children by the same
# bands (``portal.evidence.metrics``), keyed "6-12", "13-15", "16-17".
AGE_BANDS = [("6-12", 6, 12), ("13-15", 13, 15), ("16-17", 16, 17)]


def age_band_label(low, high):
    return f"{low}–{high}"


def age_band_for(age):
    """The public age band of an age: 6–12, 13–15 or 16–17 (an age outside
    6–17, e.g. a birth year typed wrong, shows the nearest band)."""
    if age is None:
        return ""
    for _key, low, high in AGE_BANDS:
        if age <= high:
            return age_band_label(low, high)
    return age_band_label(*AGE_BANDS[-1][1:])


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
    # The public name a moderator approved (with an idea, or under "Nama
    # panggilan baru"): the only one public pages show. A changed nickname
    # waits here until it is approved (portal/accounts/public_name.py).
    approved_nickname = models.CharField(
        _("nama panggilan yang disetujui"), max_length=30, blank=True, editable=False
    )
    must_change_password = models.BooleanField(
        _("harus mengganti kata sandi"),
        default=False,
        help_text=_("Akun dari fasilitator: kata sandi sekali pakai harus diganti."),
    )

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        permissions = [
            ("administer_portal", "Mengelola portal (pengguna, grup, alur kerja)")
        ]

    def __str__(self):
        return self.nickname or self.username

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
        return (
            self.is_active
            and self.is_child
            and not self.child_profile.aged_out
            and self.active_consent is not None
        )

    def has_role(self, *names):
        return roles.has_role(self, *names)


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
    # Null for accounts made before it was asked: read as the youngest
    # possible age (portal.accounts.ageing).
    birth_month = models.PositiveSmallIntegerField(
        _("bulan lahir"), null=True, blank=True
    )
    # When the member was told that the child account ends (turned 18);
    # the account is deleted after the grace period (portal.accounts.ageing).
    adult_notified_at = models.DateTimeField(
        _("diberi tahu sudah 18 tahun"), null=True, blank=True
    )
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
        permissions = [
            ("manage_children", "Mengelola anak di wilayah tugas"),
            ("manage_children_everywhere", "Mengelola anak di semua wilayah"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_year__gte=1990) & Q(birth_year__lte=2100),
                name="child_birth_year_plausible",
            ),
            models.CheckConstraint(
                condition=Q(birth_month__isnull=True)
                | Q(birth_month__gte=1, birth_month__lte=12),
                name="child_birth_month_valid",
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
        """The youngest age the child can be today (see ``ageing.age_on``)."""
        from .ageing import age_on

        return age_on(self.birth_year, self.birth_month, timezone.localdate())

    @property
    def aged_out(self):
        """18 or older: the child account has ended (only the data download
        remains until the grace period is over)."""
        return self.adult_notified_at is not None

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
        MOTHER = "mother", _("Ibu")
        FATHER = "father", _("Ayah")
        GUARDIAN = "guardian", _("Wali")
        OTHER = "other", _("Keluarga lain yang mengasuh")

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
        AGED_OUT = "aged_out", _("Sudah 18 tahun")

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


class FacilitatorAssignment(models.Model):
    """An area or Forum Anak group an admin put a facilitator in charge of.

    A facilitator acts (password reset, consent, Forum Anak membership,
    batch accounts, paper ideas) only on the children and groups of their
    assignments; without one, on nobody. Admins act everywhere. See
    ``portal.accounts.care`` for the rule, used by every view and action.
    """

    class Scope(models.TextChoices):
        KABUPATEN = "kabupaten", _("Seluruh kabupaten")
        KECAMATAN = "kecamatan", _("Satu kecamatan")
        DESA = "desa", _("Satu desa")
        FORUM_ANAK = "forum_anak", _("Satu Forum Anak")

    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="facilitator_assignments",
        limit_choices_to={"groups__name": roles.FASILITATOR},
        verbose_name=_("fasilitator"),
    )
    scope = models.CharField(_("wilayah tugas"), max_length=12, choices=Scope.choices)
    kecamatan = models.ForeignKey(
        Kecamatan,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kecamatan"),
    )
    desa = models.ForeignKey(
        Desa,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("desa"),
    )
    group = models.ForeignKey(
        ForumAnakGroup,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Forum Anak"),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("penugasan fasilitator")
        verbose_name_plural = _("penugasan fasilitator")
        ordering = ["facilitator__username", "scope"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    scope="kabupaten",
                    kecamatan__isnull=True,
                    desa__isnull=True,
                    group__isnull=True,
                )
                | Q(
                    scope="kecamatan",
                    kecamatan__isnull=False,
                    desa__isnull=True,
                    group__isnull=True,
                )
                | Q(
                    scope="desa",
                    kecamatan__isnull=True,
                    desa__isnull=False,
                    group__isnull=True,
                )
                | Q(
                    scope="forum_anak",
                    kecamatan__isnull=True,
                    desa__isnull=True,
                    group__isnull=False,
                ),
                name="facilitator_assignment_names_its_area",
            )
        ]

    def __str__(self):
        place = self.kecamatan or self.desa or self.group
        label = self.get_scope_display()
        return f"{self.facilitator}: {place or label}"

    def clean(self):
        from django.core.exceptions import ValidationError

        needed = {
            self.Scope.KECAMATAN: "kecamatan",
            self.Scope.DESA: "desa",
            self.Scope.FORUM_ANAK: "group",
        }.get(self.scope)
        for name in ("kecamatan", "desa", "group"):
            value = getattr(self, f"{name}_id")
            if name == needed and value is None:
                raise ValidationError({name: _("Pilih wilayah tugasnya.")})
            if name != needed and value is not None:
                raise ValidationError(
                    {name: _("Kosongkan: tidak sesuai dengan wilayah tugas.")}
                )


class FacilitatorActionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        # Only the link to a deleted account may change (ON DELETE SET NULL).
        if set(kwargs) - {"child", "actor"} or any(kwargs.values()):
            raise TypeError("FacilitatorAction is append-only")
        return super().update(**kwargs)


class FacilitatorAction(models.Model):
    """One thing a facilitator (or admin on the facilitator pages) did to a
    child or a Forum Anak group: who, what, whom, when.

    Append-only: rows are never edited; the admin reads them in the Wagtail
    admin, and the child sees their own on /saya/ (a child whose password
    was reset by someone else finds out). When the child's account is
    deleted the link goes, and the kecamatan keeps the row explainable.
    """

    class Kind(models.TextChoices):
        ACCOUNT_CREATED = "account_created", _("Akun dibuat")
        PASSWORD_RESET = "password_reset", _("Kata sandi diatur ulang")
        CONSENT_VERIFIED = "consent_verified", _("Izin orang tua/wali diverifikasi")
        CONSENT_REVOKED = "consent_revoked", _("Izin dicabut, akun dihapus")
        FORUM_ANAK_VERIFIED = (
            "forum_anak_verified",
            _("Keanggotaan Forum Anak diverifikasi"),
        )
        FORUM_ANAK_COMMITTEE = (
            "forum_anak_committee",
            _("Dijadikan pengurus Forum Anak"),
        )
        FORUM_ANAK_REMOVED = "forum_anak_removed", _("Keanggotaan Forum Anak dicabut")
        PAPER_IDEA = "paper_idea", _("Ide dari sesi luring dimasukkan")

    kind = models.CharField(_("tindakan"), max_length=24, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("oleh"),
    )
    actor_username = models.CharField(_("nama pengguna petugas"), max_length=150)
    child = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="facilitator_actions",
        verbose_name=_("anak"),
    )
    kecamatan = models.ForeignKey(
        Kecamatan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kecamatan"),
    )
    group = models.ForeignKey(
        ForumAnakGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Forum Anak"),
    )
    created_at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)

    objects = FacilitatorActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("tindakan fasilitator")
        verbose_name_plural = _("tindakan fasilitator")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.actor_username})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("FacilitatorAction is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("FacilitatorAction is append-only")

    @property
    def child_label(self):
        if self.child_id is None:
            return _("(akun sudah dihapus)")
        return self.child.username
