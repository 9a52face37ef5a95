"""Issue 12 item 2: every action is one transaction (a failure half-way
leaves nothing behind), refuses with ``ActionRefused`` and a message for
people, and the logic that lived in views is an action."""

import pytest

from portal.accounts import roles
from portal.core.actions import ActionRefused
from proposals import actions, safeguarding
from proposals.actions import moderation as moderation_actions
from proposals.models import (
    CaseAuditLog,
    CaseNote,
    Proposal,
    ProposalEvent,
    Redaction,
    SafeguardingCase,
)
from tests.factories import make_staff, publish_idea

pytestmark = pytest.mark.django_db


class Boom(Exception):
    pass


def _boom(*args, **kwargs):
    raise Boom


def test_unpublish_is_one_transaction(monkeypatch, child, cycle, moderator):
    """The child's notification fails after the idea was taken down: the
    whole take-down is undone (the decorator sat on the wrong function)."""
    idea = publish_idea(child, moderator, cycle)
    monkeypatch.setattr(moderation_actions, "notify_proposer", _boom)
    with pytest.raises(Boom):
        actions.unpublish(idea, moderator, "Tidak sesuai aturan.")
    idea = Proposal.objects.get(pk=idea.pk)
    assert idea.live and idea.status == Proposal.Status.PUBLISHED
    assert not idea.events.filter(kind=ProposalEvent.Kind.NOT_PUBLISHED).exists()


def test_a_case_update_is_one_transaction(monkeypatch, child, cycle, moderator):
    idea = publish_idea(child, moderator, cycle)
    case = actions.escalate(idea, moderator, "Mungkin ada anak dalam bahaya.")
    officer = make_staff(roles.PERLINDUNGAN)
    logs = CaseAuditLog.objects.filter(case=case).count()
    monkeypatch.setattr(CaseNote.objects, "create", _boom)
    with pytest.raises(Boom):
        safeguarding.update_case(
            case, officer, status=SafeguardingCase.Status.CLOSED, note="Sudah dirujuk."
        )
    case.refresh_from_db()
    assert case.status != SafeguardingCase.Status.CLOSED
    assert case.first_response_at is None
    assert CaseAuditLog.objects.filter(case=case).count() == logs


def test_a_case_update_is_logged_and_timed(child, cycle, moderator):
    idea = publish_idea(child, moderator, cycle)
    case = actions.escalate(idea, moderator, "Mungkin ada anak dalam bahaya.")
    officer = make_staff(roles.PERLINDUNGAN)
    safeguarding.update_case(
        case, officer, status=SafeguardingCase.Status.CLOSED, note="Sudah dirujuk."
    )
    case.refresh_from_db()
    assert case.status == SafeguardingCase.Status.CLOSED
    assert case.first_response_at is not None
    actions_logged = list(
        CaseAuditLog.objects.filter(case=case, user=officer).values_list(
            "action", flat=True
        )
    )
    assert sorted(actions_logged) == sorted(
        [CaseAuditLog.Action.CHANGE, CaseAuditLog.Action.NOTE]
    )


def test_manual_redaction_is_an_action_that_refuses_words_not_there(
    child, cycle, moderator
):
    idea = publish_idea(
        child, moderator, cycle, description="Hubungi Budi di rumah dekat masjid."
    )
    with pytest.raises(ActionRefused, match="tidak ditemukan"):
        actions.redact_selection(idea, moderator, [], manual="Siti")
    assert not Redaction.objects.exists()
    assert actions.redact_selection(idea, moderator, [], manual="Budi") == 1
    draft = Proposal.objects.get(pk=idea.pk).get_latest_revision_as_object()
    assert "Budi" not in draft.description
    assert idea.events.filter(kind=ProposalEvent.Kind.REDACTED).exists()
