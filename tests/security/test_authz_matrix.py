"""The authorisation matrix: every URL of the URL configuration, requested
as every role, compared with the table below.

The patterns are read from ``get_resolver()``, so a new URL without a row in
``EXPECTED`` (or a reason in ``EXCLUDED``) fails the test with its name.
The admin's rows are generated (``generated_rows``) from the role ×
permission table (``ROLE_PERMISSIONS``) and the permission each screen asks
for: the views of the portal's snippets, the accounts' viewsets, Wagtail's
own screens (``admin_access``) and ``PORTAL_SCREENS``. Adding another row:
one entry keyed by the URL name (``namespace:name``; the route when the
pattern has no name), built with ``row()`` from a default outcome and the
roles that differ; a path parameter that cannot be guessed from
``PARAMS`` gets an entry there; a view that only accepts POST goes in
``POST``. To print what each role gets today (to review, never to copy
blindly): ``AUTHZ_MATRIX_PRINT=1 pytest tests/security/test_authz_matrix.py -s``.

Outcomes: an HTTP status (200, 403, 404, 405), "login" (redirected to a
sign-in page: /akun/masuk/ or /admin/login/), "302" (redirected elsewhere).
POST requests are made with the body in ``POST`` and rolled back afterwards.
"""

import os
import re

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from portal.accounts import admin_access, roles
from portal.accounts.admin_access import ADMINISTER
from portal.accounts.permissions import ACCESS_ADMIN, ROLE_PERMISSIONS
from tests.module_rows import rows_for_the_module, shared_copy
from tests.security.world import ROLES, build_world

pytestmark = pytest.mark.django_db

LOGIN = "login"
REDIRECT = "302"
DENIED = "denied"  # Wagtail's refusal: back to the dashboard with a message


def row(default, **overrides):
    """The outcome of each role: ``default`` unless named in ``overrides``."""
    unknown = set(overrides) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {role: overrides.get(role, default) for role in ROLES}


# Patterns deliberately left out of the matrix: Wagtail's and Django's
# generic views of their own models (images, documents, users, groups,
# sites, redirects, workflows, reports, settings, collections, choosers,
# the editing internals). They are guarded by Wagtail's own permission
# checks and tested upstream; the adult roles here get no permission on
# those models (tests/accounts/test_roles.py). Matched by name prefix.
EXCLUDED = {
    "admin:": "Django admin (superusers only) except the regions rows below",
    "django-admin/": "Django admin's unnamed redirects and catch-all",
    "admin/": "the Wagtail admin's unnamed test404 page and catch-all",
    "wagtailadmin_pages:": "page editing internals; the explorer and edit have rows",
    "wagtailadmin_api:": "the explorer's internal JSON API (Wagtail)",
    "wagtailadmin_collections:": "Wagtail collections",
    "wagtailadmin_editing_sessions:": "Wagtail editing sessions",
    "wagtailadmin_choose_page": "Wagtail page chooser",
    "wagtailadmin_choose_page_": "Wagtail page chooser",
    "wagtailimages": "Wagtail images (not used by the portal's models)",
    "wagtaildocs:": "Wagtail documents admin",
    "wagtaildocs_chooser:": "Wagtail documents chooser",
    "wagtailsites:": "Wagtail sites",
    "wagtailredirects:": "Wagtail redirects",
    "wagtailsettings:": "site settings (Wagtail settings permission)",
    "wagtailsnippets:": "the snippet index of Wagtail",
    "wagtailadmin_tag_autocomplete": "taggit autocomplete",
    "wagtailadmin_": "Wagtail admin chrome: account, login, sprite, jsi18n, ...",
    "wagtail_bulk_action": "Wagtail bulk actions (checked per object by Wagtail)",
    "password_reset": "disabled (WAGTAIL_PASSWORD_RESET_ENABLED = False)",
    "wagtaildocs_authenticate_with_password": "Wagtail document privacy form",
    "wagtailcore_": "Wagtail page privacy forms",
}
# Wagtail's own reports, workflow screens, users and groups, and the admin
# search are never excluded (issue 11 item 10): they list ideas, log entries
# and usernames, so every one of their patterns needs a row, and
# test_wagtail_reports_and_exports_show_a_role_only_what_it_may_see reads
# their bodies and exports.
MUST_COVER = (
    "wagtailadmin_reports:",
    "wagtailadmin_workflows:",
    "wagtailusers_",
    "wagtailadmin_pages:search",
)
# These names match an EXCLUDED prefix but are in the matrix on purpose.
INCLUDED_ANYWAY = {
    "admin:index",
    "admin:regions_kecamatan_changelist",
    "admin:regions_desa_changelist",
    "admin:regions_desa_change",
    "wagtailadmin_home",
    "wagtailadmin_explore_root",
    "wagtailadmin_explore",
    "wagtailadmin_explore_results",
    "wagtailadmin_pages:edit",
}

