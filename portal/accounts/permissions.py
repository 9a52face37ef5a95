"""One permission model (issue 12 item 3): what each role may do, as Django
permissions granted to the role groups.

``ROLE_PERMISSIONS`` is the one table; docs/SECURITY.md mirrors it and
``tests/accounts/test_permissions.py`` checks that every group holds exactly
these. Checks ask ``can(user, "app.codename")`` (``user.has_perm``), never a
group name; superusers hold every permission. Row-level scoping (which tickets,
documents, children) lives in the models' ``for_user`` queryset methods.
"""

from django.core.exceptions import PermissionDenied

from . import roles

# The portal's own capabilities (``Meta.permissions``): permission -> model.
CAPABILITIES = {
    "proposals.moderate_proposal": "proposal",
    "proposals.read_unreviewed_proposal": "proposal",
    "proposals.enter_paper_proposal": "proposal",
    "proposals.view_kla_report": "proposal",
    "proposals.track_overdue_answers": "goldenticket",
    "proposals.award_goldenticket": "goldenticket",
    "proposals.record_outcome": "goldenticket",
    "proposals.report_implementation": "goldenticket",
    "proposals.view_all_goldentickets": "goldenticket",
    "proposals.view_all_evidencedocuments": "evidencedocument",
    "proposals.handle_case": "safeguardingcase",
    "accounts.manage_children": "childprofile",
    "accounts.manage_children_everywhere": "childprofile",
    "accounts.administer_portal": "user",
}

ACCESS_ADMIN = "wagtailadmin.access_admin"

_MODERATOR = [
    ACCESS_ADMIN,
    "proposals.view_proposal",
    "proposals.change_proposal",
    "proposals.publish_proposal",
    "proposals.lock_proposal",
    "proposals.unlock_proposal",
    "proposals.moderate_proposal",
    "proposals.read_unreviewed_proposal",
    "proposals.view_kla_report",
    "proposals.view_goldenticket",
    "proposals.award_goldenticket",
    "proposals.view_all_goldentickets",
    "proposals.track_overdue_answers",
    "proposals.view_cycle",
    "proposals.change_cycle",
    "proposals.add_cycle",
    # the checks' word lists (proposals/checks/models.py)
    "proposals.view_checkword",
    "proposals.add_checkword",
    "proposals.change_checkword",
    "proposals.delete_checkword",
]

# role -> the permissions its group holds, exactly.
ROLE_PERMISSIONS = {
    roles.ANAK: [],
    roles.FORUM_ANAK: [],
    roles.FASILITATOR: [
        ACCESS_ADMIN,
        "proposals.view_proposal",
        "proposals.enter_paper_proposal",
        "proposals.award_goldenticket",
        "accounts.manage_children",
    ],
    roles.MODERATOR: _MODERATOR,
    roles.PERLINDUNGAN: [
        ACCESS_ADMIN,
        "proposals.read_unreviewed_proposal",
        "proposals.handle_case",
    ],
    roles.BAPPEDA: [
        ACCESS_ADMIN,
        "proposals.view_proposal",
        "proposals.view_kla_report",
        "proposals.view_goldenticket",
        "proposals.change_goldenticket",
        "proposals.record_outcome",
        "proposals.report_implementation",
        "proposals.view_all_goldentickets",
        "proposals.view_all_evidencedocuments",
        "proposals.track_overdue_answers",
        "proposals.view_cycle",
        "proposals.change_cycle",
        "proposals.view_agency",
        "proposals.change_agency",
        "proposals.add_agency",
    ],
    roles.OPD: [
        ACCESS_ADMIN,
        "proposals.view_goldenticket",
        "proposals.report_implementation",
    ],
    roles.ADMIN: sorted(
        set(_MODERATOR)
        | {
            "proposals.delete_proposal",
            "proposals.change_goldenticket",
            "proposals.record_outcome",
            "proposals.report_implementation",
            "proposals.view_all_evidencedocuments",
            "proposals.handle_case",
            "proposals.view_agency",
            "proposals.change_agency",
            "proposals.add_agency",
            "accounts.manage_children",
            "accounts.manage_children_everywhere",
            "accounts.administer_portal",
        }
    ),
}


def _model_of(perm):
    app_label, codename = perm.split(".")
    if perm == ACCESS_ADMIN:
        return app_label, "admin", codename
    return app_label, CAPABILITIES.get(perm) or codename.split("_", 1)[1], codename


def _name_of(app_label, model, codename):
    """The name ``Meta.permissions`` gives a capability (Wagtail's group
    editor shows it), as Django's post_migrate would have named it."""
    from django.apps import apps

    try:
        declared = dict(apps.get_model(app_label, model)._meta.permissions)
    except LookupError:
        declared = {}
    return declared.get(codename) or codename.replace("_", " ").capitalize()


def grant_role_permissions(Group, Permission, ContentType):  # noqa: N803
    """Give every role group the permissions of ``ROLE_PERMISSIONS``
    (additive, idempotent, a handful of queries when nothing is missing:
    the test factories call it for every account they make). Shared by the
    data migration (historical models) and ``roles.ensure_roles``."""
    groups = {g.name: g for g in Group.objects.filter(name__in=ROLE_PERMISSIONS)}
    for role in ROLE_PERMISSIONS:
        if role not in groups:
            groups[role] = Group.objects.create(name=role)
    wanted = {_model_of(p) for perms in ROLE_PERMISSIONS.values() for p in perms}
    ids = {
        (app_label, codename): pk
        for pk, app_label, codename in Permission.objects.filter(
            content_type__app_label__in={w[0] for w in wanted},
            codename__in={w[2] for w in wanted},
        ).values_list("pk", "content_type__app_label", "codename")
    }
    for app_label, model, codename in wanted:
        if (app_label, codename) not in ids:
            ct, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
            ids[app_label, codename] = Permission.objects.create(
                content_type=ct,
                codename=codename,
                name=_name_of(app_label, model, codename),
            ).pk
    through = Group.permissions.through
    held = set(
        through.objects.filter(
            group_id__in=[g.pk for g in groups.values()]
        ).values_list("group_id", "permission_id")
    )
    missing = [
        (groups[role].pk, ids[app_label, codename])
        for role, perms in ROLE_PERMISSIONS.items()
        for app_label, _model, codename in map(_model_of, perms)
    ]
    through.objects.bulk_create(
        [
            through(group_id=g, permission_id=p)
            for g, p in dict.fromkeys(missing)
            if (g, p) not in held
        ]
    )


def can(user, perm):
    """May ``user`` do ``perm`` ("app.codename")? Superusers may do anything."""
    return bool(getattr(user, "is_authenticated", False) and user.has_perm(perm))


def require(user, perm):
    if not can(user, perm):
        raise PermissionDenied


def markdown_table():
    """``ROLE_PERMISSIONS`` as the role × permission table of docs/SECURITY.md
    (a test keeps the two alike)."""
    role_names = list(ROLE_PERMISSIONS)
    every = sorted({p for perms in ROLE_PERMISSIONS.values() for p in perms})
    lines = [
        "| Permission | " + " | ".join(role_names) + " |",
        "|---|" + "---|" * len(role_names),
    ]
    for perm in every:
        marks = ["✓" if perm in ROLE_PERMISSIONS[r] else "" for r in role_names]
        lines.append(f"| `{perm}` | " + " | ".join(marks) + " |")
    return "\n".join(lines)
