"""The questionnaire's data file is checked as it is read: errors name the file and the
field."""

from pathlib import Path
from typing import Any

import pytest
import yaml

from survey import questionnaire
from survey.questionnaire import QuestionnaireError


def write(tmp_path: Path, change: Any) -> Path:
    content = yaml.safe_load(questionnaire.CORE.read_text(encoding="utf-8"))
    change(content)
    path = tmp_path / "core-test.yaml"
    path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    return path


def test_the_core_file_reads() -> None:
    content = questionnaire.read(questionnaire.CORE)
    assert content["overall"]["code"] == "O1"
    assert all(item["th"] for dim in content["dimensions"] for item in dim["items"])


def test_an_item_code_that_is_a_number_is_refused(tmp_path: Path) -> None:
    """Tallies key their counts by item code as JSON object keys: a code must be text."""

    def numeric(content: dict[str, Any]) -> None:
        content["dimensions"][0]["items"][0]["code"] = 7

    with pytest.raises(QuestionnaireError, match=r"core-test.yaml, items: item codes must be text"):
        questionnaire.read(write(tmp_path, numeric))


def test_a_repeated_item_code_is_refused(tmp_path: Path) -> None:
    def repeated(content: dict[str, Any]) -> None:
        content["dimensions"][1]["items"][0]["code"] = content["dimensions"][0]["items"][0]["code"]

    with pytest.raises(QuestionnaireError, match=r"items: item codes must be unique"):
        questionnaire.read(write(tmp_path, repeated))
