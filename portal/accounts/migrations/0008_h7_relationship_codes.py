"""One vocabulary (docs/development.md, "Glossary"): the guardian's
relationship is stored as an English code; its label stays Indonesian."""

from django.db import migrations, models

CODES = {"ibu": "mother", "ayah": "father", "wali": "guardian", "lainnya": "other"}


def _recode(apps, mapping):
    ConsentRecord = apps.get_model("accounts", "ConsentRecord")
    for old, new in mapping.items():
        ConsentRecord.objects.filter(guardian_relationship=old).update(
            guardian_relationship=new
        )


def forwards(apps, schema_editor):
    _recode(apps, CODES)


def backwards(apps, schema_editor):
    _recode(apps, {new: old for old, new in CODES.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_h7_capabilities"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.AlterField(
            model_name="consentrecord",
            name="guardian_relationship",
            field=models.CharField(
                blank=True,
                choices=[
                    ("mother", "Ibu"),
                    ("father", "Ayah"),
                    ("guardian", "Wali"),
                    ("other", "Keluarga lain yang mengasuh"),
                ],
                max_length=10,
                verbose_name="hubungan dengan anak",
            ),
        ),
    ]
