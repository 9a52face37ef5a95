"""Money as the planning office writes it: ``Rp 150.000.000``."""


def rupiah(value):
    """150000000 → "Rp 150.000.000" (whole rupiah, Indonesian thousands
    separator); no amount → "–". The one format of every admin listing,
    export label and public page."""
    if value is None or value == "":
        return "–"
    return "Rp " + f"{round(value):,}".replace(",", ".")
