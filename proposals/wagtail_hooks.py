from django.shortcuts import get_list_or_404
from django.urls import include, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.models import register_snippet

from portal.accounts.permissions import can
from portal.core.models import planning_agency_lazy

from . import checks, safeguarding
from .admin_views import MODERATORS, SAFEGUARDING
from .checks.viewsets import CheckWordViewSet
from .models import Proposal, Report, SafeguardingCase
from .musrenbang.dashboard import MusrenbangPanel
from .musrenbang.viewsets import AgencyViewSet, GoldenTicketViewSet
from .viewsets import CycleViewSet, ProposalViewSet

register_snippet(ProposalViewSet)
register_snippet(GoldenTicketViewSet)
register_snippet(CycleViewSet)
register_snippet(AgencyViewSet)
register_snippet(CheckWordViewSet)


class ProposalDeleteBulkAction(DeleteBulkAction):
    """Wagtail's bulk delete confirmation lists the chosen ideas by title
    (``?id=<pk>`` or ``?id=all``): an escalated idea is never among them
    (issue 11 item 5; its words are read through its case only)."""

    models = [Proposal]

    @classmethod
    def get_queryset(cls, model, object_ids):
        return get_list_or_404(
            model.objects.filter(escalated_at__isnull=True), pk__in=object_ids
        )


# After Wagtail's own registration for every snippet (order 0), so that this
# one is the delete action of ideas.
hooks.register("register_bulk_action", ProposalDeleteBulkAction, order=100)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("", include(("proposals.admin_urls", "proposals_admin")))]


class RoleMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return can(request.user, self.permission)


@hooks.register("register_admin_menu_item")
def reports_menu_item():
    return RoleMenuItem(
        _("Laporan"),
        reverse("proposals_admin:reports"),
        icon_name="warning",
        order=210,
        permission=MODERATORS,
    )


@hooks.register("register_admin_menu_item")
def names_menu_item():
    return RoleMenuItem(
        _("Nama panggilan baru"),
        reverse("proposals_admin:names"),
        icon_name="user",
        order=215,
        permission=MODERATORS,
    )


@hooks.register("register_admin_menu_item")
def cases_menu_item():
    return RoleMenuItem(
        _("Kasus perlindungan"),
        reverse("proposals_admin:cases"),
        icon_name="lock",
        order=220,
        permission=SAFEGUARDING,
    )


class ShortlistMenuItem(RoleMenuItem):
    """Points at the current cycle's shortlist."""

    def is_shown(self, request):
        from .models import Cycle

        return super().is_shown(request) and Cycle.objects.exists()

    def render_component(self, request):
        from wagtail.admin.menu import LinkMenuItemComponent

        from .models import Cycle

        cycle = Cycle.objects.current()
        return LinkMenuItemComponent(
            self.name,
            self.label,
            reverse("proposals_admin:shortlist", args=[cycle.year]),
            icon_name=self.icon_name,
            classname=self.classname,
            attrs=self.attrs,
        )


@hooks.register("register_admin_menu_item")
def shortlist_menu_item():
    return ShortlistMenuItem(
        _("Daftar pendek & tiket emas"),
        "#",
        icon_name="pick",
        order=204,
        permission="proposals.award_goldenticket",
    )


@hooks.register("register_admin_menu_item")
def overdue_menu_item():
    return RoleMenuItem(
        _("Jawaban terlambat"),
        reverse("proposals_admin:overdue"),
        icon_name="time",
        order=206,
        permission="proposals.track_overdue_answers",
    )


# Moderators act through the workflow only: direct publish, save, unpublish
# and restarting would bypass the events and the checks.
REMOVED_ACTIONS = {
    "action-publish",
    "action-save",
    "action-submit",
    "action-unpublish",
    "action-restart-workflow",
    "action-cancel-workflow",
}


@hooks.register("construct_snippet_action_menu")
def moderation_action_menu(menu_items, request, context):
    instance = context.get("instance")
    if not isinstance(instance, Proposal):
        return
    blocked = False
    if instance.pk:
        draft = instance.get_latest_revision_as_object()
        blocked = checks.blocks_approval(
            checks.check_fields(checks.checked_fields(draft))
        ) or safeguarding.danger_flag_stands(instance)
    menu_items[:] = [
        item
        for item in menu_items
        if item.name not in REMOVED_ACTIONS and not (blocked and item.name == "approve")
    ]
    # "Setujui" is the moderator's main button (Wagtail puts "Request
    # changes" first); "Setujui dengan komentar" and "Minta perbaikan"
    # follow in the menu.
    menu_items.sort(
        key=lambda item: (
            item.name != "approve" or getattr(item, "launch_modal", True),
            item.name != "approve",
        )
    )


