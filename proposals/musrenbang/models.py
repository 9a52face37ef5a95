"""The Musrenbang path's records: the shortlist and the Forum Anak's
recommendations, the tiket emas with its SIPD and APBD fields, the outcome
of each Musrenbang level, the agencies (OPD) that adopt and carry out an
idea, and the evidence for the KLA evaluation. The actions that write them
are in ``actions.py``; ``proposals.models`` re-exports every model."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.regions.models import Kecamatan

from ..models.ideas import Cycle, Proposal, public_q

# The stages of an idea that holds a tiket emas, in the order it passes them
# (the Layar's sections and the dashboard panel list them so).
TICKET_STAGES = [
    Proposal.Stage.GOLDEN_TICKET,
    Proposal.Stage.ACCEPTED,
    Proposal.Stage.NOT_ACCEPTED,
    Proposal.Stage.ADOPTED,
    Proposal.Stage.IMPLEMENTED,
]


class Agency(models.Model):
    """A line agency (OPD) that can receive ideas and report implementation.

    Its name, never a staff member's, is what children see on the timeline."""

    name = models.CharField(_("nama"), max_length=150, unique=True)
    short_name = models.CharField(_("singkatan"), max_length=40, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="agencies",
        verbose_name=_("staf"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("OPD")
        verbose_name_plural = _("OPD")

    def __str__(self):
        return self.short_name or self.name


class ThroughProposalQuerySet(models.QuerySet):
    def public(self):
        """Only rows whose idea is public now: an idea hidden, taken down or
        escalated after it was shortlisted or given a tiket emas leaves
        every page that shows it to people who do not act on it."""
        return self.filter(public_q("proposal"))


class GoldenTicketQuerySet(ThroughProposalQuerySet):
    def for_user(self, user, *, acting=False):
        """The tickets ``user`` may list (``acting=False``: everyone holding
        ``view_all_goldentickets``, others only their agencies' ones) or act
        on (``acting=True``: ``record_outcome`` on every ticket,
        ``report_implementation`` on their agencies' ones). The one
        row-level rule for tickets (issue 12 item 3)."""
        from portal.accounts.permissions import can

        if not getattr(user, "is_authenticated", False):
            return self.none()
        every = (
            "proposals.record_outcome" if acting else "proposals.view_all_goldentickets"
        )
        if can(user, every):
            return self
        if acting and not can(user, "proposals.report_implementation"):
            return self.none()
        return self.filter(adopted_opd__members=user).distinct()


class ShortlistEntry(models.Model):
    """An idea on a cycle's shortlist: ranked by the supports of children
    with verified consent at the cut-off, or added by a moderator with a
    written reason."""

    class Source(models.TextChoices):
        RANKED = "ranked", _("Peringkat dukungan")
        MODERATOR = "moderator", _("Ditambahkan moderator")

    cycle = models.ForeignKey(
        Cycle,
        on_delete=models.CASCADE,
        related_name="shortlist",
        verbose_name=_("siklus"),
    )
    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.CASCADE,
        related_name="shortlist_entries",
        verbose_name=_("usulan"),
    )
    source = models.CharField(
        max_length=10, choices=Source.choices, verbose_name=_("sumber")
    )
    rank_in_kecamatan = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("peringkat di kecamatan")
    )
    rank_in_cluster = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("peringkat di klaster")
    )
    support_count_at_cutoff = models.PositiveIntegerField(
        default=0, verbose_name=_("dukungan saat batas pemilihan")
    )
    # What ranked: supports of children with verified consent (item 17).
    verified_support_count_at_cutoff = models.PositiveIntegerField(
        _("dukungan terverifikasi saat batas"), default=0
    )
    reason = models.TextField(_("alasan"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ditambahkan oleh"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("dibuat"))

    objects = ThroughProposalQuerySet.as_manager()

    class Meta:
        ordering = ["proposal__kecamatan__name", "rank_in_kecamatan"]
        verbose_name = _("daftar pendek")
        verbose_name_plural = _("daftar pendek")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "proposal"], name="one_shortlist_entry_per_idea"
            ),
            models.CheckConstraint(
                condition=~Q(source="moderator") | ~Q(reason=""),
                name="moderator_addition_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.cycle_id}: {self.proposal_id}"


class CommitteeRecommendation(models.Model):
    """A Forum Anak committee member's yes or no, with a short reason."""

    entry = models.ForeignKey(
        ShortlistEntry,
        on_delete=models.CASCADE,
        related_name="recommendations",
        verbose_name=_("daftar pendek"),
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="recommendations",
        verbose_name=_("pengurus Forum Anak"),
    )
    recommend = models.BooleanField(_("direkomendasikan"))
    reason = models.CharField(_("alasan"), max_length=300)
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("dibuat"))

    class Meta:
        verbose_name = _("rekomendasi Forum Anak")
        verbose_name_plural = _("rekomendasi Forum Anak")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "member"], name="one_recommendation_per_member"
            )
        ]

    def __str__(self):
        return f"{self.entry_id}: {'ya' if self.recommend else 'tidak'}"


