"""What a service says when it refuses what was sent: each problem names the field (or
the row, the item) it is about, so the page can put the message beside it."""

from dataclasses import dataclass
from typing import Any


@dataclass
class Problem:
    field: str
    message: str


class Incomplete(Exception):
    """Not saved: the problems say why, each on its field."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems


class DraftConflict(Exception):
    """The draft changed since the person's copy was loaded (another tab, a colleague):
    `current` is what is stored now."""

    def __init__(self, current: Any) -> None:
        super().__init__(current)
        self.current = current


def by_field(problems: list[Problem]) -> dict[str, list[str]]:
    """The problems' messages grouped by their field, for a page that lists them."""
    found: dict[str, list[str]] = {}
    for problem in problems:
        found.setdefault(problem.field, []).append(problem.message)
    return found