# Wagtail answers a signed-in adult without the model permission with a
# redirect to the dashboard and a message (DENIED); children have no admin
# access at all and are sent to the admin sign-in page (LOGIN).
EXPECTED = {
    # --- public, accounts, the child's own pages ---
    "healthz": row(200),
    "set_language": row(REDIRECT),
    "javascript-catalog": row(200),
    # Wagtail documents (UANG evidence: attendance lists name children) open
    # only for the roles of the KLA report (and OPD staff for ideas their
    # agency adopted: tests/evidence/test_documents.py); others get a 404.
    "wagtaildocs_serve": row(404, anon=LOGIN, moderator=200, bappeda=200, admin=200),
    "account_signup": row(REDIRECT, anon=200),
    "account_signup_guardian": row(REDIRECT),
    "account_login": row(REDIRECT, anon=200),
    "account_logout": row(200, anon=REDIRECT),
    "account_inactive": row(200),
    "account_reauthenticate": row(200, anon=LOGIN),
    "account_change_password": row(200, anon=LOGIN),
    "account_set_password": row(REDIRECT, anon=LOGIN),
    "account_reset_password": row(200),
    "accounts:my_page": row(200, anon=LOGIN),
    "accounts:my_data": row(200, anon=LOGIN),
    "accounts:my_data_zip": row(200, anon=LOGIN),
    "accounts:delete_account": row(
        REDIRECT, anon=LOGIN, child=200, child_noconsent=200, forum=200
    ),
    # Issue 11 item 14: the admins' sign-in pages only point to /akun/masuk/.
    "admin_sign_in": row(
        REDIRECT, anon=LOGIN, child=403, child_noconsent=403, forum=403
    ),
    "wagtail_sign_in": row(
        DENIED, anon=LOGIN, child=403, child_noconsent=403, forum=403
    ),
    # issue 11 item 6: a child changes their own public name
    "accounts:change_nickname": row(
        REDIRECT, anon=LOGIN, child=200, child_noconsent=200, forum=200
    ),
    "proposals:list": row(200),
    "proposals:create": row(
        403, anon=LOGIN, child=200, forum=200, fasilitator=200, admin=200
    ),
    "proposals:detail": row(200),
    "proposals:edit": row(403, anon=LOGIN, child=200),
    # Always back to the idea with a message; refusals are tested in
    # tests/proposals/test_reports_and_safeguarding.py.
    "proposals:report": row(REDIRECT, anon=LOGIN),
    "proposals:photo": row(200),
    "proposals:committee_shortlist": row(403, anon=LOGIN, forum=200),
    "proposals:committee_recommend": row(403, anon=LOGIN, forum=REDIRECT),
    "proposals:layar": row(200),
    "proposals:layar_year": row(200),
    "voting:support": row(403, anon=401, child=200, forum=200),
    "wagtail_serve": row(200),
    # --- Django admin (superusers) and the Wagtail dashboard and explorer ---
    "admin:index": row(REDIRECT, admin=200),
    "admin:regions_kecamatan_changelist": row(REDIRECT, admin=200),
    "admin:regions_desa_changelist": row(REDIRECT, admin=200),
    "admin:regions_desa_change": row(REDIRECT, admin=200),
    "wagtailadmin_home": row(
        200, anon=LOGIN, child=LOGIN, child_noconsent=LOGIN, forum=LOGIN
    ),
    "wagtailadmin_explore_root": row(
        DENIED, anon=LOGIN, child=LOGIN, child_noconsent=LOGIN, forum=LOGIN, admin=200
    ),
    "wagtailadmin_explore": row(
        DENIED, anon=LOGIN, child=LOGIN, child_noconsent=LOGIN, forum=LOGIN, admin=200
    ),
    "wagtailadmin_explore_results": row(
        DENIED, anon=LOGIN, child=LOGIN, child_noconsent=LOGIN, forum=LOGIN, admin=200
    ),
    "wagtailadmin_pages:edit": row(
        DENIED, anon=LOGIN, child=LOGIN, child_noconsent=LOGIN, forum=LOGIN, admin=200
    ),
    # The admin search of pages (issue 11 item 10): Wagtail's page
    # permissions, which no role's group holds.
    "wagtailadmin_pages:search": row(
        DENIED, anon=LOGIN, child=LOGIN, child_noconsent=LOGIN, forum=LOGIN, admin=200
    ),
    "wagtailadmin_pages:search_results": row(
        DENIED, anon=LOGIN, child=LOGIN, child_noconsent=LOGIN, forum=LOGIN, admin=200
    ),
    # --- the KLA evidence: /transparansi/ and the open data API are public
    "evidence:transparency": row(200),
    "evidence:api_ideas": row(200),
    "evidence:api_idea": row(200),
    "evidence:api_statistics": row(200),
    "evidence:api_schema": row(200),
}


def walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            name = f"{namespace}{pattern.name}" if pattern.name else route
            yield name, route


# --- the generated rows -------------------------------------------------------
# Most of the admin's rows follow from two tables of the portal: who holds
# which permission (portal/accounts/permissions.py ``ROLE_PERMISSIONS``) and
# which permission a screen asks for. They are generated from every URL
# pattern of the portal's viewsets and screens, so a new view of a snippet,
# a new role or a changed permission changes the expected outcome with them.

# The group of each person of the world (tests/security/world.py).
GROUP = {
    "child": roles.ANAK,
    "child_noconsent": roles.ANAK,
    "forum": roles.FORUM_ANAK,
    "fasilitator": roles.FASILITATOR,
    "moderator": roles.MODERATOR,
    "perlindungan": roles.PERLINDUNGAN,
    "bappeda": roles.BAPPEDA,
    "opd": roles.OPD,
    "admin": roles.ADMIN,
}
assert set(GROUP) | {"anon"} == set(ROLES)
# Held by nobody, not even a superuser (a read-only policy's other actions).
NOBODY = "nobody"
# The members of a group (a Wagtail workflow task is assigned to groups).
MEMBER_OF = "group:"


def holds(role, needed):
    """Does ``role`` hold ``needed`` (a permission, ``NOBODY`` or
    ``MEMBER_OF`` a group)? The world's admin is a superuser (every
    permission, every task), a visitor holds nothing."""
    if needed == NOBODY or role == "anon":
        return False
    if role == "admin":
        return True
    if needed.startswith(MEMBER_OF):
        return GROUP[role] == needed.removeprefix(MEMBER_OF)
    return needed in ROLE_PERMISSIONS[GROUP[role]]


def admin_screen(allowed, *needed, refused=DENIED):
    """A screen of the Wagtail admin: visitors and children (no
    ``wagtailadmin.access_admin``) go to the admin's sign-in page; an adult
    holding any of ``needed`` (every adult when none is named) gets
    ``allowed``, any other adult ``refused``."""

    def outcome(role):
        if not holds(role, ACCESS_ADMIN):
            return LOGIN
        if not needed or any(holds(role, n) for n in needed):
            return allowed
        return refused

    return {role: outcome(role) for role in ROLES}


def site_page(allowed, needed):
    """A page of the site (not the admin) behind one permission: visitors
    are asked to sign in, whoever lacks it gets a 403."""
    return {
        role: LOGIN if role == "anon" else allowed if holds(role, needed) else 403
        for role in ROLES
    }


# The model permissions (any of) each view of a snippet asks for: the
# ``permission_required`` / ``any_permission_required`` of Wagtail's views.
ANY_MODEL_PERMISSION = ("add", "change", "delete", "view")
# proposals/setup.py assigns the moderation task to the Moderator group.
MODERATION_TASK = (MEMBER_OF + roles.MODERATOR,)
SNIPPET_VIEWS = {
    "list": ANY_MODEL_PERMISSION,
    "list_results": ANY_MODEL_PERMISSION,
    "inspect": ANY_MODEL_PERMISSION,
    "history": ("add", "change", "delete"),
    "history_results": ("add", "change", "delete"),
    "add": ("add",),
    "copy": ("add",),
    "edit": ("change",),
    "usage": ("change",),
    "revisions_revert": ("change",),
    "revisions_compare": ("change",),
    "workflow_history": ("change",),
    "workflow_history_detail": ("change",),
    "delete": ("delete",),
    "unpublish": ("publish",),
    "revisions_unschedule": ("publish",),
    "lock": ("lock",),
    "unlock": ("unlock",),
    # Wagtail asks the task: may this user act on it?
    "workflow_action": MODERATION_TASK,
    "collect_workflow_action_data": MODERATION_TASK,
    # No check of its own: any adult in the admin.
    "confirm_workflow_cancellation": (),
}
CHOOSER_VIEWS = {
    "choose": (),
    "choose_results": (),
    "chosen": (),
    "chosen_multiple": (),
    "create": ("add",),
}
# The idea chooser asks for a permission on ideas
# (proposals/viewsets.py ``ModelPermissionRequired``).
MODEL_CHOOSERS = {"proposal"}
# The same views of a ModelViewSet (portal/accounts/viewsets.py).
MODEL_VIEWS = {
    "index": ("view",),
    "index_results": ("view",),
    "add": ("add",),
    "edit": ("change",),
    "delete": ("delete",),
    "usage": ("change",),
    "history": ("add", "change", "delete"),
    "history_results": ("add", "change", "delete"),
}
# A GET to a view that only takes POST.
POST_ONLY_VIEWS = {"lock", "unlock"}
# What an allowed GET of one of Wagtail's own screens answers, when not 200.
WAGTAIL_SCREEN_ANSWERS = {
    "wagtailadmin_workflows:enable": 405,
    "wagtailadmin_workflows:enable_task": 405,
    "wagtailadmin_workflows:remove": 405,
    "wagtailadmin_workflows:select_task_type": REDIRECT,
}


