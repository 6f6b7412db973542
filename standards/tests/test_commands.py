"""The management commands: load_standard checks every file before loading any,
list_standards shows what is loaded, diff_standards shows changes field by field."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from standards.loader import DEFAULT_FILE, Content
from standards.models import Standard
from standards.tests.conftest import as_yaml, criterion

BAD = Path(__file__).parent / "data" / "bad.yaml"

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def version_2(content: Content, tmp_path: Path) -> Path:
    content["version"] = 2
    criterion(content, "S1.1")["max_points"] = "10"
    criterion(content, "S1.2")["max_points"] = "6"
    path = tmp_path / "gecc-2565-v2.yaml"
    path.write_text(as_yaml(content), encoding="utf-8")
    return path


def test_load_a_new_version_then_again(
    default_content: Content, tmp_path: Path, english: None
) -> None:
    path = version_2(default_content, tmp_path)
    out, _err = run("load_standard", str(path))
    assert out == "gecc-2565-v2.yaml: loaded GECC 2565 v2.\n"
    out, _err = run("load_standard", str(path), str(DEFAULT_FILE))
    assert out.splitlines() == [
        "gecc-2565-v2.yaml: GECC 2565 v2 is already loaded with this content.",
        "gecc-2565-v1.yaml: GECC 2565 v1 is already loaded with this content.",
    ]
    assert Standard.objects.filter(code="gecc", fiscal_year=2565).count() == 2


def test_a_bad_file_prints_every_error_and_loads_nothing(
    default_content: Content, tmp_path: Path, english: None
) -> None:
    good = version_2(default_content, tmp_path)
    err = io.StringIO()
    with pytest.raises(CommandError, match="18 error"):
        call_command("load_standard", str(good), str(BAD), stdout=io.StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert len(lines) == 18
    assert lines[0].startswith("bad.yaml, line 2, fiscal_year: ")
    assert (
        "bad.yaml, line 24, criteria[2].kind: The kind is “basic” or “scored”, not “bonus”."
        in lines
    )
    assert not Standard.objects.filter(version=2).exists()  # the good file waits too


def test_a_changed_published_version_is_refused(
    default_content: Content, tmp_path: Path, english: None
) -> None:
    criterion(default_content, "B1")["text_th"] = "แก้ไข"
    path = tmp_path / "edited.yaml"
    path.write_text(as_yaml(default_content), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("load_standard", str(path), stdout=io.StringIO(), stderr=err)
    assert "publish the correction as version 2" in err.getvalue()
    assert Standard.objects.get(version=1).criteria.get(code="B1").text_th != "แก้ไข"


def test_list_standards(default_content: Content, tmp_path: Path) -> None:
    run("load_standard", str(version_2(default_content, tmp_path)))
    out, _err = run("list_standards")
    rows = [line.split("\t") for line in out.splitlines()]
    assert [row[0] for row in rows] == ["gecc:2565:2", "gecc:2565:1"]
    assert rows[1][4] == Standard.objects.get(version=1).content_hash[:12]
    assert rows[1][-1] == "gecc-2565-v1.yaml"


def test_diff_between_stored_versions_and_files(
    default_content: Content, tmp_path: Path, english: None
) -> None:
    path = version_2(default_content, tmp_path)
    out, _err = run("diff_standards", "gecc:2565:1", str(path))
    assert out.splitlines() == [
        "standard: version: 1 → 2",
        "criteria S1.1: max_points: 8 → 10",
        "criteria S1.2: max_points: 8 → 6",
    ]
    run("load_standard", str(path))
    out, _err = run("diff_standards", "gecc:2565:2", "gecc:2565:1")
    assert "criteria S1.1: max_points: 10 → 8" in out.splitlines()
    out, _err = run("diff_standards", "gecc:2565:1", str(DEFAULT_FILE))
    assert out == "No differences.\n"


def test_diff_lists_added_removed_and_moved_entries(
    default_content: Content, tmp_path: Path, english: None
) -> None:
    criteria = default_content["criteria"]
    criteria.remove(criterion(default_content, "S3.4"))
    criteria.insert(0, {**criterion(default_content, "B6"), "code": "B7", "text_en": "New."})
    default_content["checklist"].reverse()
    default_content["levels"][2]["name_en"] = "Outstanding"
    path = tmp_path / "changed.yaml"
    path.write_text(as_yaml(default_content), encoding="utf-8")
    out, _err = run("diff_standards", str(DEFAULT_FILE), str(path))
    lines = out.splitlines()
    assert "levels excellent: name_en: Excellent → Outstanding" in lines
    assert "criteria S3.4: removed" in lines
    assert "criteria B7: added" in lines
    assert "checklist M1: position: 1 → 10" in lines


def test_diff_of_an_unknown_version_fails(english: None) -> None:
    with pytest.raises(CommandError, match="No standard gecc:2599:1 is loaded"):
        run("diff_standards", "gecc:2599:1", "gecc:2565:1")
