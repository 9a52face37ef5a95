"""The idea ("usulan") and its whole life.

The row of a ``Proposal`` always holds the content a moderator approved (or,
before the first approval, the first submission, which is not public because
``live`` is False). Every edit by the child is a Wagtail revision that goes
through the "Moderasi usulan" workflow; approval publishes it onto the row.
Public pages therefore read rows only, through ``Proposal.objects.public()``.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxLengthValidator, MinLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin
from wagtail.search import index

from portal.accounts.models import ForumAnakGroup
from portal.regions.models import Desa, Kecamatan

from .storage import get_private_storage


class Cluster(models.TextChoices):
    """The KLA clusters, used as the categories of ideas."""

    KELEMBAGAAN = "kelembagaan", _("Kelembagaan")
    K1 = "klaster_1", _("Klaster 1: Hak Sipil dan Kebebasan")
    K2 = "klaster_2", _("Klaster 2: Lingkungan Keluarga dan Pengasuhan Alternatif")
    K3 = "klaster_3", _("Klaster 3: Kesehatan Dasar dan Kesejahteraan")
    K4 = "klaster_4", _("Klaster 4: Pendidikan, Waktu Luang dan Budaya")
    K5 = "klaster_5", _("Klaster 5: Perlindungan Khusus")


# What each cluster means, in words a 10-year-old understands.
CLUSTER_HELP = {
    Cluster.KELEMBAGAAN: _("Aturan dan cara pemerintah bekerja untuk anak."),
    Cluster.K1: _("Akta kelahiran, informasi untuk anak, Forum Anak, hak didengar."),
    Cluster.K2: _("Keluarga, pengasuhan, mencegah pernikahan anak."),
    Cluster.K3: _("Kesehatan, gizi, air bersih, puskesmas, kawasan tanpa rokok."),
    Cluster.K4: _("Sekolah, perpustakaan, taman bermain, olahraga, seni dan budaya."),
    Cluster.K5: _(
        "Melindungi anak dari kekerasan, pekerjaan berat, dan anak disabilitas."
    ),
}


class CycleQuerySet(models.QuerySet):
    def open_on(self, day):
        return self.filter(opens_on__lte=day, closes_on__gte=day)

    def current(self):
        """The cycle open today, or else the most recent one."""
        today = timezone.localdate()
        return (
            self.open_on(today).order_by("-year").first()
            or self.order_by("-year").first()
        )


class Cycle(models.Model):
    """One year of ideas, planning the APBD of ``apbd_year`` (usually year+1)."""

    year = models.PositiveSmallIntegerField(_("tahun"), unique=True)
    apbd_year = models.PositiveSmallIntegerField(_("tahun APBD yang direncanakan"))
    opens_on = models.DateField(_("dibuka"))
    closes_on = models.DateField(_("ditutup"))
    support_limit = models.PositiveSmallIntegerField(
        _("batas dukungan per anak"),
        default=0,
        help_text=_("0 berarti tanpa batas."),
    )
    selection_cutoff = models.DateField(
        _("batas pemilihan daftar pendek"), null=True, blank=True
    )
    musrenbang_desa_on = models.DateField(_("Musrenbang desa"), null=True, blank=True)
    musrenbang_kecamatan_on = models.DateField(
        _("Musrenbang kecamatan"), null=True, blank=True
    )
    forum_perangkat_daerah_on = models.DateField(
        _("Forum Perangkat Daerah"), null=True, blank=True
    )
    musrenbang_kabupaten_on = models.DateField(
        _("Musrenbang kabupaten"), null=True, blank=True
    )
    quota_per_kecamatan = models.PositiveSmallIntegerField(
        _("kuota tiket emas per kecamatan"), default=2
    )
    quota_kabupaten = models.PositiveSmallIntegerField(
        _("kuota tiket emas tingkat kabupaten"), default=5
    )
    carry_over_unchosen = models.BooleanField(
        _("ide yang tidak terpilih ikut ke siklus berikutnya"), default=True
    )

    objects = CycleQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("siklus")
        verbose_name_plural = _("siklus")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="cycle_closes_after_it_opens",
            ),
            models.CheckConstraint(
                condition=Q(apbd_year__gte=models.F("year")),
                name="cycle_plans_a_later_budget",
            ),
        ]

    def __str__(self):
        return _("Siklus %(year)s (APBD %(apbd)s)") % {
            "year": self.year,
            "apbd": self.apbd_year,
        }

    @property
    def is_open(self):
        return self.opens_on <= timezone.localdate() <= self.closes_on


def public_q(path=""):
    """THE definition of a public idea (issue 11 item 11), as a filter on
    ``Proposal`` or, through ``path`` ("proposal"), on anything that points
    to one: approved, live, never escalated, not hidden, merged or taken down.

    Every page, feed, export, API answer and live message that shows an idea
    to someone who does not act on it reads ideas through this (or its
    Python twin ``Proposal.is_public``): ``Proposal.objects.public()``,
    ``ShortlistEntry.objects.public()``, ``GoldenTicket.objects.public()``."""
    prefix = f"{path}__" if path else ""
    return Q(
        **{
            f"{prefix}live": True,
            f"{prefix}status__in": Proposal.PUBLIC_STATUSES,
            f"{prefix}escalated_at__isnull": True,
        }
    )


class ProposalQuerySet(models.QuerySet):
    def public(self):
        """What anybody may see: approved, live, never escalated, not hidden."""
        return self.filter(public_q())

    def in_cycle(self, cycle):
        return self.filter(cycle=cycle)

    def by_child(self, user):
        return self.filter(proposer=user)

    def for_listing(self):
        return self.select_related(
            "kecamatan",
            "desa",
            "cycle",
            "proposer_group",
            "proposer_kecamatan",
            "proposer__child_profile",
        )


class Proposal(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    index.Indexed,
    models.Model,
):
    """A child's (or a Forum Anak group's) idea, in the child's own words.

    Staff never rewrite those words: the admin shows them read-only, and the
    only change staff can make is a recorded redaction of personal data.
    """

    class Status(models.TextChoices):
        IN_MODERATION = "in_moderation", _("Menunggu moderasi")
        CHANGES_REQUESTED = "changes_requested", _("Perlu diperbaiki")
        PUBLISHED = "published", _("Tampil")
        HIDDEN = "hidden", _("Disembunyikan sementara")
        NOT_PUBLISHED = "not_published", _("Tidak diterbitkan")
        ESCALATED = "escalated", _("Ditangani petugas perlindungan")
        MERGED = "merged", _("Digabung dengan ide lain")

    class Stage(models.TextChoices):
        """Where the idea stands on the way into the budget (independent of
        moderation, which ``status`` tracks)."""

        NONE = "", _("Belum dipilih")
        SHORTLISTED = "shortlisted", _("Masuk daftar pendek")
        GOLDEN_TICKET = "golden_ticket", _("Mendapat tiket emas")
        ACCEPTED = "accepted", _("Diterima di Musrenbang")
        NOT_ACCEPTED = "not_accepted", _("Tidak diterima di Musrenbang")
        ADOPTED = "adopted", _("Masuk APBD")
        IMPLEMENTED = "implemented", _("Selesai dikerjakan")

    class Channel(models.TextChoices):
        WEB = "web", _("Lewat portal")
        OFFLINE = "offline", _("Sesi luring, dimasukkan fasilitator")

    PUBLIC_STATUSES = [Status.PUBLISHED]
    # Fields a revision carries: what the child wrote. Everything else belongs
    # to the idea as a whole and is never rolled back by publishing a revision.
    CONTENT_FIELDS = [
        "title",
        "problem",
        "description",
        "kecamatan",
        "desa",
        "cluster",
        "photo",
        "photo_480",
        "photo_960",
    ]
    TEXT_FIELDS = ["title", "problem", "description"]

    title = models.CharField(
        _("judul ide"),
        max_length=120,
        validators=[MinLengthValidator(5)],
    )
    problem = models.TextField(
        _("masalahnya"), validators=[MinLengthValidator(10), MaxLengthValidator(2000)]
    )
    description = models.TextField(
        _("idenya"), validators=[MinLengthValidator(10), MaxLengthValidator(3000)]
    )
    kecamatan = models.ForeignKey(
        Kecamatan,
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("kecamatan"),
    )
    desa = models.ForeignKey(
        Desa,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("desa"),
    )
    cluster = models.CharField(_("klaster KLA"), max_length=20, choices=Cluster.choices)
    photo = models.ImageField(
        _("foto"), storage=get_private_storage, upload_to="usulan/foto/", blank=True
    )
    photo_480 = models.ImageField(
        storage=get_private_storage,
        upload_to="usulan/foto/",
        blank=True,
        editable=False,
    )
    photo_960 = models.ImageField(
        storage=get_private_storage,
        upload_to="usulan/foto/",
        blank=True,
        editable=False,
    )
    cycle = models.ForeignKey(
        Cycle,
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("siklus"),
    )

    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("pengusul (anak)"),
    )
    proposer_group = models.ForeignKey(
        ForumAnakGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("pengusul (Forum Anak)"),
    )
    # Kept when the child's account is deleted: "Anak dari Kecamatan X".
    proposer_kecamatan = models.ForeignKey(
        Kecamatan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kecamatan pengusul"),
    )
    channel = models.CharField(
        _("jalur"), max_length=10, choices=Channel.choices, default=Channel.WEB
    )
    offline_children_count = models.PositiveSmallIntegerField(
        _("jumlah anak dalam sesi luring"), null=True, blank=True
    )
    paper_scan = models.FileField(
        _("pindaian formulir kertas"),
        storage=get_private_storage,
        upload_to="usulan/formulir/",
        blank=True,
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dimasukkan oleh"),
    )

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.IN_MODERATION,
        db_index=True,
    )
    support_count = models.PositiveIntegerField(_("jumlah dukungan"), default=0)
    stage = models.CharField(
        _("tahap Musrenbang"),
        max_length=20,
        choices=Stage.choices,
        default=Stage.NONE,
        blank=True,
        db_index=True,
    )
    escalated_at = models.DateTimeField(
        _("dialihkan ke perlindungan"), null=True, blank=True
    )
    # Set while a danger flag stands (an automatic "possible danger" finding
    # on the revision under review that no moderator cleared, or an open
    # report with reason danger): when the words reached the portal. Kept by
    # proposals/safeguarding.py; it blocks approval and orders the queue.
    danger_flagged_at = models.DateTimeField(
        _("tanda bahaya sejak"), null=True, blank=True, db_index=True, editable=False
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
        verbose_name=_("digabung ke"),
    )
    created_at = models.DateTimeField(_("dikirim"), default=timezone.now, db_index=True)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="proposal")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="proposal",
        for_concrete_model=False,
    )

    objects = ProposalQuerySet.as_manager()

    search_fields = [
        index.SearchField("title"),
        index.SearchField("problem"),
        index.SearchField("description"),
        index.FilterField("status"),
        index.FilterField("live"),
        # The admin hides escalated ideas from roles that do not act on them
        # (proposals/viewsets.py), also in search results.
        index.FilterField("escalated_at"),
        # Staff outside moderation see their own paper entries too, also in
        # the chooser's search (issue 11 item 10).
        index.FilterField("entered_by"),
    ]

    panels = [
        HelpPanel(
            template="proposals/admin/checks_panel.html",
            heading=_("Pemeriksaan otomatis"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("title", read_only=True),
                FieldPanel("problem", read_only=True),
                FieldPanel("description", read_only=True),
            ],
            heading=_("Kata-kata anak (tidak boleh diubah, hanya disensor)"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("kecamatan", read_only=True),
                FieldPanel("desa", read_only=True),
                FieldPanel("cluster", read_only=True),
                FieldPanel("cycle", read_only=True),
            ],
            heading=_("Tempat dan klaster"),
        ),
    ]

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("usulan")
        verbose_name_plural = _("usulan")
        permissions = [
            ("moderate_proposal", "Moderasi ide anak"),
            ("read_unreviewed_proposal", "Membaca ide yang belum dimoderasi"),
            ("enter_paper_proposal", "Memasukkan ide kertas Forum Anak"),
            ("view_kla_report", "Melihat laporan KLA"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(proposer__isnull=True) | Q(proposer_group__isnull=True),
                name="proposal_has_one_kind_of_proposer",
            ),
            models.CheckConstraint(
                condition=Q(status="merged", merged_into__isnull=False)
                | (~Q(status="merged") & Q(merged_into__isnull=True)),
                name="merged_proposal_points_to_kept_one",
            ),
            models.CheckConstraint(
                condition=Q(escalated_at__isnull=True) | Q(status="escalated"),
                name="escalated_stays_escalated",
            ),
        ]
        indexes = [
            models.Index(
                fields=["status", "live", "-support_count"], name="proposal_ranking"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        """Never write ``support_count`` from a possibly stale instance: only
        voting changes it, with an atomic ``F()`` update. Nor ``stage``: only
        the Musrenbang actions move it (``musrenbang.STAGE_RULES``), so a
        stale copy saved by Wagtail (unpublish, a revision) cannot move an
        adopted idea back. An escalation can never be undone."""
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key
                and f.name not in ("support_count", "danger_flagged_at", "stage")
            ]
        if self.pk and not self._state.adding:
            was_escalated = Proposal.objects.filter(
                pk=self.pk, escalated_at__isnull=False
            ).exists()
            if was_escalated and (
                self.escalated_at is None or self.status != self.Status.ESCALATED
            ):
                raise PermissionDenied("An escalated idea stays hidden for good.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("proposals:detail", args=[self.pk])

    def with_content_json(self, content):
        """A revision only carries the child's content; status, counts,
        escalation and authorship stay as they are on the row."""
        obj = super().with_content_json(content)
        for field in self._meta.concrete_fields:
            if field.name not in self.CONTENT_FIELDS and not field.primary_key:
                setattr(obj, field.attname, getattr(self, field.attname))
        return obj

    def save_revision(self, *args, **kwargs):
        """Every new revision (a submission, an edit, a redaction) is checked
        for danger again: a moderator's clearance holds for one revision."""
        from .safeguarding import refresh_danger_flag

        revision = super().save_revision(*args, **kwargs)
        refresh_danger_flag(self)
        return revision

    def publish(self, revision, *args, **kwargs):
        """The last line of defence: content with unredacted personal data
        or a public name that fails the checks, an escalated idea, or an idea
        with a standing danger flag is never published."""
        from .checks import blocks_approval, check_fields, checked_fields
        from .safeguarding import danger_flag_stands

        content = revision.as_object()
        if self.escalated_at is not None:
            raise PermissionDenied("Escalated ideas are never published.")
        if danger_flag_stands(self, revision):
            raise PermissionDenied(
                "A possible danger is flagged: escalate it, or clear the flag "
                "with a reason, before approving."
            )
        if blocks_approval(check_fields(checked_fields(content))):
            raise PermissionDenied(
                "This revision still contains personal data; redact it first."
            )
        return super().publish(revision, *args, **kwargs)

    @property
    def revisions(self):
        return self._revisions

    def text_content(self):
        return {name: getattr(self, name) or "" for name in self.TEXT_FIELDS}

    # -- public presentation ------------------------------------------------

    @property
    def is_public(self):
        """The Python twin of ``public_q()``: keep the two the same."""
        return (
            self.live
            and self.status in self.PUBLIC_STATUSES
            and self.escalated_at is None
        )

    @property
    def status_for_child(self):
        """The status as the child's own pages say it. An escalated idea reads
        like any idea that was not published: a shared family phone must not
        tell whoever holds it that the child disclosed something."""
        if self.status == self.Status.ESCALATED:
            return self.Status.NOT_PUBLISHED.label
        return self.get_status_display()

    @property
    def public_author(self):
        """Who proposed it, as the public may see it: a nickname with
        kecamatan and age band, a Forum Anak group, or, once the child's
        account is gone, while no nickname was approved by a moderator, or
        while the approved one fails the public-name checks (an account made
        before they existed), "Anak dari Kecamatan X"."""
        from .checks import public_name_is_clean

        if self.proposer_group_id:
            return str(self.proposer_group)
        proposer = self.proposer
        profile = getattr(proposer, "child_profile", None) if proposer else None
        # Only the name a moderator approved: a changed one waits (h6).
        name = proposer.approved_nickname if profile is not None else ""
        if profile is not None and public_name_is_clean(name):
            return _("%(nickname)s, Kecamatan %(kecamatan)s, %(band)s tahun") % {
                "nickname": name,
                "kecamatan": (self.proposer_kecamatan or profile.desa.kecamatan).name,
                "band": profile.age_band,
            }
        kecamatan = self.proposer_kecamatan or self.kecamatan
        return _("Anak dari Kecamatan %(kecamatan)s") % {"kecamatan": kecamatan.name}

    @property
    def cluster_help(self):
        return CLUSTER_HELP.get(self.cluster, "")


