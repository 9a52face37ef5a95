"""The child's own ideas on /saya/ and in the data download."""

from pathlib import PurePosixPath

from portal.accounts.export_registry import local_iso

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
    from portal.accounts.permissions import can

    user = request.user
    if user.is_child or not can(user, "proposals.enter_paper_proposal"):
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
                "dikirim": local_iso(p.created_at),
            }
            for p in Proposal.objects.by_child(user).select_related("kecamatan")
        ]
    }


def export_photos(user):
    """Her own photos for the ZIP download (issue 12 item 12): of each of her
    ideas, the approved photo and a newer one still waiting for the
    moderator. Only ideas she sent herself: never a photo of another child,
    of a group's idea or of anything a staff member attached."""
    files = []
    for idea in Proposal.objects.by_child(user).order_by("pk"):
        names = set()
        latest = idea.get_latest_revision_as_object()
        for suffix, photo in (("", idea.photo), ("-baru", latest.photo)):
            if photo and photo.name not in names:
                names.add(photo.name)
                extension = PurePosixPath(photo.name).suffix.lower() or ".jpg"
                files.append((f"foto/ide-{idea.pk}{suffix}{extension}", photo))
    return files


def committee_link(request):
    """Forum Anak committee members find the shortlist from /saya/."""
    from .musrenbang.actions import is_committee_member

    if not is_committee_member(request.user):
        return None
    return {"template": "proposals/committee_section.html", "order": 3}