def model_permissions(model, actions):
    if actions == MODERATION_TASK:
        return actions
    return tuple(f"proposals.{action}_{model}" for action in actions)


def snippet_rows(key):
    """The row of a view of one of the portal's snippets (ideas, tiket
    emas, cycles, OPD, the checks' word lists) or of their choosers; None for
    any other URL."""
    namespace, _, view = key.rpartition(":")
    if namespace.startswith("wagtailsnippets_proposals_"):
        model = namespace.removeprefix("wagtailsnippets_proposals_")
        actions = SNIPPET_VIEWS.get(view)
    elif namespace.startswith("wagtailsnippetchoosers_proposals_"):
        model = namespace.removeprefix("wagtailsnippetchoosers_proposals_")
        actions = CHOOSER_VIEWS.get(view)
        if model in MODEL_CHOOSERS and actions == ():
            actions = ANY_MODEL_PERMISSION
    else:
        return None
    if actions is None:
        return None  # a view the tables above do not know: no row, the test says so
    allowed = 405 if view in POST_ONLY_VIEWS else 200
    return admin_screen(allowed, *model_permissions(model, actions))


def viewset_rows(key):
    """The row of a view of the accounts' viewsets (facilitators'
    assignments and their log): what their permission policy allows."""
    from wagtail.permissions import policy_registry

    from portal.accounts.viewsets import AccountsViewSetGroup

    namespace, _, view = key.rpartition(":")
    for viewset in AccountsViewSetGroup.items:
        if viewset.name == namespace and view in MODEL_VIEWS:
            policy = policy_registry.get_by_type(viewset.model)
            allowed_actions = policy.allowed_actions or MODEL_VIEWS[view]
            may = set(MODEL_VIEWS[view]) & set(allowed_actions)
            return admin_screen(200, ADMINISTER if may else NOBODY)
    return None


def wagtail_screen_rows(key):
    """Wagtail's own reports, workflow screens, users and groups: the
    permission ``portal/accounts/admin_access.py`` asks for them."""
    needed = admin_access.permission_for(key)
    if needed is None:
        return None
    return admin_screen(WAGTAIL_SCREEN_ANSWERS.get(key, 200), needed)


# The portal's own admin screens (proposals/admin_urls.py, the KLA report):
# the permission each view requires, and what it answers when allowed.
PORTAL_SCREENS = {
    "proposals_admin:redact": ("proposals.moderate_proposal", 200),
    "proposals_admin:escalate": ("proposals.moderate_proposal", 200),
    # issue 11 item 7: the photo of the revision under review (the world's
    # waiting idea has no photo: 404)
    "proposals_admin:revision_photo": ("proposals.moderate_proposal", 404),
    # issue 11 item 6: the moderator removes a nickname that may not be shown
    "proposals_admin:remove_name": ("proposals.moderate_proposal", 200),
    # h6: changed public names wait for a moderator's approval
    "proposals_admin:names": ("proposals.moderate_proposal", 200),
    "proposals_admin:not_publish": ("proposals.moderate_proposal", 200),
    "proposals_admin:merge": ("proposals.moderate_proposal", 200),
    "proposals_admin:reports": ("proposals.moderate_proposal", 200),
    "proposals_admin:resolve_reports": ("proposals.moderate_proposal", REDIRECT),
    # Issue 11 items 1, 3, 5: clearing a danger flag is the moderators'; the
    # list of cleared flags and the case's photo are the officer's (and the
    # administrator's). The world's escalated idea has no photo: 404.
    "proposals_admin:clear_danger": ("proposals.moderate_proposal", 200),
    "proposals_admin:cases": ("proposals.handle_case", 200),
    "proposals_admin:case": ("proposals.handle_case", 200),
    "proposals_admin:clearances": ("proposals.handle_case", 200),
    "proposals_admin:case_photo": ("proposals.handle_case", 404),
    "proposals_admin:shortlist": ("proposals.award_goldenticket", 200),
    "proposals_admin:award": ("proposals.award_goldenticket", REDIRECT),
    # The world's tiket emas was adopted by no OPD: Bappeda's screen only.
    "proposals_admin:ticket": ("proposals.record_outcome", 200),
    "proposals_admin:overdue": ("proposals.track_overdue_answers", 200),
}
# The KLA report answers other staff a plain 403 (report_role_required).
KLA_REPORT = ("proposals.view_kla_report", 403)
# The facilitator's tools (portal/accounts/views.py ``facilitator_required``).
FACILITATOR_PAGES = {
    "accounts:facilitator_home": 200,
    "accounts:batch_accounts": 200,
    "accounts:children": 200,
    "accounts:child_detail": 200,
    "accounts:child_verify_consent": REDIRECT,
    "accounts:child_forum_anak": REDIRECT,
    "accounts:child_reset_password": 200,
    "accounts:child_revoke_consent": 200,
}


