"""Every action that changes state is one transaction (issue 12 item 2), and
stays one when its module is reshaped: splitting proposals/actions.py once
moved three ``@transaction.atomic`` lines onto the wrong functions, and only
PostgreSQL's ``select_for_update`` noticed. The list is read from the action
modules, so a new action is covered without being named here; only the
functions that read, or that are steps inside another action, are listed."""

import inspect

import pytest
from django.db import transaction

from portal.accounts import actions as account_actions
from proposals import actions
from proposals.actions import escalation
from proposals.models import Proposal, ProposalEvent, SafeguardingCase
from proposals.musrenbang import actions as musrenbang_actions
from tests.factories import publish_idea

# Functions of the action modules that are not actions of their own: they
# read, or they are steps every action calls inside its own transaction, or
# Wagtail calls them inside its workflow's transaction.
NOT_ACTIONS = {
    # proposals.actions
    "role_of",
    "record",
    "log_step",
    "notify_proposer",
    "staff_in",
    "require",
    "submissions_today",
    "counts_toward_daily_limit",
    "open_cycle",
    "can_submit",
    "can_edit",
    "status_while_moderated",
    "on_workflow_approved",
    "on_workflow_rejected",
    "manual_findings",
    "refuse_if_escalated",
    "log_case",
    # proposals.musrenbang.actions
    "deciding_level",
    "refusal_for",
    "check_stage",
    "with_verified_support_count",
    "is_committee_member",
    "quota_left",
    "overdue_answers",
    # portal.accounts.actions
    "one_time_password",
    "unique_username",
    "require_facilitator",
    "record_facilitator_action",
    "facilitator_actions_for_child",
    "export_child_data",
}


def is_atomic(function):
    """Wrapped by ``transaction.atomic`` (Django's ContextDecorator keeps the
    Atomic object in the wrapper's closure)."""
    return any(
        isinstance(cell.cell_contents, transaction.Atomic)
        for cell in (function.__closure__ or ())
    )


def public_functions(module):
    for name, value in vars(module).items():
        if (
            inspect.isfunction(value)
            and not name.startswith("_")
            and inspect.unwrap(value).__module__ == module.__name__
        ):
            yield f"{module.__name__}.{name}", name, value


MODULES = [
    *(
        getattr(actions, submodule)
        for submodule in ("submission", "moderation", "escalation", "reports")
    ),
    musrenbang_actions,
    account_actions,
]
ACTIONS = [
    pytest.param(function, id=path)
    for module in MODULES
    for path, name, function in public_functions(module)
    if name not in NOT_ACTIONS
]


def test_the_action_modules_hold_actions():
    assert len(ACTIONS) >= 30


@pytest.mark.parametrize("function", ACTIONS)
def test_every_action_is_one_transaction(function):
    assert is_atomic(function)


class Boom(Exception):
    pass


@pytest.mark.django_db
def test_an_escalation_that_fails_half_way_leaves_nothing(
    monkeypatch, child, cycle, moderator
):
    """The case is written first and Wagtail's history last: a failure in
    between leaves neither a case nor a hidden idea."""
    idea = publish_idea(child, moderator, cycle)

    def boom(*args, **kwargs):
        raise Boom

    monkeypatch.setattr(escalation, "log_step", boom)
    with pytest.raises(Boom):
        actions.escalate(idea, moderator, "Mungkin ada anak dalam bahaya.")
    idea = Proposal.objects.get(pk=idea.pk)
    assert idea.live and idea.escalated_at is None
    assert not SafeguardingCase.objects.filter(proposal=idea).exists()
    assert not idea.events.filter(kind=ProposalEvent.Kind.ESCALATED).exists()
