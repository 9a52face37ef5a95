import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.regions.models import Kecamatan

from .models import Agency, Cluster, Cycle, GoldenTicket, Proposal


class ProposalFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        choices=Proposal.Status.choices, label=_("Status")
    )
    cluster = django_filters.ChoiceFilter(choices=Cluster.choices, label=_("Klaster"))

    class Meta:
        model = Proposal
        fields = ["status", "cluster", "kecamatan", "cycle", "channel"]


class ProposalViewSet(SnippetViewSet):
    """Ideas in the Wagtail admin: moderators review them here, through the
    "Moderasi usulan" workflow ("Awaiting your review" on the dashboard).
    The child's words are read-only; ideas are created on the portal."""

    model = Proposal
    icon = "openquote"
    menu_label = _("Usulan")
    menu_name = "usulan"
    menu_order = 200
    add_to_admin_menu = True
    list_display = [
        "title",
        "kecamatan",
        "cluster",
        "status",
        "live",
        "support_count",
        "created_at",
    ]
    list_per_page = 50
    filterset_class = ProposalFilterSet
    search_fields = ["title", "problem", "description"]
    ordering = ["-created_at"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "title",
        "problem",
        "description",
        "kecamatan",
        "desa",
        "cluster",
        "cycle",
        "status",
        "channel",
        "offline_children_count",
        "support_count",
        "merged_into",
        "created_at",
    ]
    list_export = [
        "title",
        "kecamatan",
        "cluster",
        "status",
        "support_count",
        "created_at",
    ]


class CycleViewSet(SnippetViewSet):
    """Cycles with their Musrenbang calendar and tiket emas quotas."""

    model = Cycle
    icon = "date"
    menu_label = _("Siklus")
    menu_name = "siklus"
    list_display = ["year", "apbd_year", "opens_on", "closes_on", "selection_cutoff"]
    panels = [
        FieldPanel("year"),
        FieldPanel("apbd_year"),
        FieldPanel("opens_on"),
        FieldPanel("closes_on"),
        FieldPanel("support_limit"),
        FieldPanel("selection_cutoff"),
        FieldPanel("musrenbang_desa_on"),
        FieldPanel("musrenbang_kecamatan_on"),
        FieldPanel("forum_perangkat_daerah_on"),
        FieldPanel("musrenbang_kabupaten_on"),
        FieldPanel("quota_per_kecamatan"),
        FieldPanel("quota_kabupaten"),
        FieldPanel("carry_over_unchosen"),
    ]


class AgencyViewSet(SnippetViewSet):
    model = Agency
    icon = "group"
    menu_label = _("OPD")
    menu_name = "opd"
    list_display = ["name", "short_name"]
    panels = [FieldPanel("name"), FieldPanel("short_name"), FieldPanel("members")]


class GoldenTicketFilterSet(WagtailFilterSet):
    stage = django_filters.ChoiceFilter(
        field_name="proposal__stage", choices=Proposal.Stage.choices, label=_("Tahap")
    )
    cluster = django_filters.ChoiceFilter(
        field_name="proposal__cluster", choices=Cluster.choices, label=_("Klaster")
    )
    kecamatan = django_filters.ModelChoiceFilter(
        field_name="proposal__kecamatan",
        queryset=Kecamatan.objects.all(),
        label=_("Kecamatan"),
    )

    class Meta:
        model = GoldenTicket
        fields = ["cycle", "opd_tujuan", "level"]


class GoldenTicketViewSet(SnippetViewSet):
    """Bappeda's Musrenbang queue: each tiket emas idea beside the usulan
    fields SIPD needs. Exports to CSV and XLSX for entry into SIPD."""

    model = GoldenTicket
    icon = "pick"
    menu_label = _("Antrean Musrenbang")
    menu_name = "antrean-musrenbang"
    menu_order = 205
    add_to_admin_menu = True
    list_display = [
        "proposal",
        "level",
        "opd_tujuan",
        "perkiraan_anggaran",
        "sipd_id_usulan",
        "received_at",
    ]
    filterset_class = GoldenTicketFilterSet
    search_fields = ["proposal__title", "sipd_id_usulan", "sub_kegiatan"]
    list_export = [
        "cycle.year",
        "proposal.pk",
        "proposal.title",
        "proposal.problem",
        "proposal.description",
        "proposal.kecamatan.name",
        "desa_name",
        "proposal.cluster",
        "proposal.support_count",
        "level",
        "urusan",
        "opd_tujuan_name",
        "sub_kegiatan",
        "lokasi",
        "volume",
        "satuan",
        "perkiraan_anggaran",
        "sipd_level",
        "sipd_id_usulan",
        "proposal.stage",
        "budget_year",
        "adopted_opd_name",
        "program",
        "kegiatan",
        "adopted_sub_kegiatan",
        "pagu",
        "progress_percent",
        "realisation",
    ]
    export_headings = {
        "cycle.year": "tahun",
        "proposal.pk": "nomor_ide",
        "proposal.title": "judul_usulan",
        "proposal.problem": "permasalahan",
        "proposal.description": "usulan_anak",
        "proposal.kecamatan.name": "kecamatan",
        "desa_name": "desa",
        "proposal.cluster": "klaster_kla",
        "proposal.support_count": "jumlah_dukungan",
        "level": "tingkat_tiket_emas",
        "urusan": "urusan_bidang",
        "opd_tujuan_name": "opd_tujuan",
        "sub_kegiatan": "sub_kegiatan",
        "lokasi": "lokasi",
        "volume": "volume",
        "satuan": "satuan",
        "perkiraan_anggaran": "perkiraan_anggaran",
        "sipd_level": "tingkat_usulan",
        "sipd_id_usulan": "id_usulan",
        "proposal.stage": "status",
        "budget_year": "tahun_anggaran",
        "adopted_opd_name": "opd_pelaksana",
        "program": "program",
        "kegiatan": "kegiatan",
        "adopted_sub_kegiatan": "sub_kegiatan_apbd",
        "pagu": "pagu",
        "progress_percent": "kemajuan_persen",
        "realisation": "realisasi",
    }
    panels = [
        HelpPanel(
            template="proposals/admin/ticket_panel.html",
            heading=_("Ide anak dan langkahnya"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("urusan"),
                FieldPanel("opd_tujuan"),
                FieldPanel("sub_kegiatan"),
                FieldPanel("lokasi"),
                FieldPanel("volume"),
                FieldPanel("satuan"),
                FieldPanel("perkiraan_anggaran"),
                FieldPanel("sipd_level"),
                FieldPanel("sipd_id_usulan"),
            ],
            heading=_("Isian usulan SIPD"),
        ),
    ]