def generated_rows():
    """Every generated row, keyed by URL name."""
    rows = {
        key: admin_screen(allowed, needed)
        for key, (needed, allowed) in PORTAL_SCREENS.items()
    }
    for key in ("evidence_admin:report", "evidence_admin:report_download"):
        rows[key] = admin_screen(200, KLA_REPORT[0], refused=KLA_REPORT[1])
    rows.update(
        {
            key: site_page(allowed, "accounts.manage_children")
            for key, allowed in FACILITATOR_PAGES.items()
        }
    )
    for key, _route in walk(get_resolver().url_patterns):
        for rule in (snippet_rows, viewset_rows, wagtail_screen_rows):
            generated = rule(key)
            if generated is not None:
                rows[key] = generated
                break
    return rows


EXPECTED.update(generated_rows())


# Only to draft rows (see the docstring): request every pattern, expect nothing.
OBSERVE = bool(os.environ.get("AUTHZ_MATRIX_PRINT"))


def _snippet_params(attribute):
    return lambda w: {"pk": getattr(w, attribute).pk}


PARAMS = {
    "proposals:detail": lambda w: {"pk": w.published.pk},
    "proposals:edit": lambda w: {"pk": w.pending.pk},  # Ani's own draft
    "proposals:report": lambda w: {"pk": w.shortlisted.pk},  # Budi's idea
    "proposals:photo": lambda w: {"pk": w.published.pk, "width": 480},
    "proposals:committee_recommend": lambda w: {"pk": w.entry.pk},
    "proposals:layar_year": lambda w: {"year": w.cycle.year},
    "voting:support": lambda w: {"pk": w.shortlisted.pk},
    "accounts:child_detail": lambda w: {"pk": w.child.pk},
    "accounts:child_verify_consent": lambda w: {"pk": w.child.pk},
    "accounts:child_forum_anak": lambda w: {"pk": w.child.pk},
    "accounts:child_reset_password": lambda w: {"pk": w.child.pk},
    "accounts:child_revoke_consent": lambda w: {"pk": w.child.pk},
    "proposals_admin:redact": lambda w: {"pk": w.other_pending.pk},
    "proposals_admin:escalate": lambda w: {"pk": w.other_pending.pk},
    "proposals_admin:not_publish": lambda w: {"pk": w.other_pending.pk},
    "proposals_admin:merge": lambda w: {"pk": w.other_pending.pk},
    "proposals_admin:remove_name": lambda w: {"pk": w.other_pending.pk},
    "proposals_admin:revision_photo": lambda w: {
        "pk": w.other_pending.pk,
        "revision_id": w.other_pending.latest_revision_id,
        "width": 480,
    },
    "proposals_admin:resolve_reports": lambda w: {"pk": w.published.pk},
    "proposals_admin:case": lambda w: {"pk": w.case.pk},
    "proposals_admin:case_photo": lambda w: {"pk": w.case.pk},
    "proposals_admin:clear_danger": lambda w: {"pk": w.other_pending.pk},
    "proposals_admin:shortlist": lambda w: {"year": w.cycle.year},
    "proposals_admin:award": lambda w: {"pk": w.published.pk},
    "proposals_admin:ticket": lambda w: {"pk": w.ticket.pk},
    "wagtailadmin_explore": lambda w: {"parent_page_id": w.home.pk},
    "wagtailadmin_explore_results": lambda w: {"parent_page_id": w.home.pk},
    "wagtailadmin_pages:edit": lambda w: {"page_id": w.home.pk},
    "admin:regions_desa_change": lambda w: {"object_id": w.child.child_profile.desa_id},
    "wagtaildocs_serve": lambda w: {
        "path": f"/dokumen/{w.document.pk}/{w.document.filename}"
    },
    "wagtail_serve": lambda w: {"path": "/"},
    "evidence_admin:report_download": lambda w: {"fmt": "xlsx"},
    "evidence:api_idea": lambda w: {"pk": w.published.pk},
}
for _view in ("edit", "delete", "history", "history_results", "usage"):
    PARAMS[f"penugasan_fasilitator:{_view}"] = _snippet_params("assignment")
    PARAMS[f"log_fasilitator:{_view}"] = _snippet_params("facilitator_action")
