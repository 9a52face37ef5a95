"""Moderators and administrators maintain the checks' word lists: grant
their groups the permissions of ``CheckWord`` (``ROLE_PERMISSIONS``)."""

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
        ("proposals", "0015_h2_checkword"),
        ("accounts", "0008_h7_relationship_codes"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
