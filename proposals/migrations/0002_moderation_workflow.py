"""The "Moderasi usulan" workflow: one GroupApprovalTask for the Moderator
group, linked to Proposal, and the permissions each role needs."""

from django.db import migrations

WORKFLOW = "Moderasi usulan"
TASK = "Moderasi oleh Moderator"

ROLE_PERMISSIONS = {
    "Moderator": ["view", "change", "publish", "lock", "unlock"],
    "Admin": ["view", "change", "publish", "lock", "unlock", "delete"],
    "Fasilitator": ["view"],
    "Bappeda": ["view"],
}


def setup(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    proposal_ct, _ = ContentType.objects.get_or_create(app_label="proposals", model="proposal")
    task_ct, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    for name in ["Anak", "Forum Anak", "Fasilitator", "Moderator", "Petugas Perlindungan",
                 "Bappeda", "OPD", "Admin"]:
        Group.objects.get_or_create(name=name)
    moderators = Group.objects.get(name="Moderator")

    for group_name, actions in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=group_name)
        for action in actions:
            perm, _ = Permission.objects.get_or_create(
                content_type=proposal_ct,
                codename=f"{action}_proposal",
                defaults={"name": f"Can {action} usulan"},
            )
            group.permissions.add(perm)

    task = GroupApprovalTask.objects.filter(name=TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK, content_type=task_ct, active=True)
    task.groups.set([moderators])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowContentType.objects.update_or_create(
        content_type=proposal_ct, defaults={"workflow": workflow}
    )


def teardown(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Workflow.objects.filter(name=WORKFLOW).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0001_initial"),
        ("accounts", "0002_roles"),
        ("wagtailcore", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    run_before = []

    operations = [migrations.RunPython(setup, teardown)]
