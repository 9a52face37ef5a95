"""The Musrenbang path in Wagtail: the Antrean Musrenbang (Bappeda's queue of
tiket emas ideas with the SIPD fields, exported to CSV and XLSX) and the
agencies (OPD)."""

import django_filters
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.accounts.permissions import can
from portal.core.money import rupiah
from portal.regions.models import Kecamatan

from ..models import Agency, Cluster, Cycle, GoldenTicket, Proposal
from ..viewsets import SpreadsheetSafeIndexView


class QueueIndexView(SpreadsheetSafeIndexView):
    """The Antrean Musrenbang: its files are named after the screen and the
    cycle (``antrean-musrenbang-2026.xlsx``), and it has the menu's name."""

    page_title = _("Antrean Musrenbang")

    def get_filename(self):
        year = (
            Cycle.objects.filter(pk=self.request.GET.get("cycle") or None)
            .values_list("year", flat=True)
            .first()
        )
        if year is None:
            current = Cycle.objects.current()
            year = current.year if current else None
        return f"antrean-musrenbang-{year}" if year else "antrean-musrenbang"


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
        fields = ["cycle", "target_opd", "level"]


def tickets_for(user, queryset):
    """The tiket emas rows ``user`` may list: OPD staff (without a Bappeda,
    moderator or administrator role) only those adopted by their agency."""
    return queryset.for_user(user)


def may_act_on_ticket(user, ticket):
    """The same rule as ``admin.ticket_actions_view``."""
    return can(user, "proposals.record_outcome") or bool(
        ticket.adopted_opd_id
        and any(member.pk == user.pk for member in ticket.adopted_opd.members.all())
    )


class TicketStepsColumn(Column):
    """A link to the screen of outcomes, APBD, implementation and evidence."""

    def get_value(self, instance):
        if not may_act_on_ticket(self.user, instance):
            return ""
        return format_html(
            '<a href="{}">{}</a>',
            reverse("proposals_admin:ticket", args=[instance.pk]),
            _("Hasil & pelaksanaan"),
        )


class GoldenTicketIndexView(QueueIndexView):
    """Every row links to what the role may use: the SIPD form (Bappeda,
    administrator) and the steps screen; OPD staff, who may not change the
    SIPD fields, get the steps screen from the title."""

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("adopted_opd")
            .prefetch_related("adopted_opd__members")
        )

    @cached_property
    def columns(self):
        steps = TicketStepsColumn("steps", label=_("Langkah"))
        steps.user = self.request.user
        return [*super().columns, steps]

    def get_inspect_url(self, instance):
        if may_act_on_ticket(self.request.user, instance):
            return reverse("proposals_admin:ticket", args=[instance.pk])
        return None


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
        "target_opd",
        Column(
            "estimated_budget",
            label=_("Perkiraan anggaran"),
            accessor=lambda ticket: rupiah(ticket.estimated_budget),
            sort_key="estimated_budget",
        ),
        "sipd_id_usulan",
        "received_at",
    ]
    filterset_class = GoldenTicketFilterSet
    index_view_class = GoldenTicketIndexView
    search_fields = ["proposal__title", "sipd_id_usulan", "sub_kegiatan"]
    list_export = [
        "cycle.year",
        "proposal.pk",
        "proposal.title",
        "proposal.problem",
        "proposal.description",
        "proposal.kecamatan.name",
        "desa_name",
        "proposal.get_cluster_display",
        "proposal.support_count",
        "get_level_display",
        "urusan",
        "target_opd_name",
        "sub_kegiatan",
        "location",
        "volume",
        "unit",
        "estimated_budget",
        "get_sipd_level_display",
        "sipd_id_usulan",
        "proposal.get_stage_display",
        "budget_year",
        "adopted_opd_name",
        "program",
        "kegiatan",
        "adopted_sub_kegiatan",
        "pagu",
        "progress_percent",
        "realisation",
    ]
    # Headings a planning office reads; amounts stay numbers (in rupiah,
    # said in the heading) so that the spreadsheet can add them up.
    export_headings = {
        "cycle.year": _("Tahun siklus"),
        "proposal.pk": _("Nomor ide"),
        "proposal.title": _("Judul usulan"),
        "proposal.problem": _("Permasalahan"),
        "proposal.description": _("Usulan anak"),
        "proposal.kecamatan.name": _("Kecamatan"),
        "desa_name": _("Desa/kelurahan"),
        "proposal.get_cluster_display": _("Klaster KLA"),
        "proposal.support_count": _("Jumlah dukungan"),
        "get_level_display": _("Tingkat tiket emas"),
        "urusan": _("Urusan/bidang"),
        "target_opd_name": _("OPD tujuan"),
        "sub_kegiatan": _("Sub-kegiatan"),
        "location": _("Lokasi"),
        "volume": _("Volume"),
        "unit": _("Satuan"),
        "estimated_budget": _("Perkiraan anggaran (Rp)"),
        "get_sipd_level_display": _("Tingkat usulan SIPD"),
        "sipd_id_usulan": _("ID usulan SIPD"),
        "proposal.get_stage_display": _("Tahap"),
        "budget_year": _("Tahun anggaran"),
        "adopted_opd_name": _("OPD pelaksana"),
        "program": _("Program"),
        "kegiatan": _("Kegiatan"),
        "adopted_sub_kegiatan": _("Sub-kegiatan APBD"),
        "pagu": _("Pagu (Rp)"),
        "progress_percent": _("Kemajuan (%)"),
        "realisation": _("Realisasi (Rp)"),
    }
    panels = [
        HelpPanel(
            template="proposals/admin/ticket_panel.html",
            heading=_("Ide anak dan langkahnya"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("urusan"),
                FieldPanel("target_opd"),
                FieldPanel("sub_kegiatan"),
                FieldPanel("location"),
                FieldPanel("volume"),
                FieldPanel("unit"),
                FieldPanel("estimated_budget"),
                FieldPanel("sipd_level"),
                FieldPanel("sipd_id_usulan"),
            ],
            heading=_("Isian usulan SIPD"),
        ),
    ]

    def get_queryset(self, request):
        """Bappeda's queue and its exports show the words of public ideas
        only: one hidden, taken down or escalated after its tiket emas
        leaves the queue until a moderator decides (issue 11 item 11).
        OPD staff list their agency's tickets only."""
        return tickets_for(request.user, GoldenTicket.objects.public())
