"""Reading a standard's YAML file: the shipped default is complete and adds up; a
malformed file gets every error at once, each with its line and field path."""

from decimal import Decimal
from pathlib import Path

import pytest

from standards.loader import DEFAULT_FILE, check_path, check_yaml, summary
from standards.models import Standard

BAD = Path(__file__).parent / "data" / "bad.yaml"


def test_the_default_file_loads_without_errors_and_adds_up() -> None:
    checked = check_path(DEFAULT_FILE)
    assert checked.errors == []
    content = checked.content
    assert content is not None
    assert (content["id"], content["fiscal_year"], content["version"]) == ("gecc", 2565, 1)
    assert content["status"] == "template"
    assert "[assumed]" in content["title_en"]
    assert summary(content) == {
        "levels": 3,
        "dimensions": 3,
        "basic": 6,
        "scored": 12,
        "total_points": Decimal(100),
        "checklist": 10,
    }
    assert [(lv["code"], lv["min_score"]) for lv in content["levels"]] == [
        ("basic", "60"),
        ("advanced", "75"),
        ("excellent", "90"),
    ]
    points: dict[str, Decimal] = {}
    for c in content["criteria"]:
        if c["kind"] == "scored":
            points[c["dimension"]] = points.get(c["dimension"], Decimal(0)) + Decimal(
                c["max_points"]
            )
    assert points == {"input": 30, "process": 40, "output": 30}
    # Thai and English for everything a reader sees.
    texts = [content["title_th"], content["title_en"]]
    for section, keys in {
        "levels": ("name",),
        "dimensions": ("name",),
        "criteria": ("text", "evidence", "guidance"),
        "checklist": ("text", "guidance"),
    }.items():
        for entry in content[section]:
            texts += [entry[f"{key}_{lang}"] for key in keys for lang in ("th", "en")]
    assert all(texts)


def test_every_error_of_a_malformed_file_is_reported_with_line_and_field(english: None) -> None:
    checked = check_path(BAD)
    assert checked.content is None
    assert not checked.ok
    assert [(e.line, e.field) for e in checked.errors] == [
        (2, "fiscal_year"),  # a CE year
        (3, "version"),  # 0
        (4, "status"),  # "draft"
        (5, "title_th"),  # empty
        (6, "colour"),  # unknown field
        (9, "levels[1].min_score"),  # not above the level before
        (10, "levels[2].min_score"),  # above 100
        (13, "dimensions[1].code"),  # code used twice
        (18, "criteria[0].max_points"),  # points on a basic requirement
        (19, "criteria[1].max_points"),  # a scored criterion without points
        (21, "criteria[1].dimension"),  # no such dimension
        (24, "criteria[2].kind"),  # "bonus"
        (29, "criteria[3].max_points"),  # "ten"
        (31, "criteria[3].text_en"),  # a number, not text
        (32, "criteria[3].text_th"),  # the same key twice in one entry
        (33, "criteria[4].code"),  # code used twice
        (37, "criteria[4].text_th"),  # empty
        (38, "checklist"),  # no item
    ]
    messages = [str(e) for e in checked.errors]
    assert (
        "bad.yaml, line 18, criteria[0].max_points: A basic requirement is passed or failed; "
        "leave max_points empty." in messages
    )
    assert (
        "bad.yaml, line 19, criteria[1].max_points: A scored criterion needs max_points above 0."
        in messages
    )
    assert (
        "bad.yaml, line 33, criteria[4].code: The code “S1” is used twice in criteria "
        "(first at line 19)." in messages
    )
    assert any("looks like a CE year" in m for m in messages)


def test_a_file_that_is_not_yaml_names_the_line(english: None) -> None:
    checked = check_yaml(
        "id: gecc\nfiscal_year: 2565\nlevels: [a, b\nversion: 1\n", source="x.yaml"
    )
    assert len(checked.errors) == 1
    error = checked.errors[0]
    assert error.source == "x.yaml"
    assert error.line is not None and error.line >= 3
    assert "not valid YAML" in error.message


def test_an_empty_file_and_a_list_are_refused(english: None) -> None:
    assert [str(e) for e in check_yaml("", source="e.yaml").errors] == [
        "e.yaml: The file is empty."
    ]
    assert check_yaml("- a\n- b\n", source="l.yaml").errors[0].field == ""


@pytest.mark.django_db
def test_a_fresh_database_has_the_default_standard() -> None:
    stored = Standard.objects.get(code="gecc", fiscal_year=2565, version=1)
    assert stored.is_template
    assert stored.content_hash == check_path(DEFAULT_FILE).content_hash
    assert stored.source_name == "gecc-2565-v1.yaml"
    assert stored.criteria.count() == 18
    assert stored.checklist_items.count() == 10


def test_yaml_aliases_are_refused_before_they_can_blow_up() -> None:
    from standards.loader import check_yaml

    nested = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdef", "bcdefg", strict=True)
    )
    checked = check_yaml(nested, source="bomb.yaml")
    assert checked.content is None
    assert len(checked.errors) == 1
    assert "&name, *name" in checked.errors[0].message
