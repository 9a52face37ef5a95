"""Small factories for the tests: real rows in the real database."""

import itertools

from django.contrib.auth.models import Group
from django.utils.timezone import localdate

from portal.accounts import roles
from portal.accounts.actions import ConsentInput, create_child_account
from portal.accounts.ageing import birth_for_age
from portal.accounts.models import (
    ConsentRecord,
    FacilitatorAssignment,
    User,
)
from portal.regions.models import Desa, Kecamatan

PASSWORD = "rahasia-uji-123"
_counter = itertools.count(1)


def make_regions():
    """Two kecamatan with two desa each, Kemendagri-coded like the real ones."""
    ledo, _ = Kecamatan.objects.get_or_create(
        code="61.07.03", defaults={"name": "Ledo"}
    )
    sr, _ = Kecamatan.objects.get_or_create(
        code="61.07.01", defaults={"name": "Sungai Raya"}
    )
    for code, name, kec in [
        ("61.07.03.2001", "Lesabela", ledo),
        ("61.07.03.2002", "Semangat", ledo),
        ("61.07.01.2001", "Sungai Duri", sr),
        ("61.07.01.2004", "Sungai Jaga A", sr),
    ]:
        Desa.objects.get_or_create(code=code, defaults={"name": name, "kecamatan": kec})
    # Ledo's desa first: tests that take ``regions.first()`` get Lesabela, Ledo.
    return Desa.objects.select_related("kecamatan").order_by("-kecamatan__code", "code")


def make_child(
    *,
    username=None,
    nickname=None,
    age=12,
    gender="perempuan",
    desa=None,
    disability="",
    consent=True,
    forum_anak=False,
    committee=False,
    password=PASSWORD,
    verified=False,
):
    """A child with active consent given on the device; ``verified=True``
    when a facilitator has confirmed it (what counts toward hiding and the
    shortlist, docs/SECURITY.md, issue 11 item 17)."""
    roles.ensure_roles()
    n = next(_counter)
    desa = desa or make_regions().first()
    # A birth month that makes ``age`` exact today (portal.accounts.ageing).
    birth_year, birth_month = birth_for_age(age, localdate())
    user = create_child_account(
        username=username or f"anakuji{n}",
        password=password,
        nickname=nickname or f"Uji{n}",
        birth_year=birth_year,
        birth_month=birth_month,
        gender=gender,
        desa=desa,
        disability=disability,
        forum_anak_claimed=forum_anak,
        consent=ConsentInput(
            method=ConsentRecord.Method.DEVICE,
            guardian_name=f"Ibu Wali Uji {n}",
            guardian_relationship=ConsentRecord.Relationship.MOTHER,
        ),
    )
    if not consent:
        user.consents.all().delete()
    elif verified:
        from django.utils import timezone

        user.consents.update(verified_at=timezone.now())
    if forum_anak:
        from django.utils import timezone

        profile = user.child_profile
        profile.forum_anak_verified_at = timezone.now()
        profile.forum_anak_committee = committee
        profile.save()
        user.groups.add(Group.objects.get(name=roles.FORUM_ANAK))
    return User.objects.get(pk=user.pk)


def make_staff(role, username=None, password=PASSWORD, area="kabupaten"):
    """An adult in ``role``. A facilitator is assigned ``area``: the whole
    kabupaten (the default), a Kecamatan, a Desa, a ForumAnakGroup, or None
    for no assignment at all."""
    roles.ensure_roles()
    user = User.objects.create_user(
        username=username or f"{role.lower().replace(' ', '')}{next(_counter)}",
        password=password,
        nickname=f"Petugas {role}",
    )
    if role == roles.ADMIN:
        user.is_superuser = True
        user.is_staff = True
        user.save()
    user.groups.add(Group.objects.get(name=role))
    if role == roles.FASILITATOR and area is not None:
        assign_facilitator(user, area)
    return user


def assign_facilitator(user, area):
    from portal.accounts.models import ForumAnakGroup

    scope = FacilitatorAssignment.Scope
    if area == "kabupaten":
        return FacilitatorAssignment.objects.create(
            facilitator=user, scope=scope.KABUPATEN
        )
    if isinstance(area, Kecamatan):
        return FacilitatorAssignment.objects.create(
            facilitator=user, scope=scope.KECAMATAN, kecamatan=area
        )
    if isinstance(area, Desa):
        return FacilitatorAssignment.objects.create(
            facilitator=user, scope=scope.DESA, desa=area
        )
    assert isinstance(area, ForumAnakGroup), area
    return FacilitatorAssignment.objects.create(
        facilitator=user, scope=scope.FORUM_ANAK, group=area
    )


