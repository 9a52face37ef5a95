"""Which adult may open which of Wagtail's OWN admin screens (issue 11
item 10).

Wagtail's built-in reports, workflow screens and user listings decide by
model permissions alone: an adult with "view" on ideas (a facilitator,
Bappeda) could read the site history with every idea's log entries, its
actors (children's usernames) and its CSV/XLSX export. The portal's roles
are narrower, so these screens are opened by role, here, in one table;
``AdminAccessMiddleware`` enforces it before the view runs (for the page,
its ``results`` fragment and its exports alike) and the reports menu shows
only what the user may open.

The portal's own screens (ideas, cases, tiket emas) check their own roles
and filter their rows (``proposals/viewsets.py`` ``visible_to``).
"""

from . import roles

# Prefix of a URL name -> the roles that may open it ("site_history" also
# covers "site_history_results"). The longest matching prefix wins; a Wagtail screen not listed here keeps Wagtail's own
# permission checks.
WAGTAIL_SCREEN_ROLES = {
    # The audit log: every action on ideas, with who did it. The moderators
    # see every idea anyway; nobody else needs it.
    "wagtailadmin_reports:site_history": (roles.MODERATOR, roles.ADMIN),
    # Workflow states and tasks (titles and who asked), page reports.
    "wagtailadmin_reports:": (roles.ADMIN,),
    # Managing the moderation workflow itself.
    "wagtailadmin_workflows:": (roles.ADMIN,),
    # Users (every child's username and nickname) and groups.
    "wagtailusers_": (roles.ADMIN,),
}


def roles_for(view_name):
    """The roles allowed on ``view_name``, or None when the table has no rule."""
    matches = [
        prefix for prefix in WAGTAIL_SCREEN_ROLES if view_name.startswith(prefix)
    ]
    if not matches:
        return None
    return WAGTAIL_SCREEN_ROLES[max(matches, key=len)]


def may_open(user, view_name):
    allowed = roles_for(view_name or "")
    return allowed is None or roles.has_role(user, *allowed)
