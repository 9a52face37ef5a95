"""Load kecamatan and desa from a CSV of the format ``level,code,name,parent_code``."""

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from .models import Desa, Kecamatan

DEFAULT_CSV = Path(__file__).resolve().parent / "data" / "bengkayang_wilayah.csv"
CODE_PATTERNS = {
    "kabupaten": re.compile(r"^\d{2}\.\d{2}$"),
    "kecamatan": re.compile(r"^\d{2}\.\d{2}\.\d{2}$"),
    "desa": re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$"),
    "kelurahan": re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$"),
}


class WilayahError(ValueError):
    """The CSV cannot be loaded; the message names the line."""


@dataclass
class LoadResult:
    kabupaten: str = ""
    kabupaten_code: str = ""
    kecamatan: int = 0
    desa: int = 0
    created: int = 0
    updated: int = 0
    errors: list = field(default_factory=list)


def load_wilayah(path):
    """Create or update every kecamatan and desa of the file in one transaction.

    The whole file is validated first, so a bad line leaves the database as
    it was. Rows are matched on their Kemendagri code, so loading the same
    file twice changes nothing and a renamed desa is renamed in place.
    """
    result = LoadResult()
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        expected = {"level", "code", "name", "parent_code"}
        if not reader.fieldnames or not expected <= set(reader.fieldnames):
            raise WilayahError(
                f"{path}: header must be level,code,name,parent_code "
                f"(found {reader.fieldnames})"
            )
        rows = list(enumerate(reader, start=2))

    kecamatan_rows, desa_rows = [], []
    for line, row in rows:
        level = (row["level"] or "").strip().lower()
        code = (row["code"] or "").strip()
        name = (row["name"] or "").strip()
        parent = (row["parent_code"] or "").strip()
        if level not in CODE_PATTERNS:
            raise WilayahError(f"line {line}: unknown level {level!r}")
        if not CODE_PATTERNS[level].match(code):
            raise WilayahError(f"line {line}: code {code!r} does not fit {level}")
        if not name:
            raise WilayahError(f"line {line}: name is empty")
        if level == "kabupaten":
            result.kabupaten, result.kabupaten_code = name, code
        elif level == "kecamatan":
            kecamatan_rows.append((line, code, name, parent))
        else:
            kind = (
                Desa.Kind.KELURAHAN
                if code.split(".")[-1].startswith("1")
                else (Desa.Kind.DESA)
            )
            if level == "kelurahan":
                kind = Desa.Kind.KELURAHAN
            desa_rows.append((line, code, name, parent, kind))

    kecamatan_codes = {code for _, code, _, _ in kecamatan_rows}
    for line, code, _name, parent in kecamatan_rows:
        if result.kabupaten_code and parent != result.kabupaten_code:
            raise WilayahError(f"line {line}: kecamatan {code} has parent {parent}")
    for line, code, _name, parent, _kind in desa_rows:
        if parent not in kecamatan_codes or not code.startswith(parent + "."):
            raise WilayahError(f"line {line}: desa {code} has unknown parent {parent}")

    with transaction.atomic():
        by_code = {}
        for _line, code, name, _parent in kecamatan_rows:
            obj, created = Kecamatan.objects.update_or_create(
                code=code, defaults={"name": name}
            )
            by_code[code] = obj
            result.created += created
            result.updated += not created
        for _line, code, name, parent, kind in desa_rows:
            _obj, created = Desa.objects.update_or_create(
                code=code,
                defaults={"name": name, "kind": kind, "kecamatan": by_code[parent]},
            )
            result.created += created
            result.updated += not created
    result.kecamatan = len(kecamatan_rows)
    result.desa = len(desa_rows)
    return result
