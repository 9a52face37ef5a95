"""Issue 11 item 9 and 10: Wagtail's log entries about ideas had the idea's
title (possibly unmoderated, escalated or since redacted) as their label.
From now on the label is "Usulan #<pk>" (proposals/residue.py); this
rewrites the labels already stored."""

from django.db import migrations


def neutral_labels(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    ct = ContentType.objects.filter(app_label="proposals", model="proposal").first()
    if ct is None:
        return
    entries = ModelLogEntry.objects.filter(content_type=ct)
    for pk, object_id in entries.values_list("pk", "object_id"):
        ModelLogEntry.objects.filter(pk=pk).update(label=f"Usulan #{object_id}")


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0006_shortlist_verified_support_and_case_retention"),
        ("wagtailcore", "0076_modellogentry_revision"),
    ]

    operations = [migrations.RunPython(neutral_labels, migrations.RunPython.noop)]
