from django import template

from proposals import checks

register = template.Library()


@register.simple_tag
def proposal_checks(instance):
    """Checks on what is being reviewed (the edit view shows the latest revision)."""
    from proposals.safeguarding import danger_flag_stands, open_danger_reports

    if instance is None or not instance.pk:
        return {"findings": [], "personal": False, "danger": False, "flag": False}
    findings = checks.check_fields(instance.text_content())
    return {
        "findings": findings,
        "personal": checks.has_personal_data(findings),
        "danger": checks.has_danger(findings),
        "flag": danger_flag_stands(instance),
        "danger_reports": open_danger_reports(instance).count(),
    }
