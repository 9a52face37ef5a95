"""Steps of the Musrenbang path shared by the tests of several folders: an
idea with supports, on the shortlist, with a tiket emas, accepted. The
``staff`` and ``cycle`` fixtures they take are in tests/fixtures.py."""

from portal.accounts import roles
from proposals import musrenbang
from proposals.models import Proposal
from tests.factories import make_child, make_staff, publish_idea
from voting.actions import toggle_support


def musrenbang_staff():
    """One adult in each role of the path (the ``staff`` fixture)."""
    return {
        "moderator": make_staff(roles.MODERATOR),
        "facilitator": make_staff(roles.FASILITATOR),
        "bappeda": make_staff(roles.BAPPEDA),
        "opd": make_staff(roles.OPD),
    }


def idea_with_supports(
    cycle, moderator, supports, *, kecamatan=None, cluster="klaster_4", title=None
):
    child = make_child()
    place = {}
    if kecamatan is not None:
        place = {"kecamatan": kecamatan, "desa": kecamatan.desa_set.first()}
    idea = publish_idea(
        child,
        moderator,
        cycle,
        cluster=cluster,
        title=title or f"Ide {child.nickname}",
        **place,
    )
    for _ in range(supports):
        toggle_support(make_child(verified=True), idea.pk)
    idea.refresh_from_db()
    return idea


def shortlisted(cycle, staff, **kwargs):
    idea = idea_with_supports(
        cycle, staff["moderator"], kwargs.pop("supports", 0), **kwargs
    )
    musrenbang.add_to_shortlist(idea, staff["moderator"], "Masuk daftar pendek.")
    return Proposal.objects.get(pk=idea.pk)


def awarded(cycle, staff, **kwargs):
    idea = shortlisted(cycle, staff, **kwargs)
    return musrenbang.award_golden_ticket(
        idea, staff["moderator"], "kabupaten", "Terbaik."
    )


def accept(ticket, actor, *, level="kabupaten", reply=None):
    """``actor`` (Bappeda) records that the Musrenbang at ``level`` accepted
    ``ticket``."""
    return musrenbang.record_outcome(
        ticket,
        actor,
        level=level,
        outcome="accepted",
        reason_category="accepted",
        reply=reply or f"Diterima di Musrenbang {level}.",
    )


def accepted(cycle, staff, **kwargs):
    """A tiket emas accepted at the Musrenbang: adoption may follow."""
    ticket = awarded(cycle, staff, **kwargs)
    accept(ticket, staff["bappeda"])
    return ticket
