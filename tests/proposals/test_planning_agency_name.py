"""The planning agency is named as the site settings name it (issue 12 item 8):
the public timeline, the History tab and the stage table never say a fixed
"Bappeda" once the regency has set its own agency's name."""

import pytest
from django.urls import reverse
from wagtail.models import Site

from portal.core.models import PortalSettings
from proposals import musrenbang
from proposals.models import Agency, ProposalEvent
from tests.proposals.helpers import accepted

pytestmark = pytest.mark.django_db


@pytest.fixture
def renamed_agency():
    site_settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.planning_agency_short = "BAPPERIDA-X"
    site_settings.save()
    return site_settings


def test_the_timeline_and_history_name_the_agency_from_the_settings(
    renamed_agency,
    cycle,
    staff,
    client,
):
    ticket = accepted(cycle, staff)
    musrenbang.mark_received(ticket, staff["bappeda"])
    musrenbang.record_adoption(
        ticket,
        staff["bappeda"],
        reply="Masuk APBD.",
        budget_year=cycle.apbd_year,
        adopted_opd=Agency.objects.create(name="Dinas Pendidikan"),
        pagu=5_000_000,
    )
    # The agency's own staff: an implementation note with no OPD of its own.
    ticket.refresh_from_db()
    ticket.adopted_opd = None
    ticket.save(update_fields=["adopted_opd"])
    musrenbang.update_implementation(
        ticket, staff["bappeda"], progress_percent=30, reply="Mulai."
    )
    roles_shown = set(
        ProposalEvent.objects.filter(proposal=ticket.proposal).values_list(
            "actor_role", flat=True
        )
    )
    assert "BAPPERIDA-X" in roles_shown
    assert "Bappeda" not in roles_shown

    client.force_login(staff["moderator"])
    html = client.get(
        reverse("wagtailsnippets_proposals_proposal:history", args=[ticket.proposal.pk])
    ).content.decode()
    assert "Diterima oleh BAPPERIDA-X" in html
    assert "Diterima oleh Bappeda" not in html
    rule = musrenbang.STAGE_RULES["mark_received"]
    assert str(rule.label) == "Catat diterima BAPPERIDA-X"
