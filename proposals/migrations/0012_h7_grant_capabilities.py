"""Grant the role groups the permissions of
``portal.accounts.permissions.ROLE_PERMISSIONS`` (issue 12 item 3)."""

from django.db import migrations


def grant(apps, schema_editor):
    from portal.accounts.permissions import grant_role_permissions

    grant_role_permissions(
        apps.get_model("auth", "Group"),
        apps.get_model("auth", "Permission"),
        apps.get_model("contenttypes", "ContentType"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0011_h7_capabilities"),
        ("accounts", "0007_h7_capabilities"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
