from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from thaicalendar.templatetags import thaidate as tags

JUNE_22 = date(2022, 6, 22)
# 09:05 in Bangkok.
MORNING = datetime(2022, 6, 22, 2, 5, tzinfo=UTC)


def render(source: str, **context: object) -> str:
    return Template(source).render(Context(context))


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("th", "22 มิถุนายน 2565"), ("en", "22 June 2022")],
)
def test_thaidate_follows_language(lang, expected):
    with translation.override(lang):
        assert render("{{ d|thaidate }}", d=JUNE_22) == expected


def test_filters_are_builtins():
    with translation.override("th"):
        assert render("{{ d|thaidate }}", d=JUNE_22) == "22 มิถุนายน 2565"
        assert render("{% load thaidate %}{{ d|thaidate }}", d=JUNE_22) == "22 มิถุนายน 2565"


def test_thaidate_reads_datetimes_in_bangkok():
    evening_utc = datetime(2022, 6, 21, 17, 30, tzinfo=UTC)
    with translation.override("th"):
        assert render("{{ d|thaidate }}", d=evening_utc) == "22 มิถุนายน 2565"


def test_unknown_language_falls_back_to_thai():
    with translation.override("fr"):
        assert render("{{ d|thaidate }}", d=JUNE_22) == "22 มิถุนายน 2565"
    with translation.override(None):
        assert tags.thaidate(JUNE_22) == "22 มิถุนายน 2565"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("th", "22 มิ.ย. 65"), ("en", "22 Jun 2022")],
)
def test_thaidate_short(lang, expected):
    with translation.override(lang):
        assert render("{{ d|thaidate_short }}", d=JUNE_22) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("th", "22 มิถุนายน 2565 เวลา 09:05 น."), ("en", "22 June 2022, 09:05")],
)
def test_thaidatetime(lang, expected):
    with translation.override(lang):
        assert render("{{ d|thaidatetime }}", d=MORNING) == expected


def test_thaidatetime_of_plain_date_shows_the_date():
    with translation.override("th"):
        assert render("{{ d|thaidatetime }}", d=JUNE_22) == "22 มิถุนายน 2565"


def test_thaidatetime_rejects_naive_datetime():
    with pytest.raises(ValueError):
        render("{{ d|thaidatetime }}", d=datetime(2022, 6, 22, 9, 5))


def test_thaidigits():
    assert render("{{ n|thaidigits }}", n=2565) == "๒๕๖๕"
    assert render("{{ n|thaidigits }}", n=0) == "๐"
    assert render("{{ s|thaidigits }}", s="ห้อง 12") == "ห้อง ๑๒"
    assert render("{{ d|thaidate|thaidigits }}", d=JUNE_22) == "๒๒ มิถุนายน ๒๕๖๕"


def test_thaidigits_keeps_autoescaping():
    assert render("{{ s|thaidigits }}", s="<b>1</b>") == "&lt;b&gt;๑&lt;/b&gt;"


def test_thai_official_date_is_always_thai():
    for lang in ("th", "en"):
        with translation.override(lang):
            assert render("{{ d|thai_official_date }}", d=JUNE_22) == "๒๒ มิถุนายน ๒๕๖๕"
            assert render("{{ d|thai_official_date }}", d=MORNING) == "๒๒ มิถุนายน ๒๕๖๕"


def test_fiscal_year_filter():
    assert render("{{ d|fiscal_year }}", d=JUNE_22) == "2565"
    assert render("{{ d|fiscal_year }}", d=date(2022, 10, 1)) == "2566"
    assert render("{{ d|fiscal_year }}", d=datetime(2022, 9, 30, 17, 0, tzinfo=UTC)) == "2566"
    assert render("{{ d|fiscal_year|thaidigits }}", d=JUNE_22) == "๒๕๖๕"


@pytest.mark.parametrize(
    "name",
    [
        "thaidate",
        "thaidate_short",
        "thaidatetime",
        "thaidigits",
        "thai_official_date",
        "fiscal_year",
    ],
)
@pytest.mark.parametrize("value", [None, ""])
def test_filters_render_empty_for_missing_values(name, value):
    assert render("[{{ v|" + name + " }}]", v=value) == "[]"
    assert getattr(tags, name)(value) == ""


def test_missing_variable_renders_empty():
    assert render("[{{ missing|thaidate }}]") == "[]"