class GoldenTicket(models.Model):
    """A tiket emas: the idea enters Bappeda's Musrenbang queue, with the
    technical fields SIPD needs beside the child's own words."""

    class Level(models.TextChoices):
        KECAMATAN = "kecamatan", _("Kecamatan")
        KABUPATEN = "kabupaten", _("Kabupaten")

    proposal = models.OneToOneField(
        Proposal,
        on_delete=models.PROTECT,
        related_name="golden_ticket",
        verbose_name=_("usulan"),
    )
    cycle = models.ForeignKey(
        Cycle,
        on_delete=models.PROTECT,
        related_name="golden_tickets",
        verbose_name=_("siklus"),
    )
    level = models.CharField(_("tingkat kuota"), max_length=10, choices=Level.choices)
    kecamatan = models.ForeignKey(
        Kecamatan, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rationale = models.TextField(_("alasan pemberian"))
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("diberikan oleh"),
    )
    awarded_at = models.DateTimeField(default=timezone.now, verbose_name=_("diberikan"))
    received_at = models.DateTimeField(
        _("diterima badan perencanaan"), null=True, blank=True
    )

    # SIPD usulan fields, filled in by Bappeda.
    urusan = models.CharField(_("urusan/bidang"), max_length=150, blank=True)
    target_opd = models.ForeignKey(
        Agency,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("OPD tujuan"),
    )
    sub_kegiatan = models.CharField(_("sub-kegiatan"), max_length=250, blank=True)
    location = models.CharField(_("lokasi"), max_length=250, blank=True)
    volume = models.DecimalField(
        _("volume"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("satuan"), max_length=40, blank=True)
    estimated_budget = models.DecimalField(
        _("perkiraan anggaran (Rp)"),
        max_digits=16,
        decimal_places=0,
        null=True,
        blank=True,
    )
    sipd_level = models.CharField(
        _("tingkat usulan di SIPD"),
        max_length=10,
        choices=[
            ("desa", _("Desa")),
            ("kecamatan", _("Kecamatan")),
            ("kabupaten", _("Kabupaten")),
        ],
        blank=True,
    )
    sipd_id_usulan = models.CharField(_("ID usulan SIPD"), max_length=60, blank=True)

    # Adoption into the RKPD and the APBD.
    budget_year = models.PositiveSmallIntegerField(
        _("tahun anggaran"), null=True, blank=True
    )
    adopted_opd = models.ForeignKey(
        Agency,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adopted_tickets",
        verbose_name=_("OPD pelaksana"),
    )
    program = models.CharField(_("program"), max_length=250, blank=True)
    kegiatan = models.CharField(_("kegiatan"), max_length=250, blank=True)
    adopted_sub_kegiatan = models.CharField(
        _("sub-kegiatan (APBD)"), max_length=250, blank=True
    )
    pagu = models.DecimalField(
        _("pagu (Rp)"), max_digits=16, decimal_places=0, null=True, blank=True
    )
    adopted_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("masuk APBD")
    )

    # Implementation, reported by the OPD.
    progress_percent = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    realisation = models.DecimalField(
        _("realisasi (Rp)"), max_digits=16, decimal_places=0, null=True, blank=True
    )

    objects = GoldenTicketQuerySet.as_manager()

    class Meta:
        ordering = ["-awarded_at"]
        verbose_name = _("tiket emas")
        verbose_name_plural = _("tiket emas")
        permissions = [
            ("award_goldenticket", "Memberi tiket emas"),
            ("record_outcome", "Mencatat hasil Musrenbang dan APBD"),
            ("report_implementation", "Melaporkan pelaksanaan"),
            ("view_all_goldentickets", "Melihat semua tiket emas"),
            ("track_overdue_answers", "Memantau jawaban terlambat"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress_percent__lte=100), name="progress_at_most_100"
            ),
            models.CheckConstraint(
                condition=~Q(level="kecamatan") | Q(kecamatan__isnull=False),
                name="kecamatan_ticket_has_kecamatan",
            ),
        ]

    def __str__(self):
        return _("Tiket emas: %(title)s") % {"title": self.proposal.title}

    @property
    def latest_deliberation(self):
        """Uses prefetched deliberations when there are any."""
        decisions = list(self.deliberations.all())
        return decisions[-1] if decisions else None

    # Export columns that may be empty (SIPD sheets want a blank, not an error).
    @property
    def desa_name(self):
        return self.proposal.desa.name if self.proposal.desa_id else ""

    @property
    def target_opd_name(self):
        return self.target_opd.name if self.target_opd_id else ""

    @property
    def adopted_opd_name(self):
        return self.adopted_opd.name if self.adopted_opd_id else ""


