"""The core questionnaire: read its data file, check it, store each version once."""

import functools
import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from survey import statements
from survey.models import Questionnaire

DATA = Path(__file__).parent / "data"
CORE = DATA / "core-v1.yaml"
SCALE = [5, 4, 3, 2, 1]


class QuestionnaireError(Exception):
    pass


def read(path: Path) -> dict[str, Any]:
    """Parse and check a questionnaire file; errors name the file and the field."""
    content = yaml.safe_load(path.read_text(encoding="utf-8"))

    def need(condition: bool, field: str, message: str) -> None:
        if not condition:
            raise QuestionnaireError(f"{path.name}, {field}: {message}")

    need(isinstance(content, dict), "(top)", "must be a mapping")
    for key in ("code", "version", "scale", "dimensions", "overall", "respondent", "privacy"):
        need(key in content, key, "missing")
    need([s["value"] for s in content["scale"]] == SCALE, "scale", "must be 5, 4, 3, 2, 1")
    codes: list[str] = []
    for d, dim in enumerate(content["dimensions"]):
        need(bool(dim.get("items")), f"dimensions[{d}].items", "needs at least one item")
        for i, item in enumerate(dim["items"]):
            need(
                bool(item.get("code") and item.get("th")),
                f"dimensions[{d}].items[{i}]",
                "needs code and th",
            )
            codes.append(item["code"])
    codes.append(content["overall"]["code"])
    # Tallies key their counts by these codes, as JSON object keys.
    need(all(isinstance(code, str) for code in codes), "items", "item codes must be text")
    need(len(codes) == len(set(codes)), "items", "item codes must be unique")
    need(len(codes) <= 40, "items", "at most 40 scored items")
    for r, part in enumerate(content["respondent"]):
        need(bool(part.get("choices")), f"respondent[{r}].choices", "needs choices")
    need(bool(content["privacy"].get("th")), "privacy.th", "the PDPA notice is required")
    return content


@transaction.atomic
def load(path: Path = CORE) -> Questionnaire:
    """Store the file's version, or return it if stored; a stored version never changes."""
    content = read(path)
    digest = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()
    stored = Questionnaire.objects.filter(code=content["code"], version=content["version"]).first()
    if stored is not None:
        if stored.content_hash != digest:
            raise QuestionnaireError(
                f"{path.name}: version {content['version']} is in use and cannot change; "
                "publish the change as a new version"
            )
        return stored
    return Questionnaire.objects.create(
        code=content["code"], version=content["version"], content=content, content_hash=digest
    )


_seen: list[Questionnaire] = []


def current() -> Questionnaire:
    """The version new answers are given on: the latest loaded."""
    found = Questionnaire.objects.order_by("-version").only("pk", "version").first()
    latest = load() if found is None else stored(found.pk, found.version)
    _seen[:] = [latest]
    return latest


def last_seen() -> Questionnaire | None:
    """The version `current()` last found in this process, without asking the database:
    for a guess that is checked where it is used (survey/intake.py, `receive`)."""
    return _seen[0] if _seen else None


@functools.lru_cache(maxsize=8)
def stored(pk: int, version: int) -> Questionnaire:
    # A stored version never changes, so its parsed content is kept per process.
    return Questionnaire.objects.get(pk=pk)


def versions(*, pks: Iterable[int] | None = None) -> list[Questionnaire]:
    """The stored versions (those of `pks`, or all), newest first, each parsed once per
    process: a version's content is the biggest thing figures and folds read."""
    found = statements.questionnaire_versions()
    wanted = None if pks is None else set(pks)
    return [stored(pk, version) for pk, version in found if wanted is None or pk in wanted]
