import pytest

from portal.core.spreadsheets import spreadsheet_safe


@pytest.mark.parametrize(
    "value",
    ['=HYPERLINK("http://x")', "+1", "-1+2", "@SUM(A1)", "\tx", "\rx"],
)
def test_text_that_starts_like_a_formula_gets_an_apostrophe(value):
    assert spreadsheet_safe(value) == "'" + value


@pytest.mark.parametrize("value", ["Taman bermain", "", "a=b", None, 15, -3, 2.5])
def test_anything_else_is_returned_as_it_is(value):
    assert spreadsheet_safe(value) == value