class ProposalEvent(models.Model):
    """An immutable record of one state change of an idea.

    The public timeline is built from these rows, showing roles and agencies
    only (``actor_role``), never staff names; the audit keeps the actor.
    """

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Dikirim")
        RESUBMITTED = "resubmitted", _("Diperbaiki dan dikirim lagi")
        EDITED = "edited", _("Diubah, menunggu moderasi")
        CHANGES_REQUESTED = "changes_requested", _("Moderator minta perbaikan")
        PUBLISHED = "published", _("Disetujui dan tampil")
        REDACTED = "redacted", _("Data pribadi disensor")
        REPORTED = "reported", _("Dilaporkan")
        HIDDEN = "hidden", _("Disembunyikan sementara karena laporan")
        RESTORED = "restored", _("Ditampilkan lagi setelah diperiksa")
        NOT_PUBLISHED = "not_published", _("Tidak diterbitkan")
        ESCALATED = "escalated", _("Dialihkan ke petugas perlindungan")
        MERGED = "merged", _("Digabung dengan ide lain")
        SHORTLISTED = "shortlisted", _("Masuk daftar pendek")
        GOLDEN_TICKET = "golden_ticket", _("Mendapat tiket emas")
        RECEIVED = "received", _("Diterima badan perencanaan untuk Musrenbang")
        DISCUSSED = "discussed", _("Dibahas di Musrenbang")
        ADOPTED = "adopted", _("Masuk rencana dan anggaran daerah")
        IMPLEMENTATION = "implementation", _("Kabar pelaksanaan")
        CARRIED_OVER = "carried_over", _("Ikut ke siklus berikutnya")

    # Kinds the child's own pages and data download never show: a shared
    # phone must not reveal a disclosure (issue 11 item 4).
    HIDDEN_FROM_CHILD = [Kind.ESCALATED]
    # Kinds the public timeline may show (others are for the child and staff).
    PUBLIC_KINDS = [
        Kind.SUBMITTED,
        Kind.PUBLISHED,
        Kind.MERGED,
        Kind.SHORTLISTED,
        Kind.GOLDEN_TICKET,
        Kind.RECEIVED,
        Kind.DISCUSSED,
        Kind.ADOPTED,
        Kind.IMPLEMENTATION,
        Kind.CARRIED_OVER,
    ]

    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("usulan"),
    )
    kind = models.CharField(_("jenis"), max_length=30, choices=Kind.choices)
    from_status = models.CharField(_("dari"), max_length=20, blank=True)
    to_status = models.CharField(_("menjadi"), max_length=20, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pelaku"),
    )
    actor_role = models.CharField(_("peran"), max_length=60, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    created_at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("peristiwa usulan")
        verbose_name_plural = _("peristiwa usulan")

    def __str__(self):
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError("Proposal events are immutable.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Proposal events are immutable.")

    @property
    def is_public(self):
        return self.kind in self.PUBLIC_KINDS


class Redaction(models.Model):
    """A record that staff removed personal data from a child's words.

    The removed text itself is not kept (it is the personal data); the kind
    and length say what happened."""

    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.CASCADE,
        related_name="redactions",
        verbose_name=_("usulan"),
    )
    field = models.CharField(max_length=30, verbose_name=_("kolom"))
    category = models.CharField(max_length=30, verbose_name=_("kategori"))
    length = models.PositiveIntegerField(verbose_name=_("panjang"))
    redacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("disensor oleh"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("dibuat"))

    class Meta:
        verbose_name = _("sensor data pribadi")
        verbose_name_plural = _("sensor data pribadi")

    def __str__(self):
        return f"{self.field}: {self.category}"


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


