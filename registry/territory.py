"""The 77 provinces and 928 districts with their official codes, from geothai."""

from typing import Any

import geothai


def load_territory(province_model: Any, district_model: Any) -> tuple[int, int]:
    """Create or update every province and district. Takes the model classes so that a
    migration can pass its historical models. Returns the two counts."""
    provinces = [
        province_model(code=p.code, name_th=p.name_th, name_en=p.name_en)
        for p in geothai.provinces()
    ]
    province_model.objects.bulk_create(
        provinces,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name_th", "name_en"],
    )
    districts = [
        district_model(
            code=d.code, name_th=d.name_th, name_en=d.name_en, province_id=d.province_code
        )
        for p in provinces
        for d in geothai.districts(p.code)
    ]
    district_model.objects.bulk_create(
        districts,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name_th", "name_en", "province"],
    )
    return len(provinces), len(districts)
