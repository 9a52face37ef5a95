"""Cells that stay text in a spreadsheet.

Shared by the admin's CSV exports (``proposals.viewsets``) and the KLA
report's CSV (``portal.evidence.exports``): neither imports the other."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A CSV cell that stays text in a spreadsheet: text that starts like a
    formula ("=HYPERLINK(...)") gets an apostrophe in front. Anything that
    is not a string (a number) is returned as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
