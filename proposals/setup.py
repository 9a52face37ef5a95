"""Idempotent set-up of the moderation workflow and the role permissions,
for fresh or flushed databases (the data migrations do the same with
historical models)."""

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from wagtail.models import (
    GroupApprovalTask,
    Workflow,
    WorkflowContentType,
    WorkflowTask,
)

from portal.accounts import roles

WORKFLOW_NAME = "Moderasi usulan"
TASK_NAME = "Moderasi oleh Moderator"


def grant_role_permissions(group_model, permission_model, content_type_model):
    """Kept for migration 0005; the table is ``portal.accounts.permissions``."""
    from portal.accounts.permissions import grant_role_permissions as grant

    grant(group_model, permission_model, content_type_model)


def ensure_moderation_setup():
    from .models import Proposal

    roles.ensure_roles()
    proposal_ct = ContentType.objects.get_for_model(Proposal)
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.set([Group.objects.get(name=roles.MODERATOR)])
    workflow, _ = Workflow.objects.get_or_create(
        name=WORKFLOW_NAME, defaults={"active": True}
    )
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )
    WorkflowContentType.objects.update_or_create(
        content_type=proposal_ct, defaults={"workflow": workflow}
    )
    return workflow