for _model, _attribute in [
    ("proposal", "published"),
    ("goldenticket", "ticket"),
    ("cycle", "cycle"),
    ("agency", "agency"),
    ("checkword", "check_word"),
]:
    for _view in (
        "edit",
        "delete",
        "usage",
        "history",
        "history_results",
        "copy",
        "inspect",
        "unpublish",
        "lock",
        "unlock",
        "confirm_workflow_cancellation",
        "workflow_history",
    ):
        PARAMS[f"wagtailsnippets_proposals_{_model}:{_view}"] = _snippet_params(
            _attribute
        )
    PARAMS[f"wagtailsnippetchoosers_proposals_{_model}:chosen"] = _snippet_params(
        _attribute
    )
PARAMS.update(
    {
        "wagtailsnippets_proposals_proposal:revisions_revert": lambda w: {
            "pk": w.published.pk,
            "revision_id": w.published.latest_revision_id,
        },
        "wagtailsnippets_proposals_proposal:revisions_unschedule": lambda w: {
            "pk": w.published.pk,
            "revision_id": w.published.latest_revision_id,
        },
        "wagtailsnippets_proposals_proposal:revisions_compare": lambda w: {
            "path": "/admin/snippets/proposals/proposal/history/"
            f"{w.published.pk}/revisions/compare/earliest...latest/"
        },
        "wagtailsnippets_proposals_proposal:workflow_action": lambda w: {
            "pk": w.other_pending.pk,
            "action_name": "approve",
            "task_state_id": w.other_pending.current_workflow_task_state.pk,
        },
        "wagtailsnippets_proposals_proposal:collect_workflow_action_data": lambda w: {
            "pk": w.other_pending.pk,
            "action_name": "approve",
            "task_state_id": w.other_pending.current_workflow_task_state.pk,
        },
        "wagtailsnippets_proposals_proposal:workflow_history_detail": lambda w: {
            "pk": w.other_pending.pk,
            "workflow_state_id": w.other_pending.current_workflow_state.pk,
        },
    }
)


def _workflow(w):
    from wagtail.models import Workflow

    from proposals.setup import WORKFLOW_NAME

    return Workflow.objects.get(name=WORKFLOW_NAME)


def _task(w):
    from wagtail.models import Task

    from proposals.setup import TASK_NAME

    return Task.objects.get(name=TASK_NAME)


PARAMS.update(
    {
        **{
            f"wagtailadmin_workflows:{name}": lambda w: {"pk": _workflow(w).pk}
            for name in ("enable", "disable", "edit", "usage", "usage_results")
        },
        **{
            f"wagtailadmin_workflows:{name}": lambda w: {"pk": _task(w).pk}
            for name in ("edit_task", "disable_task", "enable_task")
        },
        "wagtailadmin_workflows:task_chosen": lambda w: {"task_id": _task(w).pk},
        "wagtailadmin_workflows:remove": lambda w: {
            "page_pk": w.home.pk,
            "workflow_pk": _workflow(w).pk,
        },
        "wagtailadmin_workflows:add_task": lambda w: {
            "app_label": "wagtailcore",
            "model_name": "groupapprovaltask",
        },
        **{
            f"wagtailusers_users:{name}": lambda w: {"pk": w.child.pk}
            for name in (
                "edit",
                "delete",
                "history",
                "history_results",
                "usage",
                "copy",
            )
        },
        **{
            f"wagtailusers_groups:{name}": lambda w: {
                "pk": w.users["moderator"].groups.get().pk
            }
            for name in ("edit", "delete", "history", "history_results", "usage")
        },
    }
)

# The support button answers fetch() with a status code (a plain form post
# is redirected back with a message either way).
HEADERS = {"voting:support": {"Accept": "application/json"}}

# Views that refuse GET (require_POST): requested with a valid POST body.
POST = {
    "proposals:report": {"reason": "rude"},
    "proposals:committee_recommend": {"recommend": "yes", "reason": "Bagus"},
    "voting:support": {},
    "accounts:child_verify_consent": {},
    "accounts:child_forum_anak": {"action": "verify"},
    "accounts:child_reset_password": {},
    "proposals_admin:resolve_reports": {"decision": "keep"},
    "proposals_admin:award": {"level": "kabupaten", "rationale": "Alasan"},
}


