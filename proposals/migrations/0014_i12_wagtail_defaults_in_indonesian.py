"""Wagtail's own starter data in Indonesian (issue 12 item 8).

A new Wagtail site comes with the groups "Editors" and "Moderators" and a
"Moderators approval" workflow for pages. Staff saw them beside the portal's
roles ("Moderators" next to "Moderator"), in English. The starter groups go
when nobody is in them (the portal's roles replace them); the page workflow
keeps working, under an Indonesian name, approved by the Admin role."""

from django.db import migrations

STARTER_NAME = "Moderators approval"
WORKFLOW = "Persetujuan halaman situs"
TASK = "Persetujuan halaman oleh Admin"
STARTER_GROUPS = ("Editors", "Moderators")


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    Workflow.objects.filter(name=STARTER_NAME).update(name=WORKFLOW)
    admin = Group.objects.filter(name="Admin").first()
    for task in GroupApprovalTask.objects.filter(name=STARTER_NAME):
        task.name = TASK
        task.save(update_fields=["name"])
        if admin is not None:
            task.groups.set([admin])
    Group.objects.filter(name__in=STARTER_GROUPS, user__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0013_h7_english_vocabulary"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
