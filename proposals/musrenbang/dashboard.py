"""The Musrenbang panel of the admin dashboard: the tiket emas ideas of the
latest cycle by stage, each count a link to the Antrean Musrenbang filtered
to that stage, so the number on the dashboard is the number of rows the
click shows (the same queryset: public tickets the reader may list). Holders
of ``track_overdue_answers`` also see how many answers are late."""

from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from wagtail.admin.ui.components import Component

from portal.accounts.permissions import can

from ..models import Cycle, Proposal
from .actions import overdue_answers
from .models import TICKET_STAGES, GoldenTicket
from .viewsets import tickets_for


class MusrenbangPanel(Component):
    order = 60

    def __init__(self, request):
        self.request = request

    def render_html(self, parent_context=None):
        user = self.request.user
        if not can(user, "proposals.view_goldenticket"):
            return ""
        tickets = tickets_for(user, GoldenTicket.objects.public())
        cycle = (
            Cycle.objects.filter(pk__in=tickets.values("cycle"))
            .order_by("-year")
            .first()
        )
        if cycle is None:
            return ""
        counts = dict(
            tickets.filter(cycle=cycle)
            .values_list("proposal__stage")
            .annotate(n=Count("pk", distinct=True))
        )
        listing = reverse("wagtailsnippets_proposals_goldenticket:list")
        rows = format_html_join(
            "",
            '<li><a href="{}?{}"><strong data-stage-count="{}">{}</strong> {}</a></li>',
            (
                (
                    listing,
                    urlencode({"cycle": cycle.pk, "stage": stage}),
                    stage,
                    counts.get(stage, 0),
                    Proposal.Stage(stage).label,
                )
                for stage in TICKET_STAGES
            ),
        )
        late = ""
        if can(user, "proposals.track_overdue_answers"):
            n = len(overdue_answers())  # every cycle, as the page it links to
            late = format_html(
                '<p><a href="{}">{}</a></p>',
                reverse("proposals_admin:overdue"),
                _("%(n)s ide belum dijawab lebih dari 30 hari setelah Musrenbang")
                % {"n": n},
            )
        return format_html(
            '<section class="panel summary nice-padding" aria-labelledby="panel-musrenbang">'
            '<h2 id="panel-musrenbang">{}</h2><ul>{}</ul>{}</section>',
            _("Tiket emas siklus %(year)s") % {"year": cycle.year},
            rows,
            late,
        )
