"""Which adult may open which of Wagtail's OWN admin screens (issue 11
item 10).

Wagtail's built-in reports, workflow screens and user listings decide by
model permissions alone: an adult with "view" on ideas (a facilitator,
Bappeda) could read the site history with every idea's log entries, its
actors (children's usernames) and its CSV/XLSX export. The portal's roles
are narrower, so these screens ask a permission of the portal, here, in one table;
``AdminAccessMiddleware`` enforces it before the view runs (for the page,
its ``results`` fragment and its exports alike) and the reports menu shows
only what the user may open.

The portal's own screens (ideas, cases, tiket emas) check their own roles
and filter their rows (``proposals/viewsets.py`` ``visible_to``).
"""

from .permissions import can

# Prefix of a URL name -> the permission needed to open it ("site_history" also
# covers "site_history_results"). The longest matching prefix wins; a Wagtail screen not listed here keeps Wagtail's own
# permission checks.
ADMINISTER = "accounts.administer_portal"
WAGTAIL_SCREEN_PERMISSIONS = {
    # The audit log: every action on ideas, with who did it. The moderators
    # see every idea anyway; nobody else needs it.
    "wagtailadmin_reports:site_history": "proposals.moderate_proposal",
    # Workflow states and tasks (titles and who asked), page reports.
    "wagtailadmin_reports:": ADMINISTER,
    # Managing the moderation workflow itself.
    "wagtailadmin_workflows:": ADMINISTER,
    # Users (every child's username and nickname) and groups.
    "wagtailusers_": ADMINISTER,
}


def permission_for(view_name):
    """The permission needed on ``view_name``, or None when the table has no rule."""
    matches = [
        prefix for prefix in WAGTAIL_SCREEN_PERMISSIONS if view_name.startswith(prefix)
    ]
    if not matches:
        return None
    return WAGTAIL_SCREEN_PERMISSIONS[max(matches, key=len)]


def may_open(user, view_name):
    needed = permission_for(view_name or "")
    return needed is None or can(user, needed)
