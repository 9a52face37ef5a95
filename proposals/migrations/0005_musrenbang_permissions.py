"""Who may see and change cycles, OPD and the Musrenbang queue."""

from django.db import migrations


def grant(apps, schema_editor):
    from proposals.setup import grant_role_permissions

    grant_role_permissions(
        apps.get_model("auth", "Group"),
        apps.get_model("auth", "Permission"),
        apps.get_model("contenttypes", "ContentType"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0004_musrenbang_path"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
