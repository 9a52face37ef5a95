import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Cluster, Proposal


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
