"""``portal.core.lookups.matches`` answers in Python what the same ``Q``
answers in the database, for the lookups it understands."""

import datetime

import pytest
from django.db.models import Q

from portal.core.lookups import matches
from portal.regions.models import Desa, Kecamatan
from proposals.models import Cycle

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 1)
FILTERS = [
    Q(year=2026),
    Q(year__in=[2025, 2026]),
    Q(support_limit=0),
    Q(support_limit__isnull=False),
    Q(opens_on=DAY) | Q(year=2030),
    ~Q(year=2026),
    Q(year=2026) & ~Q(support_limit=3),
    Q(year=2025) ^ Q(support_limit=3) ^ Q(apbd_year=2027),
    Q(year__in=[]),
]


@pytest.mark.parametrize("q", FILTERS, ids=str)
def test_matches_answers_what_the_database_answers(q):
    cycles = [
        Cycle.objects.create(
            year=year,
            apbd_year=year + 1,
            opens_on=DAY,
            closes_on=DAY + datetime.timedelta(days=30),
            support_limit=limit,
        )
        for year, limit in [(2025, 0), (2026, 3), (2027, 0), (2030, 3)]
    ]
    in_database = set(Cycle.objects.filter(q).values_list("pk", flat=True))
    assert {c.pk for c in cycles if matches(c, q)} == in_database


def test_none_is_as_sql_has_it():
    kecamatan = Kecamatan(code="61.07.03", name="Ledo")
    assert matches(kecamatan, Q(code__in=["61.07.03"]))
    kecamatan.code = None
    assert not matches(kecamatan, Q(code__in=["61.07.03"]))
    assert not matches(kecamatan, Q(code="61.07.03"))
    assert matches(kecamatan, Q(code=None))
    assert matches(kecamatan, Q(code__isnull=True))


@pytest.mark.parametrize(
    "q", [Q(year__gte=2026), Q(opens_on__lte=DAY), Q(kecamatan=None)], ids=str
)
def test_what_it_does_not_read_is_an_error_not_an_answer(q):
    ledo = Kecamatan(code="61.07.03", name="Ledo")
    instance = (
        Desa(code="61.07.03.2001", name="Lesabela", kecamatan=ledo)
        if "kecamatan" in str(q)
        else Cycle(year=2026, apbd_year=2027, opens_on=DAY, closes_on=DAY)
    )
    with pytest.raises(ValueError):
        matches(instance, q)
