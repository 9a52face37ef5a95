"""Wagtail's workflow is the moderation engine; these receivers turn its
outcomes into the idea's status, events and notifications."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from wagtail.signals import workflow_approved, workflow_rejected

from portal.accounts.models import ChildProfile, ForumAnakGroup
from portal.accounts.signals import child_account_deleting
from portal.regions.models import Desa, Kecamatan

from . import actions, fragments, residue, safeguarding
from .checks import wordlists
from .checks.models import CheckWord
from .models import Proposal, ProposalEvent


def _proposal(workflow_state):
    obj = workflow_state.content_object
    return obj if isinstance(obj, Proposal) else None


def handle_workflow_approved(sender, instance, user=None, **kwargs):
    proposal = _proposal(instance)
    if proposal is not None:
        proposal.refresh_from_db()
        actions.on_workflow_approved(proposal, user)
        # The moderator saw the public name in the checks panel: approving
        # the idea approves the name shown next to it (h6).
        if proposal.proposer_id and not proposal.proposer_group_id:
            from portal.accounts import public_name

            public_name.approve(proposal.proposer)


def handle_workflow_rejected(sender, instance, user=None, **kwargs):
    proposal = _proposal(instance)
    if proposal is not None:
        task_state = instance.current_task_state
        comment = task_state.specific.comment if task_state else ""
        actions.on_workflow_rejected(proposal, user, comment)


def handle_child_account_deleting(sender, user, kecamatan, reason, **kwargs):
    """What a child published stays as "Anak dari Kecamatan X"; what was never
    published is the child's personal data and goes (except anything in
    safeguarding, which the Petugas Perlindungan still needs)."""
    safeguarding.freeze_open_cases_for(
        user,
        requested_by=kwargs.get("requested_by", ""),
        actor=kwargs.get("actor"),
        reason=str(reason),
    )
    mine = Proposal.objects.filter(proposer=user)
    # The cards showing the child's nickname must go at once.
    fragments.bump()
    mine.filter(proposer_kecamatan__isnull=True).update(proposer_kecamatan=kecamatan)
    never_public = mine.filter(
        first_published_at__isnull=True, escalated_at__isnull=True
    ).filter(~Q(status=Proposal.Status.MERGED))
    # Revisions and workflow states go with them (generic relations cascade).
    never_public.delete()
    # A published idea stays as approved; an edit still waiting is the
    # child's unpublished words: withdraw it and drop its revisions.
    for proposal in mine.filter(live=True):
        workflow_state = proposal.current_workflow_state
        if workflow_state is not None:
            workflow_state.cancel(user=None)
        if proposal.live_revision_id:
            withdrawn = proposal.revisions.filter(pk__gt=proposal.live_revision_id)
            for revision in withdrawn:
                residue.delete_files_on_commit(residue.names_in(revision.content))
            withdrawn.delete()
            Proposal.objects.filter(pk=proposal.pk).update(
                latest_revision=proposal.live_revision_id,
                has_unpublished_changes=False,
            )
            residue.release_unused_files(proposal)
    # The nickname and username leave staff answers, notes, notifications
    # and log entries (issue 11 item 9).
    residue.forget_child(user, proposals=list(mine))


def _proposal_deleting(sender, instance, **kwargs):
    """Deleting an idea deletes its photo and scan files, of every revision,
    once the deletion commits."""
    residue.delete_files_on_commit(residue.files_of(instance))


def _neutral_log_label(sender, instance, **kwargs):
    """Wagtail's log entries about ideas carry the idea's number, never its
    title (residue.neutral_log_label says why)."""
    if instance.content_type_id and instance.object_id:
        if instance.content_type_id == _proposal_content_type_id():
            instance.label = residue.neutral_log_label(instance.object_id)


def _proposal_content_type_id():
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Proposal).pk


def connect():
    from wagtail.models import ModelLogEntry

    pre_delete.connect(
        _proposal_deleting, sender=Proposal, dispatch_uid="proposal_files_deleting"
    )
    pre_save.connect(
        _neutral_log_label, sender=ModelLogEntry, dispatch_uid="proposal_log_label"
    )
    workflow_approved.connect(
        handle_workflow_approved, dispatch_uid="proposal_approved"
    )
    workflow_rejected.connect(
        handle_workflow_rejected, dispatch_uid="proposal_rejected"
    )
    child_account_deleting.connect(
        handle_child_account_deleting, dispatch_uid="proposal_child_deleting"
    )

    # Kept fragments of the public pages (proposals/fragments.py) show ideas,
    # their timelines and their authors' public names: forget them when any
    # of these change. Counts and visibility are read on every request anyway.
    for model in (
        Proposal,
        ProposalEvent,
        ChildProfile,
        ForumAnakGroup,
        Kecamatan,
        Desa,
    ):
        post_save.connect(
            fragments.bump, sender=model, dispatch_uid=f"fragments_{model.__name__}"
        )
        post_delete.connect(
            fragments.bump, sender=model, dispatch_uid=f"fragments_del_{model.__name__}"
        )
    post_save.connect(
        _user_saved, sender=get_user_model(), dispatch_uid="fragments_user"
    )

    # A staff entry in the checks' word lists is read by the next check, and
    # may change whether a public name is shown on the kept cards.
    for signal, uid in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(
            _check_word_changed, sender=CheckWord, dispatch_uid=f"check_word_{uid}"
        )


def _user_saved(sender, instance, update_fields=None, **kwargs):
    """A nickname is public on the cards; a sign-in (last_login only) is not."""
    if update_fields is None or set(update_fields) - {"last_login", "password"}:
        fragments.bump()


def _check_word_changed(sender, instance, **kwargs):
    wordlists.changed()
    fragments.bump()
