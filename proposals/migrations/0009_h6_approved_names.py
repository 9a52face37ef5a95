"""A child's nickname that was already public (next to an idea a moderator
approved, passing the checks) counts as approved; any other waits for a
moderator (h6: a changed public name is held for approval)."""

from django.db import migrations


def approve_names_already_public(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Proposal = apps.get_model("proposals", "Proposal")
    shown = Proposal.objects.filter(
        first_published_at__isnull=False, proposer__isnull=False
    ).values("proposer")
    for user in User.objects.filter(pk__in=shown).exclude(nickname=""):
        user.approved_nickname = user.nickname
        user.save(update_fields=["approved_nickname"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_h6_approved_nickname"),
        ("proposals", "0008_safeguarding_danger_flag_snapshot"),
    ]

    operations = [
        migrations.RunPython(approve_names_already_public, migrations.RunPython.noop)
    ]
