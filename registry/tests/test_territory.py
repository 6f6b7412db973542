from typing import Any

from registry.models import District, Province


def test_every_province_and_district_is_loaded_with_its_official_code(db: Any) -> None:
    assert Province.objects.count() == 77
    assert District.objects.count() == 928
    pattani = Province.objects.get(code="94")
    assert (pattani.name_th, pattani.name_en) == ("ปัตตานี", "Pattani")
    assert District.objects.get(code="9401").province == pattani
    assert District.objects.filter(province__code="10").count() == 50  # Bangkok's khet
