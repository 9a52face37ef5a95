"""Idempotent set-up of the moderation workflow and the role permissions,
for fresh or flushed databases (the data migrations do the same with
historical models)."""

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
# model name -> role -> actions
ROLE_PERMISSIONS = {
    "proposal": {
        roles.MODERATOR: ["view", "change", "publish", "lock", "unlock"],
        roles.ADMIN: ["view", "change", "publish", "lock", "unlock", "delete"],
        roles.FASILITATOR: ["view"],
        roles.BAPPEDA: ["view"],
    },
    "goldenticket": {
        roles.BAPPEDA: ["view", "change"],
        roles.ADMIN: ["view", "change"],
        roles.MODERATOR: ["view"],
        roles.OPD: ["view"],
    },
    "cycle": {
        roles.MODERATOR: ["view", "change", "add"],
        roles.BAPPEDA: ["view", "change"],
        roles.ADMIN: ["view", "change", "add"],
    },
    "agency": {
        roles.BAPPEDA: ["view", "change", "add"],
        roles.ADMIN: ["view", "change", "add"],
    },
}


def grant_role_permissions(Group, Permission, ContentType):  # noqa: N803
    """Shared by ``ensure_moderation_setup`` and the data migration."""
    for model, by_role in ROLE_PERMISSIONS.items():
        ct, _ = ContentType.objects.get_or_create(app_label="proposals", model=model)
        for group_name, actions in by_role.items():
            group, _ = Group.objects.get_or_create(name=group_name)
            for action in actions:
                perm, _ = Permission.objects.get_or_create(
                    content_type=ct,
                    codename=f"{action}_{model}",
                    defaults={"name": f"Can {action} {model}"},
                )
                group.permissions.add(perm)


def ensure_moderation_setup():
    from .models import Proposal

    roles.ensure_roles()
    grant_role_permissions(Group, Permission, ContentType)
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