class Deliberation(models.Model):
    """What a Musrenbang level decided about a tiket emas idea, with the
    answer written for the children who proposed and supported it."""

    class Level(models.TextChoices):
        DESA = "desa", _("Musrenbang desa")
        KECAMATAN = "kecamatan", _("Musrenbang kecamatan")
        FORUM_PD = "forum_pd", _("Forum Perangkat Daerah")
        KABUPATEN = "kabupaten", _("Musrenbang kabupaten")

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("Diterima")
        REJECTED = "rejected", _("Ditolak")

    class Reason(models.TextChoices):
        ACCEPTED = "accepted", _("Diterima")
        NOT_AUTHORITY = "not_authority", _("Bukan kewenangan daerah")
        NO_BUDGET = "no_budget", _("Tidak ada anggaran")
        ALREADY_PLANNED = "already_planned", _("Sudah direncanakan")
        MERGED = "merged", _("Digabung dengan usulan lain")
        NOT_FEASIBLE = "not_feasible", _("Tidak layak secara teknis")
        OTHER = "other", _("Alasan lain")

    ticket = models.ForeignKey(
        GoldenTicket,
        on_delete=models.CASCADE,
        related_name="deliberations",
        verbose_name=_("tiket emas"),
    )
    level = models.CharField(_("tingkat"), max_length=10, choices=Level.choices)
    outcome = models.CharField(_("hasil"), max_length=10, choices=Outcome.choices)
    reason_category = models.CharField(
        _("kategori alasan"), max_length=30, choices=Reason.choices
    )
    reason = models.TextField(_("catatan untuk badan perencanaan"), blank=True)
    reply_for_children = models.TextField(_("jawaban untuk anak-anak"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("diputuskan oleh"),
    )
    decided_at = models.DateTimeField(
        default=timezone.now, verbose_name=_("diputuskan")
    )

    class Meta:
        ordering = ["decided_at"]
        verbose_name = _("hasil Musrenbang")
        verbose_name_plural = _("hasil Musrenbang")
        constraints = [
            models.CheckConstraint(
                condition=~Q(reply_for_children=""),
                name="outcome_has_reply_for_children",
            ),
            models.CheckConstraint(
                condition=(Q(outcome="accepted") & Q(reason_category="accepted"))
                | (Q(outcome="rejected") & ~Q(reason_category="accepted")),
                name="reason_matches_outcome",
            ),
        ]

    def __str__(self):
        return f"{self.get_level_display()}: {self.get_outcome_display()}"


class EvidenceDocumentQuerySet(models.QuerySet):
    def for_user(self, user):
        """The evidence ``user`` may open: every piece for holders of
        ``view_kla_report`` (the KLA report's readers), otherwise the evidence
        of ideas their agencies adopted (issue 12 item 3)."""
        from portal.accounts.permissions import can

        if not getattr(user, "is_authenticated", False):
            return self.none()
        if can(user, "proposals.view_kla_report"):
            return self
        return self.filter(ticket__adopted_opd__members=user).distinct()


class EvidenceDocument(models.Model):
    """Evidence for the KLA evaluation: UANG (undangan, absen, notulen,
    gambar) and the DPA excerpt, as Wagtail documents."""

    class Kind(models.TextChoices):
        UNDANGAN = "undangan", _("Undangan")
        ABSEN = "absen", _("Daftar hadir")
        NOTULEN = "notulen", _("Notulen / berita acara")
        GAMBAR = "gambar", _("Foto kegiatan")
        DPA = "dpa", _("Kutipan DPA")

    ticket = models.ForeignKey(
        GoldenTicket,
        on_delete=models.CASCADE,
        related_name="evidence",
        verbose_name=_("tiket emas"),
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("dokumen"),
    )
    note = models.CharField(_("keterangan"), max_length=250, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("diunggah oleh"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("diunggah"))

    objects = EvidenceDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("dokumen bukti")
        verbose_name_plural = _("dokumen bukti")
        permissions = [
            ("view_all_evidencedocuments", "Melihat dokumen bukti semua OPD"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.ticket_id}"
