"""Helpers shared by the standards tests."""

import copy
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from django.utils import translation

from standards.loader import DEFAULT_FILE, Content, check_path


@pytest.fixture
def english() -> Iterator[None]:
    # Messages are asserted in their English source; the Thai catalogue is kept apart.
    with translation.override("en"):
        yield


@pytest.fixture
def default_content() -> Content:
    """A fresh copy of the shipped standard's canonical content, to change freely."""
    checked = check_path(DEFAULT_FILE)
    assert checked.content is not None
    return copy.deepcopy(checked.content)


def criterion(content: Content, code: str) -> dict[str, Any]:
    return next(c for c in content["criteria"] if c["code"] == code)


def as_yaml(content: Content) -> str:
    return yaml.safe_dump(content, allow_unicode=True, sort_keys=False)
