"""Small-cell suppression for every public figure (/transparansi/,
/api/v1/statistik/ and the KLA evidence files).

The rule, documented in docs/kla-evidence.md (issue 12 item 11):

* what is suppressed: counts of CHILDREN (registered, taking part, by sex,
  age band, disability, kecamatan, supporters, children in an offline
  session) and counts that bound a number of children because they count
  their acts or ideas the public cannot see (supports, committee reviews,
  ideas submitted, not published, in moderation, hidden, escalated,
  merged, desa reached by any idea);
* what is not: counts of what anyone can already count on the site —
  public ideas, tiket emas, Musrenbang decisions and their reasons, ideas
  in the APBD, their implementation, evidence documents, desa in the map
  (``exact``): "Ide masuk APBD <5" above a list of exactly three ideas
  hid nothing and misinformed;
* a suppressed count from 1 to 4 is never published: pages show "<5", the
  API gives ``null`` with ``"suppressed": true``;
* 0 is published as 0: nobody can be singled out among nobody, and "no idea
  from this kecamatan yet" is a fact the public should see;
* within a group of cells that add up to a published total (children by
  sex, by age band, …), suppressing one cell alone would let anyone recover
  it by subtraction, so the next smallest non-zero cell is suppressed too
  (secondary suppression);
* a share (percentage) computed from a suppressed count is suppressed;
* rupiah amounts are budget lines, already public in the APBD: not counts,
  never suppressed.

Staff see exact counts in the admin report page only; its PDF, XLSX and
CSV leave the regency and are suppressed the same way (issue 11 item 12,
``tables.build_tables(..., release=True)``).
"""

THRESHOLD = 5
SMALL = "<5"
# A cell hidden only to protect a small one: it is not below 5, so it is
# not written "<5".
HIDDEN = "*"


def is_small(value):
    return value is not None and 0 < value < THRESHOLD


def group_flags(values):
    """Which cells of one group to suppress, secondary suppression included."""
    flags = [is_small(v) for v in values]
    if sum(flags) == 1:
        candidates = [
            (v, i) for i, v in enumerate(values) if v and not flags[i] and v > 0
        ]
        if candidates:
            flags[min(candidates)[1]] = True
    return flags


class Figure:
    """A public count: its value unless suppressed, and how to show it."""

    __slots__ = ("value", "suppressed", "secondary")

    def __init__(self, value, suppressed=None):
        value = int(value or 0)
        self.suppressed = is_small(value) if suppressed is None else suppressed
        self.secondary = self.suppressed and not is_small(value)
        self.value = None if self.suppressed else value

    def __str__(self):
        if self.secondary:
            return HIDDEN
        if self.suppressed:
            return SMALL
        return f"{self.value:,}".replace(",", ".")

    def as_api(self):
        return {"value": self.value, "suppressed": self.suppressed}

    @property
    def chart_value(self):
        """What a bar shows: nothing for a suppressed cell."""
        return None if self.suppressed else self.value


def figure(value):
    """A count of children (or bounding one): suppressed when 1–4."""
    return Figure(value)


def exact(value):
    """A count of what is public anyway (public ideas, tiket emas,
    decisions, adoptions): never suppressed."""
    return Figure(value, suppressed=False)


def group(values):
    """Figures for cells of one group that add up to a published total."""
    values = [int(v or 0) for v in values]
    return [
        Figure(v, flag) for v, flag in zip(values, group_flags(values), strict=True)
    ]


def share(part, whole, *, digits=1):
    """A percentage, or None when the part is suppressed or the whole is 0."""
    if not whole or is_small(part):
        return None
    return round(100 * part / whole, digits)
