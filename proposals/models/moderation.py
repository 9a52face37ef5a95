"""Moderation and safeguarding around an idea: children's reports, the
Petugas Perlindungan's cases with their notes and audit log, and the
moderators' recorded clearances of a danger flag."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..storage import get_private_storage
from .ideas import Proposal


class Report(models.Model):
    """A child's report that a published idea is wrong or hurtful."""

    class Reason(models.TextChoices):
        PERSONAL_DATA = (
            "personal_data",
            _("Ada data pribadi (nama lengkap, alamat, nomor HP)"),
        )
        RUDE = "rude", _("Kata-kata kasar atau merundung")
        DANGER = "danger", _("Ada anak yang mungkin dalam bahaya")
        SPAM = "spam", _("Iklan atau tidak masuk akal")
        OTHER = "other", _("Alasan lain")

    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("usulan"),
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("pelapor"),
    )
    reason = models.CharField(_("alasan"), max_length=20, choices=Reason.choices)
    details = models.CharField(_("penjelasan"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("dibuat"))
    resolved_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("diputuskan")
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diputuskan oleh"),
    )
    resolution = models.CharField(
        max_length=30, blank=True, verbose_name=_("keputusan")
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("laporan")
        verbose_name_plural = _("laporan")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "reporter"], name="one_report_per_child_per_idea"
            )
        ]

    def __str__(self):
        return f"{self.proposal_id}: {self.get_reason_display()}"


class SafeguardingCase(models.Model):
    """A possible disclosure of abuse or danger, for the Petugas Perlindungan.

    Opened when a moderator escalates an idea; the idea is hidden for good.
    The target is a first response within 24 hours.
    """

    class Status(models.TextChoices):
        NEW = "new", _("Baru")
        IN_PROGRESS = "in_progress", _("Sedang ditangani")
        REFERRED = "referred", _("Dirujuk")
        CLOSED = "closed", _("Selesai")

    class Referral(models.TextChoices):
        NONE = "", _("Belum dirujuk")
        UPTD_PPA = "uptd_ppa", _("UPTD PPA")
        SAPA_129 = "sapa_129", _("SAPA 129")
        POLICE = "police", _("Kepolisian (PPA)")
        HEALTH = "health", _("Puskesmas/rumah sakit")
        OTHER = "other", _("Lainnya")

    RESPONSE_HOURS = 24

    proposal = models.OneToOneField(
        Proposal,
        on_delete=models.PROTECT,
        related_name="safeguarding_case",
        verbose_name=_("usulan"),
    )
    opened_at = models.DateTimeField(default=timezone.now, verbose_name=_("dibuka"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("dibuka oleh"),
    )
    reason = models.TextField(_("alasan moderator"))
    due_at = models.DateTimeField(_("batas respons pertama"))
    first_response_at = models.DateTimeField(
        _("respons pertama"), null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    referral = models.CharField(
        _("rujukan"), max_length=20, choices=Referral.choices, blank=True, default=""
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("petugas"),
    )
    # apply_retention erased what the child wrote, the notes and the audit
    # five years after the case's last action; dates, status and referral
    # stay as a minimal record (docs/retention.md).
    content_erased_at = models.DateTimeField(
        _("isi dihapus (masa simpan)"), null=True, blank=True
    )
    # What the officer needs, frozen when the case opens: the child's account,
    # profile and consent, and the words, may be deleted while the case is
    # open (a parent who is the subject of a disclosure can ask for exactly
    # that). Only the officer and the administrator see it.
    snapshot = models.JSONField(_("salinan data saat dibuka"), default=dict)
    snapshot_photo = models.FileField(
        _("foto dari anak"),
        storage=get_private_storage,
        upload_to="perlindungan/foto/",
        blank=True,
    )
    # When the officers and administrators were told the first response is
    # late, so that each overdue case alerts once.
    overdue_alerted_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("peringatan terlambat dikirim"),
    )

    class Meta:
        ordering = ["status", "due_at"]
        verbose_name = _("kasus perlindungan")
        verbose_name_plural = _("kasus perlindungan")
        permissions = [
            ("handle_case", "Menangani kasus perlindungan"),
        ]

    def __str__(self):
        return _("Kasus #%(pk)s") % {"pk": self.pk}

    @property
    def is_overdue(self):
        return self.first_response_at is None and timezone.now() > self.due_at


class CaseNote(models.Model):
    case = models.ForeignKey(
        SafeguardingCase,
        on_delete=models.CASCADE,
        related_name="notes",
        verbose_name=_("kasus"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("penulis"),
    )
    text = models.TextField(_("catatan"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("dibuat"))

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("catatan kasus")
        verbose_name_plural = _("catatan kasus")

    def __str__(self):
        return f"#{self.case_id} {self.created_at:%Y-%m-%d %H:%M}"


class CaseAuditLog(models.Model):
    """Every view and every change of a safeguarding case, by whom."""

    class Action(models.TextChoices):
        VIEW = "view", _("Dilihat")
        CHANGE = "change", _("Diubah")
        NOTE = "note", _("Catatan ditambah")
        OPEN = "open", _("Dibuka")
        ACCOUNT = "account", _("Akun anak dihapus")

    case = models.ForeignKey(
        SafeguardingCase,
        on_delete=models.CASCADE,
        related_name="audit",
        verbose_name=_("kasus"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("pengguna"),
    )
    action = models.CharField(
        max_length=10, choices=Action.choices, verbose_name=_("tindakan")
    )
    details = models.CharField(max_length=300, blank=True, verbose_name=_("rincian"))
    at = models.DateTimeField(default=timezone.now, verbose_name=_("waktu"))

    class Meta:
        ordering = ["-at"]
        verbose_name = _("log audit kasus")
        verbose_name_plural = _("log audit kasus")

    def __str__(self):
        return f"#{self.case_id} {self.action} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError("The audit log is append-only.")
        super().save(*args, **kwargs)


class DangerClearance(models.Model):
    """A moderator's recorded decision that a danger flag on an idea is not a
    disclosure, so that it may be approved. One row per cleared revision (a
    new edit is checked again); the Petugas Perlindungan reviews these."""

    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.CASCADE,
        related_name="danger_clearances",
        verbose_name=_("usulan"),
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revisi"),
    )
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("dibersihkan oleh"),
    )
    cleared_at = models.DateTimeField(_("waktu"), default=timezone.now)
    reason = models.TextField(_("alasan"))
    findings = models.CharField(_("temuan"), max_length=500, blank=True)
    reports = models.PositiveSmallIntegerField(_("laporan bahaya"), default=0)

    class Meta:
        ordering = ["-cleared_at"]
        verbose_name = _("tanda bahaya dibersihkan")
        verbose_name_plural = _("tanda bahaya dibersihkan")

    def __str__(self):
        return f"#{self.proposal_id} {self.cleared_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError("A clearance is a record; it is never changed.")
        super().save(*args, **kwargs)
