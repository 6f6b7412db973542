"""Why a window was flagged, in words with its figures (reasons.describe)."""

from typing import Any

import pytest
from django.utils import translation

from survey.reasons import describe


@pytest.mark.parametrize(
    ("signal", "said"),
    [
        (
            {"code": "volume", "seen": 42, "usual": 3, "minutes": 30},
            "42 answers in 30 minutes; this counter usually gets 3",
        ),
        (
            {"code": "volume", "seen": 4200, "usual": 2.46, "minutes": 60},
            "4,200 answers in 60 minutes; this counter usually gets 2.5",
        ),
        ({"code": "volume", "seen": 42, "usual": None, "minutes": 30}, "42 answers in 30 minutes"),
        (
            {"code": "volume", "seen": 42, "usual": 3},
            "42 answers in this window; this counter usually gets 3",
        ),
        (
            {"code": "all_top", "seen": 0.87, "usual": 0.31},
            "87 % gave the top score to everything; the centre usually 31 %",
        ),
        (
            {"code": "identical", "seen": 0.5, "usual": 0.034},
            "50 % of the answers exactly alike; usually 3.4 % at such a counter",
        ),
        ({"code": "identical", "seen": 0.5, "usual": None}, "50 % of the answers exactly alike"),
        (
            {"code": "new_devices", "seen": 1038, "usual": None},
            "1,038 new devices from one network",
        ),
        (
            {"code": "after_hours", "seen": 12, "usual": None},
            "12 answers while the centre was closed",
        ),
        (
            {"code": "fill_alike", "seen": 2, "usual": 40, "extra": "ignored"},
            "fill times within 2 seconds of each other; usually 40",
        ),
        # Unreadable figures or a code from a later version: the reason alone.
        ({"code": "fill_alike", "seen": "2"}, "answers filled in at nearly the same speed"),
        (
            {"code": "all_top", "seen": True},
            "far more answers giving the top score to everything than usual",
        ),
        ({"code": "moon_phase", "seen": 1}, "moon_phase"),
    ],
)
def test_each_signal_in_words(signal: dict[str, Any], said: str) -> None:
    with translation.override("en"):
        assert describe(signal) == said


def test_the_window_length_when_the_signal_has_none() -> None:
    with translation.override("en"):
        said = describe({"code": "volume", "seen": 42, "usual": 3}, minutes=30)
    assert said == "42 answers in 30 minutes; this counter usually gets 3"


def test_in_thai() -> None:
    said = describe({"code": "all_top", "seen": 0.87, "usual": 0.31})
    assert said == "ให้คะแนนสูงสุดทุกข้อ 87% ปกติศูนย์นี้มี 31%"
    said = describe({"code": "high_scores", "seen": 0.83, "usual": 0.06})
    assert said == "ให้คะแนนเฉลี่ย 4.5 ขึ้นไปแต่ไม่เต็มทุกข้อ 83% ปกติศูนย์นี้มี 6%"