# --- from the shortlist to the budget ------------------------------------


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
    opd_tujuan = models.ForeignKey(
        Agency,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("OPD tujuan"),
    )
    sub_kegiatan = models.CharField(_("sub-kegiatan"), max_length=250, blank=True)
    lokasi = models.CharField(_("lokasi"), max_length=250, blank=True)
    volume = models.DecimalField(
        _("volume"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    satuan = models.CharField(_("satuan"), max_length=40, blank=True)
    perkiraan_anggaran = models.DecimalField(
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
    sipd_id_usulan = models.CharField(_("id_usulan SIPD"), max_length=60, blank=True)

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
    def opd_tujuan_name(self):
        return self.opd_tujuan.name if self.opd_tujuan_id else ""

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
        ACCEPTED = "diterima", _("Diterima")
        NOT_AUTHORITY = "bukan_kewenangan", _("Bukan kewenangan daerah")
        NO_BUDGET = "tidak_ada_anggaran", _("Tidak ada anggaran")
        ALREADY_PLANNED = "sudah_direncanakan", _("Sudah direncanakan")
        MERGED = "digabung", _("Digabung dengan usulan lain")
        NOT_FEASIBLE = "tidak_layak", _("Tidak layak secara teknis")
        OTHER = "lainnya", _("Alasan lain")

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
                condition=(Q(outcome="accepted") & Q(reason_category="diterima"))
                | (Q(outcome="rejected") & ~Q(reason_category="diterima")),
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


from proposals.checks.models import CheckWord  # noqa: E402,F401
