"""Support buttons for templates of other apps (proposals never imports
voting: its templates load this library instead)."""

from django import template

from voting.actions import remaining_supports
from voting.models import Support

register = template.Library()


@register.simple_tag(takes_context=True)
def supported_ids(context, ideas):
    """The ids among ``ideas`` the signed-in child supports (one query)."""
    user = context["request"].user
    if not user.is_authenticated or not user.is_child:
        return set()
    if hasattr(ideas, "pk"):
        ideas = [ideas]
    ids = [idea.pk for idea in ideas]
    return set(
        Support.objects.filter(child=user, proposal_id__in=ids).values_list(
            "proposal_id", flat=True
        )
    )


@register.inclusion_tag("voting/button.html", takes_context=True)
def support_button(context, idea, supported):
    request = context["request"]
    return {
        "idea": idea,
        "supported": idea.pk in supported,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "next": request.get_full_path(),
    }


@register.simple_tag(takes_context=True)
def support_allowance(context, cycle):
    """For a cycle with a limit: ``{"limit": N, "remaining": M}``, else None."""
    user = context["request"].user
    if cycle is None or not cycle.support_limit:
        return None
    if not user.is_authenticated or not user.is_child:
        return {"limit": cycle.support_limit, "remaining": None}
    return {"limit": cycle.support_limit, "remaining": remaining_supports(user, cycle)}
