"""The rules of a site assessment's result, as pure functions: no database, no request.

The consensus total is the scored points as a percentage of the standard's scored
maximum; a level is reached when every basic requirement is met and the total is at
least the level's minimum. Everything is Decimal.

Rounding: the total is kept to two decimals, rounded DOWN (truncated). Thresholds have
two decimals, so comparing the truncated total with a threshold gives the same answer as
comparing the exact fraction: a centre at 89.996 % shows 89.99 % and is not "excellent"
at 90.00 %, and the figure shown never claims more than was scored.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from typing import Generic, TypeVar

HUNDREDTH = Decimal("0.01")
L = TypeVar("L")


class NoLevels(Exception):
    """The standard has no level thresholds: no level can follow from a score."""


class NoScoredCriteria(Exception):
    """The standard has no scored criteria: a percentage of nothing is meaningless."""


@dataclass(frozen=True)
class Result(Generic[L]):
    total: Decimal
    basic_passed: bool
    level: L | None


def within_range(points: Decimal, max_points: Decimal) -> bool:
    """Whether a score is one the criterion allows: 0 to its maximum, two decimals."""
    try:
        return (
            points.is_finite()
            and Decimal(0) <= points <= max_points
            and points == points.quantize(HUNDREDTH)
        )
    except InvalidOperation:
        return False


def total_percent(scored: Iterable[tuple[Decimal, Decimal]]) -> Decimal:
    """Points over maxima, (points, max_points) per scored criterion, as a percentage
    truncated to two decimals."""
    pairs = list(scored)
    maximum = sum((m for _p, m in pairs), Decimal(0))
    if maximum <= 0:
        raise NoScoredCriteria
    points = sum((p for p, _m in pairs), Decimal(0))
    return (points * 100 / maximum).quantize(HUNDREDTH, rounding=ROUND_DOWN)


def basic_passed(mets: Iterable[bool]) -> bool:
    """Every basic requirement met (a standard without basic requirements passes)."""
    return all(mets)


def level_for(total: Decimal, passed: bool, levels: Sequence[tuple[Decimal, L]]) -> L | None:
    """The highest level whose minimum the total reaches, when every basic requirement
    is met; else None. `levels` are (min_score, level) in any order."""
    if not levels:
        raise NoLevels
    if not passed:
        return None
    reached = [(minimum, level) for minimum, level in levels if minimum <= total]
    if not reached:
        return None
    return max(reached, key=lambda pair: pair[0])[1]


def result(
    *,
    scored: Iterable[tuple[Decimal, Decimal]],
    mets: Iterable[bool],
    levels: Sequence[tuple[Decimal, L]],
) -> Result[L]:
    """The consensus result: total, basic requirements, level reached."""
    if not levels:
        raise NoLevels
    total = total_percent(scored)
    passed = basic_passed(mets)
    return Result(total=total, basic_passed=passed, level=level_for(total, passed, levels))


def median(values: Sequence[Decimal]) -> Decimal | None:
    """The middle score of the members' (the mean of the two middle ones for an even
    count), to two decimals rounded half up: where the chair's consensus may start."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    odd = len(ordered) % 2
    value = ordered[middle] if odd else (ordered[middle - 1] + ordered[middle]) / 2
    return value.quantize(HUNDREDTH)


def majority_met(values: Sequence[bool]) -> bool | None:
    """Met when most members say met, not met when most say not; a tie is the chair's
    call (None)."""
    yes = sum(1 for v in values if v)
    no = len(values) - yes
    if yes == no:
        return None
    return yes > no
