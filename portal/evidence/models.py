"""Anonymous participation records that outlive a child's account (issue 12
item 11), so the KLA figures do not shrink when a child leaves.

When a child's account is deleted (by her, by consent withdrawn or by the
retention rules), ``participation.record_departure`` writes, in the same
transaction, what the report counted about her and nothing else: coarse
categories, no name, no account id, no birth date, no desa, no time.
docs/kla-evidence.md and docs/retention.md explain why they cannot
re-identify a child."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DepartedParticipant(models.Model):
    """One departed child in one scope of the report: a cycle, or all
    cycles (``cycle`` empty). Only the categories the tables need."""

    cycle = models.ForeignKey(
        "proposals.Cycle",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("siklus"),
    )
    kecamatan = models.ForeignKey(
        "regions.Kecamatan",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("kecamatan"),
    )
    # metrics.age_band_key / sex_key / disability_key, at the scope's year.
    age_band = models.CharField(_("kelompok usia"), max_length=20)
    sex = models.CharField(_("jenis kelamin"), max_length=20)
    disability = models.CharField(_("disabilitas"), max_length=20)
    registered = models.BooleanField(_("terdaftar"), default=False)
    with_consent = models.BooleanField(_("izin aktif"), default=False)
    submitted_ideas = models.BooleanField(_("mengirim ide"), default=False)
    supported_ideas = models.BooleanField(_("mendukung ide"), default=False)
    committee_reviewer = models.BooleanField(_("menilai daftar pendek"), default=False)

    class Meta:
        verbose_name = _("partisipasi anak yang akunnya dihapus")
        verbose_name_plural = _("partisipasi anak yang akunnya dihapus")

    def __str__(self):
        return f"{self._meta.verbose_name} #{self.pk}"

    @property
    def taking_part(self):
        return self.submitted_ideas or self.supported_ideas or self.committee_reviewer


class DepartedContribution(models.Model):
    """One support or committee review of a departed child, kept as a tally
    on the idea (or shortlist entry) with no link to her or to any other
    record of hers."""

    class Kind(models.TextChoices):
        SUPPORT = "support", _("dukungan")
        REVIEW = "review", _("penilaian pengurus Forum Anak")
        # An idea of hers never made public, erased with her account: kept
        # as a tally by cycle, cluster, kecamatan and status (no text, no id,
        # no desa).
        IDEA = "idea", _("ide yang tidak pernah tampil")

    cycle = models.ForeignKey(
        "proposals.Cycle",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("siklus"),
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    # The idea supported, or the shortlist entry reviewed (ids of public
    # things, never of a person).
    target_id = models.PositiveIntegerField(_("ide atau entri"), null=True, blank=True)
    recommend = models.BooleanField(_("merekomendasikan"), null=True, blank=True)
    # Only for ``IDEA``: where the idea counted in the report's tables.
    cluster = models.CharField(_("klaster"), max_length=20, blank=True)
    status = models.CharField(_("status"), max_length=30, blank=True)
    kecamatan = models.ForeignKey(
        "regions.Kecamatan",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("kecamatan"),
    )

    class Meta:
        verbose_name = _("dukungan atau penilaian anak yang akunnya dihapus")
        verbose_name_plural = _("dukungan atau penilaian anak yang akunnya dihapus")

    def __str__(self):
        return f"{self.get_kind_display()} #{self.target_id}"
