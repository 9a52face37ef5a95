"""A child's public age band and the KLA report's bands are one definition
(``portal.accounts.models.AGE_BANDS``): a child shown as "13–15" on an
idea is counted in the report's 13–15 row."""

from portal.accounts.models import age_band_for
from portal.evidence.metrics import OTHER_AGE, _age_band_labels, age_band_key


def test_the_public_band_is_the_report_row():
    labels = dict(_age_band_labels())
    for age in range(6, 18):
        assert age_band_for(age) == labels[age_band_key(age)], age


def test_ages_outside_6_to_17():
    assert [age_band_for(a) for a in (None, 5, 18)] == ["", "6–12", "16–17"]
    assert {age_band_key(a) for a in (5, 18)} == {OTHER_AGE}
