"""Idempotent set-up of the moderation workflow, for fresh or flushed
databases (the data migration does the same with historical models)."""

from django.contrib.auth.models import Group, Permission
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
ROLE_PERMISSIONS = {
    roles.MODERATOR: ["view", "change", "publish", "lock", "unlock"],
    roles.ADMIN: ["view", "change", "publish", "lock", "unlock", "delete"],
    roles.FASILITATOR: ["view"],
    roles.BAPPEDA: ["view"],
}


def ensure_moderation_setup():
    from .models import Proposal

    roles.ensure_roles()
    proposal_ct = ContentType.objects.get_for_model(Proposal)
    for group_name, actions in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=group_name)
        for action in actions:
            perm, _ = Permission.objects.get_or_create(
                content_type=proposal_ct,
                codename=f"{action}_proposal",
                defaults={"name": f"Can {action} usulan"},
            )
            group.permissions.add(perm)
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
