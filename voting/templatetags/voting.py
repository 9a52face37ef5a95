"""Support buttons for templates of other apps (proposals never imports
voting: its templates load this library instead)."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from proposals.models import Proposal
from voting.actions import remaining_supports
from voting.models import Support

register = template.Library()


def _supported(user, ids):
    if not user.is_authenticated or not user.is_child or not ids:
        return set()
    return set(
        Support.objects.filter(child=user, proposal_id__in=ids).values_list(
            "proposal_id", flat=True
        )
    )


@register.simple_tag(takes_context=True)
def supported_ids(context, ideas):
    """The ids among ``ideas`` the signed-in child supports (one query)."""
    if hasattr(ideas, "pk"):
        ideas = [ideas]
    return _supported(context["request"].user, [idea.pk for idea in ideas])


class _Placeholder:
    """Stands for every idea while the two buttons are rendered once."""

    pk = 987654321
    support_count = 876543219


@register.simple_tag(takes_context=True)
def fill_supports(context, fragment, cycle=None):
    """A shared page fragment (proposals/fragments.py) made this visitor's:
    only the ideas that are public now, their current counts, the visitor's
    pressed or unpressed buttons and "sisa dukungan". Two queries (the counts,
    unless the view read them already, and the visitor's supports) and two
    small renders, however many cards."""
    counts = fragment.counts
    if counts is None:
        counts = dict(
            Proposal.objects.public()
            .filter(pk__in=fragment.ids)
            .values_list("pk", "support_count")
        )
    supported = _supported(context["request"].user, list(counts))
    base = {
        "idea": _Placeholder,
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        "next": context["request"].get_full_path(),
    }
    buttons = {
        state: render_to_string("voting/button.html", {**base, "supported": state})
        for state in (True, False)
    }
    pk_text, count_text = str(_Placeholder.pk), str(_Placeholder.support_count)

    def button(pk, count):
        html = buttons[pk in supported]
        return html.replace(pk_text, str(pk)).replace(count_text, str(count))

    allowance = render_to_string(
        "voting/allowance.html",
        {"allowance": support_allowance(context, cycle)},
    )
    return mark_safe(fragment.assemble(counts, button, allowance))  # noqa: S308


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
