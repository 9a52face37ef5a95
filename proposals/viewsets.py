import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views import chooser
from wagtail.snippets.views.snippets import IndexView, InspectView, SnippetViewSet

from portal.accounts.permissions import can
from portal.core.spreadsheets import spreadsheet_safe

from .models import Cluster, Cycle, Proposal


def yes_no(value):
    """Booleans as staff read them: Ya / Tidak (never True / False)."""
    return _("Ya") if value else _("Tidak")


class SpreadsheetSafeIndexView(IndexView):
    """CSV exports open in a spreadsheet at the planning agency: a child's text that
    starts like a formula is prefixed with an apostrophe so that it stays
    text (Wagtail already does this for XLSX). The KLA report's CSV uses
    the same ``spreadsheet_safe``."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return spreadsheet_safe(value)
        return value


class ProposalIndexView(SpreadsheetSafeIndexView):
    """The moderation queue: ideas with a standing danger flag first (the
    oldest flag on top), then the newest, unless another order is chosen."""

    def order_queryset(self, queryset):
        queryset = super().order_queryset(queryset)
        if self.ordering == self.default_ordering:
            queryset = queryset.order_by(
                F("danger_flagged_at").asc(nulls_last=True), "-created_at", "-pk"
            )
        return queryset


class ProposalFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        choices=Proposal.Status.choices, label=_("Status")
    )
    cluster = django_filters.ChoiceFilter(choices=Cluster.choices, label=_("Klaster"))

    class Meta:
        model = Proposal
        fields = ["status", "cluster", "kecamatan", "cycle", "channel"]


# A possible disclosure of danger (an escalated idea) is for the people who
# act on it: the moderator who escalated it, the Petugas Perlindungan and the
# administrator. Facilitators, Bappeda and OPD staff, who may list ideas in
# the admin, never see it (not even its title).
# Words no moderator has approved yet (waiting, sent back to the child,
# refused) may still hold a name, a school or a phone number: before review
# they are for the moderators (and the administrator) only. So are ideas
# hidden after a report, until a moderator decides. Other staff see what the
# public sees (published ideas, and merged ones, which were published),
# plus the paper ideas they entered themselves.
REVIEWED_STATUSES = (Proposal.Status.PUBLISHED, Proposal.Status.MERGED)


def visible_to(user, queryset):
    """``queryset`` as ``user`` may see it in the admin. No escalated idea for
    anybody: its words are read through its case only, where every view is
    logged (``proposals_admin:case``). Moderators and the administrator see
    every other idea; other staff no words a moderator has not approved
    (but their own paper entries)."""
    queryset = queryset.filter(escalated_at__isnull=True)
    if can(user, "proposals.read_unreviewed_proposal"):
        return queryset
    return queryset.filter(Q(status__in=REVIEWED_STATUSES) | Q(entered_by=user))


def refuse_escalated(view):
    """Wraps every Wagtail view of one idea (edit, inspect, history,
    revisions, compare, preview, usage, workflow, delete, copy, lock, ...):
    an escalated idea is not found there, for every role."""
    from functools import wraps

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is not None and (
            not str(pk).isdigit()
            or Proposal.objects.filter(pk=pk, escalated_at__isnull=False).exists()
        ):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


class ProposalInspectView(InspectView):
    def get_object(self, queryset=None):
        proposal = super().get_object(queryset)
        if not visible_to(
            self.request.user, Proposal.objects.filter(pk=proposal.pk)
        ).exists():
            raise Http404
        return proposal


class ModelPermissionRequired:
    """The chooser of a model is for users with some permission on it (by
    default Wagtail lets every admin user choose any snippet)."""

    def dispatch(self, request, *args, **kwargs):
        policy = ModelPermissionPolicy(self.model_class)
        if not policy.user_has_any_permission(
            request.user, ["add", "change", "delete", "view"]
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ProposalChooseView(ModelPermissionRequired, chooser.ChooseView):
    def get_object_list(self):
        return visible_to(self.request.user, super().get_object_list())


class ProposalChooseResultsView(ModelPermissionRequired, chooser.ChooseResultsView):
    def get_object_list(self):
        return visible_to(self.request.user, super().get_object_list())


class ProposalChosenView(ModelPermissionRequired, chooser.SnippetChosenView):
    def get_object(self, pk):
        return visible_to(self.request.user, self.model_class.objects).get(pk=pk)


class ProposalChosenMultipleView(
    ModelPermissionRequired, chooser.SnippetChosenMultipleView
):
    def get_objects(self, pks):
        return visible_to(self.request.user, super().get_objects(pks))


class ProposalChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = ProposalChooseView
    choose_results_view_class = ProposalChooseResultsView
    chosen_view_class = ProposalChosenView
    chosen_multiple_view_class = ProposalChosenMultipleView


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
        Column(
            "live",
            label=_("Tampil"),
            accessor=lambda proposal: yes_no(proposal.live),
            sort_key="live",
        ),
        "support_count",
        "created_at",
    ]
    list_per_page = 50
    filterset_class = ProposalFilterSet
    search_fields = ["title", "problem", "description"]
    # Plain QuerySet search: Wagtail's database backend refused to search
    # these fields on SQLite ("no such column: problem", a server error).
    search_backend_name = None
    ordering = ["-created_at"]
    inspect_view_enabled = True
    inspect_view_class = ProposalInspectView
    index_view_class = ProposalIndexView
    chooser_viewset_class = ProposalChooserViewSet
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
        "get_cluster_display",
        "get_status_display",
        "support_count",
        "created_at",
    ]
    export_headings = {
        "get_cluster_display": _("Klaster KLA"),
        "get_status_display": _("Status"),
    }
    export_filename = "usulan"

    def get_queryset(self, request):
        return visible_to(request.user, Proposal.objects.all())

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            pattern.callback = refuse_escalated(pattern.callback)
        return patterns


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
