from django import template

from proposals import checks

register = template.Library()


@register.simple_tag
def proposal_checks(instance):
    """Checks on what is being reviewed (the edit view shows the latest revision)."""
    from proposals.safeguarding import danger_flag_stands, open_danger_reports

    if instance is None or not instance.pk:
        return {"findings": [], "personal": False, "danger": False, "flag": False}
    fields = checks.checked_fields(instance)
    findings = checks.check_fields(fields)
    name_findings = [f for f in findings if f.field == checks.NICKNAME_FIELD]
    return {
        "findings": findings,
        "personal": checks.has_personal_data(findings),
        "danger": checks.has_danger(findings),
        "blocked": checks.blocks_approval(findings),
        # the public name that will appear next to the idea, and its problems
        "has_nickname": checks.NICKNAME_FIELD in fields,
        "nickname": fields.get(checks.NICKNAME_FIELD, ""),
        "name_findings": name_findings,
        "public_author": instance.public_author,
        "flag": danger_flag_stands(instance),
        # The revision under review: its photo is what approval publishes.
        "revision_id": instance.latest_revision_id,
        "photo_changed": _photo_changed(instance),
        "danger_reports": open_danger_reports(instance).count(),
    }


def _photo_changed(instance):
    """Whether approving the revision under review changes the public photo."""
    live = type(instance).objects.filter(pk=instance.pk).values_list("photo", "live")
    row = live.first()
    return bool(row and row[1] and row[0] != (instance.photo.name or ""))