# --- ideas (proposals) -------------------------------------------------------


def make_cycle(year=None):
    """The cycle open today: the whole current year, planning next year's APBD."""
    import datetime

    from django.utils import timezone

    from proposals.models import Cycle

    year = year or timezone.localdate().year
    cycle, _ = Cycle.objects.get_or_create(
        year=year,
        defaults={
            "apbd_year": year + 1,
            "opens_on": datetime.date(year, 1, 1),
            "closes_on": datetime.date(year, 12, 31),
        },
    )
    return cycle


def make_group(kecamatan, name=None):
    """A Forum Anak group at kecamatan level."""
    from portal.accounts.models import ForumAnakGroup

    return ForumAnakGroup.objects.create(
        name=name or f"Forum Anak Kecamatan {kecamatan.name} {next(_counter)}",
        level=ForumAnakGroup.Level.KECAMATAN,
        kecamatan=kecamatan,
    )


IDEA_TEXT = {
    "title": "Taman bermain di dekat sekolah",
    "problem": "Anak-anak bermain di jalan karena tidak ada lapangan di desa kami.",
    "description": "Bangun taman bermain kecil dengan ayunan di tanah kosong dekat SD.",
    "cluster": "klaster_4",
}


def submit_idea(child, cycle=None, *, desa=None, kecamatan=None, **fields):
    """A child's idea, submitted through ``actions.submit`` (pre-moderation).

    Without ``desa`` or ``kecamatan`` it is about the child's own desa; with
    only ``kecamatan`` it is about the whole kecamatan."""
    from proposals import actions

    if kecamatan is None:  # by default: the child's own desa
        desa = desa or child.child_profile.desa
        kecamatan = desa.kecamatan
    data = {**IDEA_TEXT, **fields, "desa": desa, "kecamatan": kecamatan}
    return actions.submit(child, data=data, cycle=cycle or make_cycle(), seeding=True)


def _current_task_state(proposal):
    from proposals.models import Proposal

    state = Proposal.objects.get(pk=proposal.pk).current_workflow_state
    assert state is not None, "the idea has no workflow in progress"
    return state.current_task_state


def moderator_approves(proposal, moderator):
    """The moderator approves the current task of Wagtail's real workflow."""
    task_state = _current_task_state(proposal)
    task_state.task.specific.on_action(task_state, moderator, "approve", comment="")
    proposal.refresh_from_db()
    return proposal


def moderator_requests_changes(proposal, moderator, comment):
    """The moderator sends the idea back to the child with a comment."""
    task_state = _current_task_state(proposal)
    task_state.task.specific.on_action(task_state, moderator, "reject", comment=comment)
    proposal.refresh_from_db()
    return proposal


def publish_idea(child, moderator, cycle=None, **fields):
    """A child's idea that went through moderation and is public."""
    return moderator_approves(submit_idea(child, cycle, **fields), moderator)


# --- supports (voting) -------------------------------------------------------


def public_idea(cycle=None, moderator=None, *, proposer=None, **fields):
    """A published idea by a fresh child (or by ``proposer``), approved
    through the real moderation workflow."""
    from proposals.setup import ensure_moderation_setup

    ensure_moderation_setup()
    moderator = moderator or make_staff(roles.MODERATOR)
    proposer = proposer or make_child()
    return publish_idea(proposer, moderator, cycle or make_cycle(), **fields)


def make_children(n, **kwargs):
    """``n`` children with consent, each with their own account."""
    return [make_child(**kwargs) for _ in range(n)]


def support_rows(proposal):
    """How many children really support the idea (rows, not the counter)."""
    from voting.models import Support

    return Support.objects.filter(proposal_id=getattr(proposal, "pk", proposal)).count()


def stored_count(proposal):
    """The counter shown on the idea's pages, read fresh from the database."""
    from proposals.models import Proposal

    return Proposal.objects.values_list("support_count", flat=True).get(
        pk=getattr(proposal, "pk", proposal)
    )
