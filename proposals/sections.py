"""The child's own ideas on /saya/ and in the data download."""

from .models import Proposal, ProposalEvent


def my_ideas(request):
    user = request.user
    ideas = list(
        Proposal.objects.by_child(user)
        .select_related("kecamatan", "cycle")
        .prefetch_related("events")
    )
    if not ideas and not user.can_take_part:
        return None
    for idea in ideas:
        idea.child_events = [
            e
            for e in idea.events.all()
            if e.kind not in ProposalEvent.HIDDEN_FROM_CHILD
        ]
        idea.latest_comment = next(
            (e.note for e in reversed(idea.child_events) if e.note), ""
        )
    return {"template": "proposals/my_ideas_section.html", "ideas": ideas, "order": 5}


def entered_ideas(request):
    """A facilitator's /saya/ lists the Forum Anak paper ideas they typed in
    (issue 12 item 6), with where each stands."""
    from portal.accounts import roles

    user = request.user
    if user.is_child or not roles.has_role(user, roles.FASILITATOR):
        return None
    ideas = list(
        Proposal.objects.filter(entered_by=user)
        .exclude(proposer=user)
        .select_related("proposer_group", "cycle")
        .order_by("-created_at", "-pk")
    )
    return {
        "template": "proposals/entered_ideas_section.html",
        "ideas": ideas,
        "order": 6,
    }


def export_ideas(user):
    return {
        "usulan": [
            {
                "judul": p.title,
                "masalah": p.problem,
                "ide": p.description,
                "kecamatan": p.kecamatan.name,
                "klaster": p.get_cluster_display(),
                "status": str(p.status_for_child),
                "dikirim": p.created_at.isoformat(),
            }
            for p in Proposal.objects.by_child(user).select_related("kecamatan")
        ]
    }


def committee_link(request):
    """Forum Anak committee members find the shortlist from /saya/."""
    from .musrenbang import is_committee_member

    if not is_committee_member(request.user):
        return None
    return {"template": "proposals/committee_section.html", "order": 3}
