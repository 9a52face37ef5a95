"""One vocabulary (issue 13 item 5, docs/development.md "Glossary"): the
Musrenbang reason codes become English like the outcome beside them, and the
tiket emas fields that have an English name take it (``urusan``,
``sub_kegiatan``, ``pagu`` and SIPD's ``id_usulan`` are official terms and
stay)."""

from django.db import migrations, models

# Old code → new code of ``Deliberation.reason_category``.
REASONS = {
    "diterima": "accepted",
    "bukan_kewenangan": "not_authority",
    "tidak_ada_anggaran": "no_budget",
    "sudah_direncanakan": "already_planned",
    "digabung": "merged",
    "tidak_layak": "not_feasible",
    "lainnya": "other",
}


def _recode(apps, mapping):
    Deliberation = apps.get_model("proposals", "Deliberation")
    for old, new in mapping.items():
        Deliberation.objects.filter(reason_category=old).update(reason_category=new)


def forwards(apps, schema_editor):
    _recode(apps, REASONS)


def backwards(apps, schema_editor):
    _recode(apps, {new: old for old, new in REASONS.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0012_h7_grant_capabilities"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="deliberation",
            name="reason_matches_outcome",
        ),
        migrations.RunPython(forwards, backwards),
        migrations.AlterField(
            model_name="deliberation",
            name="reason_category",
            field=models.CharField(
                choices=[
                    ("accepted", "Diterima"),
                    ("not_authority", "Bukan kewenangan daerah"),
                    ("no_budget", "Tidak ada anggaran"),
                    ("already_planned", "Sudah direncanakan"),
                    ("merged", "Digabung dengan usulan lain"),
                    ("not_feasible", "Tidak layak secara teknis"),
                    ("other", "Alasan lain"),
                ],
                max_length=30,
                verbose_name="kategori alasan",
            ),
        ),
        migrations.AddConstraint(
            model_name="deliberation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("outcome", "accepted"), ("reason_category", "accepted")),
                    models.Q(
                        ("outcome", "rejected"),
                        models.Q(("reason_category", "accepted"), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="reason_matches_outcome",
            ),
        ),
        migrations.RenameField(
            model_name="goldenticket",
            old_name="opd_tujuan",
            new_name="target_opd",
        ),
        migrations.RenameField(
            model_name="goldenticket",
            old_name="lokasi",
            new_name="location",
        ),
        migrations.RenameField(
            model_name="goldenticket",
            old_name="satuan",
            new_name="unit",
        ),
        migrations.RenameField(
            model_name="goldenticket",
            old_name="perkiraan_anggaran",
            new_name="estimated_budget",
        ),
    ]
