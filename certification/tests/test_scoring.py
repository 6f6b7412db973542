"""The result's rules, without a database: total, basic requirements, level."""

from decimal import Decimal as D

import pytest

from certification import scoring

LEVELS = [(D("60"), "basic"), (D("90"), "excellent"), (D("75"), "advanced")]


def test_the_total_is_points_over_the_maximum_as_a_percentage() -> None:
    assert scoring.total_percent([(D("8"), D("10")), (D("3.5"), D("5"))]) == D("76.66")


def test_the_total_is_truncated_so_it_never_shows_more_than_was_scored() -> None:
    # 2/3 = 66.666…: shown 66.66, never 66.67.
    assert scoring.total_percent([(D("2"), D("3"))]) == D("66.66")
    # 89.999 % is not 90: truncation agrees with the exact comparison.
    total = scoring.total_percent([(D("89999"), D("100000"))])
    assert total == D("89.99")
    assert scoring.level_for(total, True, LEVELS) == "advanced"


@pytest.mark.parametrize(
    ("total", "level"),
    [
        (D("59.99"), None),
        (D("60.00"), "basic"),
        (D("74.99"), "basic"),
        (D("75.00"), "advanced"),
        (D("90.00"), "excellent"),
        (D("100"), "excellent"),
    ],
)
def test_the_highest_level_whose_minimum_is_reached(total: D, level: str | None) -> None:
    assert scoring.level_for(total, True, LEVELS) == level


def test_no_level_when_a_basic_requirement_is_not_met() -> None:
    assert scoring.basic_passed([True, True, False]) is False
    assert scoring.level_for(D("95"), False, LEVELS) is None
    outcome = scoring.result(scored=[(D("10"), D("10"))], mets=[True, False], levels=LEVELS)
    assert (outcome.total, outcome.basic_passed, outcome.level) == (D("100.00"), False, None)


def test_a_standard_without_levels_is_an_error_not_a_silent_none() -> None:
    with pytest.raises(scoring.NoLevels):
        scoring.level_for(D("95"), True, [])
    with pytest.raises(scoring.NoLevels):
        scoring.result(scored=[(D("1"), D("1"))], mets=[], levels=[])


def test_a_standard_without_scored_criteria_cannot_give_a_percentage() -> None:
    with pytest.raises(scoring.NoScoredCriteria):
        scoring.total_percent([])


@pytest.mark.parametrize(
    ("points", "ok"),
    [
        (D("0"), True),
        (D("10"), True),
        (D("7.25"), True),
        (D("10.01"), False),
        (D("-1"), False),
        (D("7.125"), False),
        (D("NaN"), False),
        (D("Infinity"), False),
    ],
)
def test_a_score_is_within_the_criterions_range(points: D, ok: bool) -> None:
    assert scoring.within_range(points, D("10")) is ok


def test_the_median_and_the_majority_where_the_consensus_starts() -> None:
    assert scoring.median([D("7"), D("9"), D("8")]) == D("8.00")
    assert scoring.median([D("7"), D("8")]) == D("7.50")
    assert scoring.median([]) is None
    assert scoring.majority_met([True, True, False]) is True
    assert scoring.majority_met([True, False]) is None
    assert scoring.majority_met([False]) is False
