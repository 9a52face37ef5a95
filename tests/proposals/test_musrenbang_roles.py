"""Every tiket emas transition, allowed and refused, for every role."""

import pytest
from django.core.exceptions import PermissionDenied

from portal.accounts import roles
from proposals import musrenbang
from proposals.models import Agency
from tests.factories import make_child, make_staff
from tests.proposals.test_musrenbang import (  # noqa: F401
    accepted,
    awarded,
    cycle,
    shortlisted,
    staff,
)

pytestmark = pytest.mark.django_db

ROLES = [
    "anak",
    "committee",
    roles.FASILITATOR,
    roles.MODERATOR,
    roles.PERLINDUNGAN,
    roles.BAPPEDA,
    roles.OPD,
    roles.ADMIN,
]


def actor_for(role):
    if role == "anak":
        return make_child()
    if role == "committee":
        return make_child(forum_anak=True, committee=True)
    return make_staff(role)


def build(cycle, staff, actor):  # noqa: F811
    return musrenbang.build_shortlist(cycle, actor)


def add(cycle, staff, actor):  # noqa: F811
    idea = shortlisted(cycle, staff).pk
    from proposals.models import Proposal, ShortlistEntry

    ShortlistEntry.objects.filter(proposal_id=idea).delete()
    Proposal.objects.filter(pk=idea).update(stage="")
    return musrenbang.add_to_shortlist(Proposal.objects.get(pk=idea), actor, "Alasan.")


def award(cycle, staff, actor):  # noqa: F811
    return musrenbang.award_golden_ticket(
        shortlisted(cycle, staff), actor, "kabupaten", "Alasan."
    )


def received(cycle, staff, actor):  # noqa: F811
    return musrenbang.mark_received(awarded(cycle, staff), actor)


def outcome(cycle, staff, actor):  # noqa: F811
    return musrenbang.record_outcome(
        awarded(cycle, staff),
        actor,
        level="desa",
        outcome="accepted",
        reason_category="accepted",
        reply="Diterima.",
    )


def adoption(cycle, staff, actor):  # noqa: F811
    return musrenbang.record_adoption(
        accepted(cycle, staff),
        actor,
        reply="Masuk APBD.",
        budget_year=2027,
        adopted_opd=Agency.objects.get_or_create(name="Dinas Uji")[0],
        pagu=1_000_000,
    )


def implementation(cycle, staff, actor):  # noqa: F811
    ticket = accepted(cycle, staff)
    agency = Agency.objects.get_or_create(name="Dinas Uji")[0]
    musrenbang.record_adoption(
        ticket,
        staff["bappeda"],
        reply="Masuk APBD.",
        budget_year=2027,
        adopted_opd=agency,
        pagu=1_000_000,
    )
    agency.members.add(actor)  # OPD staff of the assigned agency
    return musrenbang.update_implementation(
        ticket, actor, progress_percent=10, reply="Mulai."
    )


ALLOWED = {
    build: {roles.MODERATOR, roles.ADMIN},
    add: {roles.MODERATOR, roles.ADMIN},
    award: {roles.MODERATOR, roles.FASILITATOR, roles.ADMIN},
    received: {roles.BAPPEDA, roles.ADMIN},
    outcome: {roles.BAPPEDA, roles.ADMIN},
    adoption: {roles.BAPPEDA, roles.ADMIN},
    implementation: {roles.OPD, roles.BAPPEDA, roles.ADMIN},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("transition", list(ALLOWED), ids=lambda f: f.__name__)
def test_transition_by_role(cycle, staff, transition, role):  # noqa: F811
    actor = actor_for(role)
    if role in ALLOWED[transition]:
        transition(cycle, staff, actor)
    else:
        with pytest.raises(PermissionDenied):
            transition(cycle, staff, actor)
