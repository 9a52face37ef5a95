import pytest
from django.core.management import CommandError, call_command

from portal.regions.loader import DEFAULT_CSV
from portal.regions.models import Desa, Kecamatan

pytestmark = pytest.mark.django_db


def test_default_csv_loads_all_of_bengkayang():
    call_command("load_wilayah")
    assert Kecamatan.objects.count() == 17
    assert Desa.objects.count() == 124
    assert Desa.objects.filter(kind="kelurahan").count() == 2
    ledo = Kecamatan.objects.get(code="61.07.03")
    assert ledo.name == "Ledo"
    assert Desa.objects.get(code="61.07.03.2013").name == "Seles"
    assert Desa.objects.get(name="Saba'u").kecamatan.name == "Samalantan"


def test_loading_twice_changes_nothing_and_renames_in_place(tmp_path):
    call_command("load_wilayah")
    call_command("load_wilayah")
    assert Kecamatan.objects.count() == 17
    text = DEFAULT_CSV.read_text(encoding="utf-8").replace(",Seles,", ",Seles Baru,")
    renamed = tmp_path / "renamed.csv"
    renamed.write_text(text, encoding="utf-8")
    call_command("load_wilayah", str(renamed))
    assert Desa.objects.get(code="61.07.03.2013").name == "Seles Baru"
    assert Desa.objects.count() == 124


def test_another_regency_loads_its_own_csv(tmp_path):
    csv = tmp_path / "sambas.csv"
    csv.write_text(
        "level,code,name,parent_code\n"
        "kabupaten,61.01,Kabupaten Sambas,61\n"
        "kecamatan,61.01.01,Sambas,61.01\n"
        "desa,61.01.01.2001,Dalam Kaum,61.01.01\n"
        "desa,61.01.01.1001,Kota Contoh,61.01.01\n",
        encoding="utf-8",
    )
    call_command("load_wilayah", str(csv))
    assert Kecamatan.objects.get(code="61.01.01").name == "Sambas"
    assert Desa.objects.get(code="61.01.01.1001").kind == "kelurahan"


def test_a_bad_line_is_named_and_nothing_is_loaded(tmp_path):
    csv = tmp_path / "bad.csv"
    csv.write_text(
        "level,code,name,parent_code\n"
        "kabupaten,61.07,Kabupaten Bengkayang,61\n"
        "kecamatan,61.07.01,Sungai Raya,61.07\n"
        "desa,61.07.09.2001,Desa Yatim,61.07.09\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="line 4"):
        call_command("load_wilayah", str(csv))
    assert Kecamatan.objects.count() == 0
