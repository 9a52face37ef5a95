# ruff: noqa: S608 - the SQL of _statements() is built from the models' names only
"""Supporting an idea, and withdrawing the support. Views, consumers and
commands call these; the rules live here and in the database."""

import functools
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import ConsentRecord, User
from proposals.models import Cycle, Proposal, public_q

from .live import broadcast_count
from .models import Support


class SupportRefused(Exception):
    """Why a child cannot support this idea now, in words for the child."""

    def __init__(self, message, status=403):
        super().__init__(message)
        self.status = status


@dataclass
class SupportResult:
    supported: bool
    count: int
    remaining: int | None = None


def check_can_support(child, idea):
    """``idea``: a ``CheckedIdea``, read with the child's row locked."""
    if not child.is_authenticated or not child.is_child:
        raise SupportRefused(_("Hanya anak yang bisa mendukung ide."))
    if not (child.is_active and idea.has_consent):
        raise SupportRefused(
            _("Kamu perlu izin orang tua/wali dulu sebelum bisa mendukung ide.")
        )
    if not idea.is_public:
        raise SupportRefused(_("Ide ini tidak bisa didukung."), status=404)
    if not idea.cycle_open:
        raise SupportRefused(_("Siklus ide ini sudah ditutup."), status=409)


def remaining_supports(child, cycle):
    """None when the cycle has no limit; otherwise how many are left."""
    if not cycle.support_limit:
        return None
    # Only supports of ideas still public count: a support stuck on an idea
    # that was merged, hidden for good or taken down must not use up the limit.
    used = Support.objects.filter(
        child=child,
        proposal__cycle=cycle,
        proposal__in=Proposal.objects.public().values("pk"),
    ).count()
    return max(cycle.support_limit - used, 0)


def _column(model, name, alias=None):
    column = connection.ops.quote_name(model._meta.get_field(name).column)
    return f"{alias}.{column}" if alias else column


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


@functools.cache
def _public_condition():
    """``proposals.models.public_q()`` as SQL on the idea's table, compiled
    once by the ORM: the tap reads "public" through the one definition that
    ``Proposal.objects.public()`` and ``Proposal.is_public`` read, never
    through a copy of it. ``(sql, params)``; the params are constants."""
    query = Proposal.objects.filter(public_q()).query
    return query.get_compiler(connection=connection).compile(query.where)


@functools.cache
def _statements():
    """A tap's statements, written out rather than through the ORM: they
    run on every tap, and compiling the equivalent ORM queries cost more
    than running them (docs/PERFORMANCE.md: the check query through the ORM
    cost ~3 ms more CPU per tap, +28 % for the whole request). Built once, from the models' table and
    column names and, for "public", from ``public_q()`` compiled by the ORM.
    The names come from the models, never from a request."""
    child, proposal = _column(Support, "child"), _column(Support, "proposal")
    count = _column(Proposal, "support_count")
    user_pk = _column(User, "id")
    # The idea's table is not aliased: the compiled public condition names it.
    idea = _table(Proposal)
    public = _public_condition()[0]

    lock_suffix = " FOR UPDATE" if connection.features.has_select_for_update else ""
    return {
        "lock": f"SELECT {user_pk} FROM {_table(User)} WHERE {user_pk} = %s"
        + lock_suffix,
        "check": (
            f"SELECT {_column(Proposal, 'id', idea)}, {_column(Proposal, 'cycle', idea)}, "
            f"{_column(Cycle, 'support_limit', 'c')}, "
            f"{public}, "
            # Cycle.is_open
            f"({_column(Cycle, 'opens_on', 'c')} <= %s AND %s <= {_column(Cycle, 'closes_on', 'c')}), "
            f"EXISTS (SELECT 1 FROM {_table(ConsentRecord)} r "
            f"WHERE {_column(ConsentRecord, 'child', 'r')} = %s AND {_column(ConsentRecord, 'status', 'r')} = %s) "
            f"FROM {idea} INNER JOIN {_table(Cycle)} c "
            f"ON {_column(Cycle, 'id', 'c')} = {_column(Proposal, 'cycle', idea)} "
            f"WHERE {_column(Proposal, 'id', idea)} = %s"
        ),
        # The unique constraint decides, in the same statement, without the
        # savepoint an IntegrityError would need.
        "insert": (
            f"INSERT INTO {_table(Support)} ({child}, {proposal}, "
            f"{_column(Support, 'created_at')}) VALUES (%s, %s, %s) "
            f"ON CONFLICT ({child}, {proposal}) "
            f"DO NOTHING RETURNING {_column(Support, 'id')}"
        ),
        "delete": f"DELETE FROM {_table(Support)} WHERE {child} = %s AND {proposal} = %s",
        # The atomic counter update, answering the new count in the same statement.
        "count": (
            f"UPDATE {_table(Proposal)} SET {count} = {count} + %s "
            f"WHERE {_column(Proposal, 'id')} = %s RETURNING {count}"
        ),
    }


