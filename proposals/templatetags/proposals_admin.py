from django import template

from proposals import checks

register = template.Library()


@register.simple_tag
def proposal_checks(instance):
    """Checks on what is being reviewed (the edit view shows the latest revision)."""
    if instance is None or not instance.pk:
        return {"findings": [], "personal": False, "danger": False}
    findings = checks.check_fields(instance.text_content())
    return {
        "findings": findings,
        "personal": checks.has_personal_data(findings),
        "danger": checks.has_danger(findings),
    }