def matrix_patterns():
    """(key, route) of every pattern the matrix covers, and the uncovered."""
    covered, missing = [], []
    for key, route in walk(get_resolver().url_patterns):
        excluded = (
            key not in INCLUDED_ANYWAY
            and not key.startswith(MUST_COVER)
            and any(key.startswith(prefix) for prefix in EXCLUDED)
        )
        if key in EXPECTED or (OBSERVE and not excluded):
            covered.append((key, route))
        elif not excluded:
            missing.append((key, route))
    return covered, missing


def build_path(key, route, world):
    """The route with its parameters filled from the world's objects."""
    values = PARAMS.get(key, lambda w: {})(world)
    if "path" in values:
        return values["path"]
    path = route
    for name, value in values.items():
        path = re.sub(rf"<(?:\w+:)?{name}>", str(value), path)
    assert "<" not in path and "(?P" not in path, (
        f"{key}: no parameters for {route!r}; add an entry to PARAMS"
    )
    return "/" + path


def outcome(response):
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith(("/akun/masuk/", "/admin/login/")):
            return LOGIN
        if location == "/admin/":
            return DENIED
        return REDIRECT
    return response.status_code


def client_for(role, world):
    client = Client()
    if role != "anon":
        client.force_login(world.users[role])
    return client


def request(client, key, path):
    with transaction.atomic():
        if key in POST:
            response = client.post(path, POST[key], headers=HEADERS.get(key, {}))
        else:
            response = client.get(path)
        transaction.set_rollback(True)
    return response


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module (9–26 s on PostgreSQL); every test gets it
    fresh from its own savepoint (``rows_for_the_module``)."""
    with rows_for_the_module(django_db_blocker, tmp_path_factory.mktemp("private")):
        with django_db_blocker.unblock():
            world = build_world()
        yield world


@pytest.fixture
def world(db, module_world):
    return shared_copy(module_world)


def test_every_url_pattern_has_a_row():
    covered, missing = matrix_patterns()
    assert not missing, (
        "URL patterns without a row in tests/security/test_authz_matrix.py "
        "EXPECTED (add one, or a reason in EXCLUDED):\n"
        + "\n".join(f"  {key}  ({route})" for key, route in missing)
    )
    stale = set(EXPECTED) - {key for key, _ in covered}
    assert not stale, f"rows for URL patterns that no longer exist: {stale}"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_table_says(role, world):
    covered, _ = matrix_patterns()
    client = client_for(role, world)
    wrong, seen = [], {}
    for key, route in covered:
        try:
            path = build_path(key, route, world)
        except AssertionError:
            if not OBSERVE:
                raise
            seen[key] = "NO PARAMS"
            continue
        got = outcome(request(client, key, path))
        seen[key] = got
        expected = EXPECTED.get(key, {}).get(role)
        if got != expected:
            wrong.append(f"  {key} {path}: expected {expected}, got {got}")
    if os.environ.get("AUTHZ_MATRIX_PRINT"):
        print(f"\n# {role}")
        for key, got in seen.items():
            print(f"{role}\t{key}\t{got!r}")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


# --- what Wagtail's own reports, listings and exports SHOW (issue 11 item 10)
# The rows above check who may open a screen; these check the body of every
# Wagtail report, listing, search, chooser and export for each role that may
# open it: no title a moderator has not approved (waiting, escalated) and no
# child's username, except for the roles that moderate.
SEES_UNMODERATED = {"moderator", "admin"}
BODY_CHECKED = [
    "/admin/",
    "/admin/reports/site-history/",
    "/admin/reports/site-history/results/",
    "/admin/reports/site-history/?export=csv",
    "/admin/reports/site-history/?export=xlsx",
    "/admin/reports/workflow/",
    "/admin/reports/workflow/?export=csv",
    "/admin/reports/workflow/?export=xlsx",
    "/admin/reports/workflow_tasks/",
    "/admin/reports/workflow_tasks/?export=csv",
    "/admin/reports/locked/",
    "/admin/reports/locked/?export=csv",
    "/admin/reports/aging-pages/",
    "/admin/reports/aging-pages/?export=csv",
    "/admin/reports/page-types-usage/",
    "/admin/pages/search/?q=Ide",
    "/admin/users/",
    "/admin/users/?q=2013",
    "/admin/groups/",
    "/admin/workflows/list/",
    "/admin/workflows/tasks/index/",
    "/admin/workflows/task_chooser/",
    "/admin/snippets/proposals/proposal/?q=Ide",
    "/admin/snippets/proposals/proposal/?export=csv",
    "/admin/snippets/proposals/proposal/?export=xlsx",
    "/admin/snippets/choose/proposals/proposal/?q=Ide",
    "/admin/snippets/proposals/goldenticket/?export=csv",
]


def unmoderated_words(world):
    """Titles nobody outside moderation may read, and children's usernames."""
    return [
        world.pending.title,
        world.other_pending.title,
        world.escalated.title,
        *(
            world.users[name].username
            for name in ("child", "child_noconsent", "forum", "budi")
        ),
    ]