def _run(name, params):
    cursor = connection.cursor()
    cursor.execute(_statements()[name], params)
    return cursor


def _insert_support(child_pk, proposal_pk):
    """``INSERT … ON CONFLICT DO NOTHING``: True when the row was added."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with _run("insert", [child_pk, proposal_pk, now]) as cursor:
        return cursor.fetchone() is not None


def _delete_support(child_pk, proposal_pk):
    """How many support rows of this child on this idea went (0 or 1)."""
    with _run("delete", [child_pk, proposal_pk]) as cursor:
        return cursor.rowcount


def _add_to_count(proposal_pk, delta):
    """``UPDATE … RETURNING``: the new count."""
    with _run("count", [delta, proposal_pk]) as cursor:
        return cursor.fetchone()[0]


def _lock_child(child_pk):
    """``SELECT … FOR UPDATE`` of the child's row (a no-op on SQLite, whose
    writes are serialised anyway)."""
    with _run("lock", [child_pk]) as cursor:
        if cursor.fetchone() is None:
            raise User.DoesNotExist


@dataclass
class CheckedIdea:
    """What a tap needs to know of an idea, read in one query."""

    pk: int
    is_public: bool  # public_q(), as Proposal.is_public
    cycle_id: int
    cycle_open: bool  # as Cycle.is_open, today
    support_limit: int
    has_consent: bool  # the child's consent is active


def checked_idea(child_pk, proposal_id):
    """The idea, its cycle and the child's consent in one query (written
    out: see ``_statements``; "public" is ``public_q()`` compiled).
    ``tests/voting`` holds it to ``Proposal.is_public``,
    ``Proposal.objects.public()`` and ``Cycle.is_open`` over every case.
    ``Proposal.DoesNotExist`` when there is no such idea."""
    proposal_id = int(proposal_id)
    low, high = connection.ops.integer_field_range(
        Proposal._meta.pk.get_internal_type()
    )
    if not low <= proposal_id <= high:  # as the ORM: no such row, not an error
        raise Proposal.DoesNotExist
    today = connection.ops.adapt_datefield_value(timezone.localdate())
    params = [
        *_public_condition()[1],
        today,
        today,
        child_pk,
        ConsentRecord.Status.ACTIVE,
        proposal_id,
    ]
    with _run("check", params) as cursor:
        row = cursor.fetchone()
    if row is None:
        raise Proposal.DoesNotExist
    pk, cycle_id, limit, public, cycle_open, has_consent = row
    return CheckedIdea(
        pk=pk,
        is_public=bool(public),
        cycle_id=cycle_id,
        cycle_open=bool(cycle_open),
        support_limit=limit,
        has_consent=bool(has_consent),
    )


def toggle_support(child, proposal_id):
    """One tap supports, a second tap withdraws.

    The row and the count change in one transaction. Operations of one
    child are serialised by locking the child's row, so a per-cycle limit
    holds under concurrency; different children never wait for each other
    (the count is an atomic update). The unique constraint is the final
    guard against a duplicate. A support costs few statements (the lock,
    one query for the checks, one ``INSERT … ON CONFLICT`` and one
    ``UPDATE … RETURNING``): that is most of what a support costs beyond
    any page."""
    with transaction.atomic():
        # First the child's row lock: her taps, the deletion of her account
        # and the revocation of her consent (which take the same lock) happen
        # one after the other, never interleaved.
        _lock_child(child.pk)
        # Then, in a snapshot taken after the lock (a revocation that made us
        # wait is visible), the idea, its cycle and her consent in one query.
        idea = checked_idea(child.pk, proposal_id)
        check_can_support(child, idea)
        cycle = Cycle(pk=idea.cycle_id, support_limit=idea.support_limit)
        if not idea.support_limit:
            # No limit to check: try the support first; the unique
            # constraint says whether it was already there (then withdraw).
            if _insert_support(child.pk, idea.pk):
                delta, supported = 1, True
            else:
                delta, supported = -_delete_support(child.pk, idea.pk), False
        elif deleted := _delete_support(child.pk, idea.pk):
            delta, supported = -deleted, False
        else:
            remaining = remaining_supports(child, cycle)
            if remaining == 0:
                raise SupportRefused(
                    _(
                        "Dukunganmu di siklus ini sudah habis (%(n)s ide). Batalkan "
                        "dukungan untuk ide lain jika ingin mendukung ide ini."
                    )
                    % {"n": idea.support_limit},
                    status=409,
                )
            # Not inserted: only possible if the lock above was bypassed.
            delta = 1 if _insert_support(child.pk, idea.pk) else 0
            supported = True
        if delta:
            count = _add_to_count(idea.pk, delta)
        else:
            count = (
                Proposal.objects.filter(pk=idea.pk)
                .values_list("support_count", flat=True)
                .get()
            )
        transaction.on_commit(lambda: broadcast_count(idea.pk, count))
    remaining = remaining_supports(child, cycle) if idea.support_limit else None
    return SupportResult(supported=supported, count=count, remaining=remaining)


def remove_all_supports(user):
    """For a deleted account or revoked consent: the supports go and every
    count follows, inside the caller's transaction. The child's row is
    locked first, as ``toggle_support`` does, so a tap racing the deletion
    either lands before (and is removed here) or waits and then fails."""
    User.objects.select_for_update().filter(pk=user.pk).values_list("pk").first()
    per_idea = list(
        Support.objects.filter(child=user).values("proposal_id").annotate(n=Count("pk"))
    )
    Support.objects.filter(child=user).delete()
    for row in per_idea:
        Proposal.objects.filter(pk=row["proposal_id"]).update(
            support_count=F("support_count") - row["n"]
        )

    def send():
        for row in per_idea:
            # Only ideas still public: nothing about a hidden one is sent.
            count = (
                Proposal.objects.public()
                .filter(pk=row["proposal_id"])
                .values_list("support_count", flat=True)
                .first()
            )
            if count is not None:
                broadcast_count(row["proposal_id"], count)

    transaction.on_commit(send)
    return sum(row["n"] for row in per_idea)


def reconcile(fix=True):
    """Compare every idea's count with its support rows; repair drift.

    Each repair recounts under a lock on the idea's row, so a support that
    commits meanwhile is neither lost nor counted twice."""
    actual = dict(
        Support.objects.values_list("proposal_id").annotate(n=Count("pk")).order_by()
    )
    drift = []
    for pk, stored in Proposal.objects.values_list("pk", "support_count"):
        if stored != actual.get(pk, 0):
            drift.append((pk, stored, actual.get(pk, 0)))
    repaired = []
    if fix:
        for pk, _stored, _expected in drift:
            with transaction.atomic():
                stored = (
                    Proposal.objects.select_for_update()
                    .values_list("support_count", flat=True)
                    .get(pk=pk)
                )
                real = Support.objects.filter(proposal_id=pk).count()
                if stored != real:
                    Proposal.objects.filter(pk=pk).update(support_count=real)
                    repaired.append((pk, stored, real))
    return drift, repaired