class AttentionPanel(Component):
    """On the admin dashboard: what needs a person today."""

    order = 50

    def __init__(self, request):
        self.request = request

    def render_html(self, parent_context=None):
        user = self.request.user
        lines = []
        if can(user, MODERATORS):
            flagged = Proposal.objects.filter(danger_flagged_at__isnull=False).count()
            lines.append(
                format_html(
                    '<a href="{}"><strong>{}</strong></a>',
                    reverse("wagtailsnippets_proposals_proposal:list"),
                    _("%(n)s ide dengan tanda bahaya (paling atas di daftar usulan)")
                    % {"n": flagged},
                )
            )
            reports = (
                Report.objects.filter(resolved_at__isnull=True)
                .values("proposal")
                .distinct()
                .count()
            )
            hidden = Proposal.objects.filter(status=Proposal.Status.HIDDEN).count()
            lines.append(
                format_html(
                    '<a href="{}">{}</a>',
                    reverse("proposals_admin:reports"),
                    _("%(n)s ide dilaporkan (%(h)s disembunyikan)")
                    % {"n": reports, "h": hidden},
                )
            )
        if can(user, SAFEGUARDING):
            # The on-request half of the overdue alert (the other half is
            # ``manage.py notify_overdue_cases``); each case alerts once.
            safeguarding.alert_overdue_cases()
            open_cases = SafeguardingCase.objects.exclude(
                status=SafeguardingCase.Status.CLOSED
            )
            overdue = [c for c in open_cases if c.is_overdue]
            lines.append(
                format_html(
                    '<a href="{}">{}</a>',
                    reverse("proposals_admin:cases"),
                    _("%(n)s kasus perlindungan terbuka, %(o)s melewati 24 jam")
                    % {"n": open_cases.count(), "o": len(overdue)},
                )
            )
        if not lines:
            return ""
        items = format_html_join("", "<li>{}</li>", ((line,) for line in lines))
        return format_html(
            '<section class="panel summary nice-padding"><h2>{}</h2><ul>{}</ul></section>',
            _("Perlu perhatian"),
            items,
        )


@hooks.register("construct_homepage_panels")
def add_attention_panel(request, panels):
    panels.append(AttentionPanel(request))
    panels.append(MusrenbangPanel(request))


# --- Wagtail's history tells the whole story (issue 12 item 4) ---------------
#
# The portal's own steps, logged by the actions through ``actions.log_step``
# on the idea, appear on the idea's History tab and in the site history with
# these Indonesian labels. The entries carry the idea's number (never its
# title) and codes/numbers only: no child's words, no username.

PORTAL_LOG_ACTIONS = {
    "portal.escalate": (
        _("Teruskan ke Petugas Perlindungan"),
        _("Diteruskan ke Petugas Perlindungan"),
    ),
    "portal.merge": (_("Gabungkan"), _("Digabung dengan ide lain")),
    "portal.redact": (_("Sensor data pribadi"), _("Data pribadi disensor")),
    # The Musrenbang steps: labelled as in musrenbang.STAGE_RULES.
    "portal.shortlist": (_("Masukkan ke daftar pendek"), _("Masuk daftar pendek")),
    "portal.golden_ticket": (_("Beri tiket emas"), _("Mendapat tiket emas")),
    "portal.received": (
        format_lazy(_("Catat diterima {agency}"), agency=planning_agency_lazy()),
        format_lazy(_("Diterima oleh {agency}"), agency=planning_agency_lazy()),
    ),
    "portal.outcome": (_("Catat hasil Musrenbang"), _("Hasil Musrenbang dicatat")),
    "portal.adoption": (_("Catat masuk APBD"), _("Dicatat masuk APBD")),
    "portal.implementation": (
        _("Catat kemajuan pelaksanaan"),
        _("Kemajuan pelaksanaan dicatat"),
    ),
    "portal.carry_over": (
        _("Bawa ke siklus berikutnya"),
        _("Dibawa ke siklus berikutnya"),
    ),
}


class _DataMessage:
    """A message completed from the entry's data (codes and numbers only)."""

    def __init__(self, action, label, message):
        self.action, self.label, self.message = action, label, message

    def __call__(self):
        from wagtail.log_actions import LogFormatter

        outer = self

        class Formatter(LogFormatter):
            label = outer.label

            def format_message(self, log_entry):
                return outer.format(log_entry.data or {})

        return Formatter

    def format(self, data):
        from .models import Deliberation

        if self.action == "portal.outcome" and data.get("level"):
            return _("Hasil %(level)s: %(outcome)s") % {
                "level": Deliberation.Level(data["level"]).label,
                "outcome": Deliberation.Outcome(data["outcome"]).label,
            }
        if self.action == "portal.implementation" and "progress" in data:
            return _("Kemajuan pelaksanaan: %(p)s%%") % {"p": data["progress"]}
        if self.action == "portal.adoption" and data.get("budget_year"):
            return _("Masuk APBD %(year)s") % {"year": data["budget_year"]}
        return self.message


@hooks.register("register_log_actions")
def register_portal_log_actions(actions):
    for action, (label, message) in PORTAL_LOG_ACTIONS.items():
        actions.register_action(action)(_DataMessage(action, label, message)())