def body_text(response):
    """The response as text; an XLSX export's cells joined."""
    content = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    if response.get("Content-Type", "").startswith(
        "application/vnd.openxmlformats-officedocument"
    ):
        import io

        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(content))
        return "\n".join(
            str(cell)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    return content.decode()


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anon"])
def test_wagtail_reports_and_exports_show_a_role_only_what_it_may_see(role, world):
    client = client_for(role, world)
    secret = unmoderated_words(world)
    leaks = []
    for path in BODY_CHECKED:
        response = client.get(path)
        if response.status_code != 200:
            continue
        text = body_text(response)
        if role not in SEES_UNMODERATED:
            leaks += [f"  {path}: {word!r}" for word in secret if word in text]
        if path.startswith("/admin/reports/site-history/"):
            # Log entries name an idea by its number, never by its title.
            titles = [world.published.title, world.shortlisted.title]
            leaks += [f"  {path}: {t!r}" for t in secret[:3] + titles if t in text]
    assert not leaks, f"{role} sees:\n" + "\n".join(leaks)


def test_site_history_keeps_no_title_or_username_after_the_account_is_deleted(world):
    from portal.accounts.actions import delete_child_account

    budi = world.users["budi"]
    delete_child_account(budi)
    for role in ("moderator", "admin"):
        text = body_text(
            client_for(role, world).get("/admin/reports/site-history/?export=csv")
        )
        assert "Usulan #" in text
        for word in ("Ide Budi yang menunggu", "budi2012", "Ide yang dialihkan"):
            assert word not in text, f"{role}: {word!r}"


# --- issue 11 item 5: Wagtail's views of an escalated idea ----------------------
# An escalated idea's words are read through its case only (logged): every
# Wagtail view of the Proposal snippet answers 404 for every adult role, and
# no listing, search or chooser names it. Children and visitors never reach
# the admin at all.
ESCALATED_SNIPPET_VIEWS = {
    "edit": "edit/{pk}/",
    "inspect": "inspect/{pk}/",
    "history": "history/{pk}/",
    "history_results": "history-results/{pk}/",
    "usage": "usage/{pk}/",
    "delete": "delete/{pk}/",
    "copy": "copy/{pk}/",
    "unpublish": "unpublish/{pk}/",
    "lock": "lock/{pk}/",
    "unlock": "unlock/{pk}/",
    "revisions_revert": "history/{pk}/revisions/{rev}/revert/",
    "revisions_unschedule": "history/{pk}/revisions/{rev}/unschedule/",
    "revisions_compare": "history/{pk}/revisions/compare/earliest...latest/",
    "workflow_history": "workflow_history/{pk}/",
    "workflow_history_detail": "workflow_history/{pk}/detail/{ws}/",
    "confirm_workflow_cancellation": "workflow/confirm_cancellation/{pk}/",
}
ADMIN_LISTINGS = [
    "/admin/snippets/proposals/proposal/",
    "/admin/snippets/proposals/proposal/results/?q=dialihkan",
    "/admin/snippets/proposals/proposal/?export=csv",
    "/admin/snippets/choose/proposals/proposal/?q=dialihkan",
    "/admin/snippets/choose/proposals/proposal/results/?q=dialihkan",
    "/admin/bulk/proposals/proposal/delete/?id={pk}",
    "/admin/bulk/proposals/proposal/delete/?id=all",
]


@pytest.mark.parametrize("role", ROLES)
def test_no_wagtail_view_opens_an_escalated_idea(role, world):
    from wagtail.models import WorkflowState

    escalated = world.escalated
    workflow_state = WorkflowState.objects.filter(
        base_content_type__model="proposal", object_id=str(escalated.pk)
    ).first()
    client = client_for(role, world)
    adult = role in ("fasilitator", "moderator", "perlindungan", "bappeda", "opd")
    wrong = []
    for name, view in ESCALATED_SNIPPET_VIEWS.items():
        path = "/admin/snippets/proposals/proposal/" + view.format(
            pk=escalated.pk,
            rev=escalated.latest_revision_id,
            ws=workflow_state.pk if workflow_state else 0,
        )
        got = outcome(request(client, name, path))
        expected = 404 if adult or role == "admin" else LOGIN
        if got != expected:
            wrong.append(f"  {name} {path}: expected {expected}, got {got}")
    for path in ADMIN_LISTINGS:
        path = path.format(pk=escalated.pk)
        response = client.get(path)
        body = (
            b"".join(response.streaming_content)
            if response.streaming
            else response.content
        ).decode()
        if escalated.title in body:
            wrong.append(f"  {path}: shows the escalated idea's title")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)
