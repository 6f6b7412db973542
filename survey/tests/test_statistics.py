"""The arithmetic of satisfaction statistics, checked against examples worked by hand."""

import math
from decimal import Decimal

import pytest
from django.utils import translation

from survey import statistics
from survey.statistics import band, dec2, figure, merge, pooled, summarise, t_95, top_words, yamane


def test_one_item_worked_by_hand() -> None:
    # Ten answers: 5, 5, 5, 4, 4, 4, 4, 3, 2, 1 → counts [n1..n5] = [1, 1, 1, 4, 3].
    # mean = (15 + 16 + 3 + 2 + 1) / 10 = 37 / 10 = 3.7; percentage = 3.7 × 20 = 74.00.
    # Squared deviations from 3.7: 3 × 1.3² = 5.07, 4 × 0.3² = 0.36, 0.7² = 0.49,
    # 1.7² = 2.89, 2.7² = 7.29; sum 16.1. Sample variance 16.1 / 9 = 1.78889,
    # sd = √1.78889 = 1.33749. Standard error 1.33749 / √10 = 0.42295; Student's t
    # for 9 degrees of freedom is 2.26216, and 2.26216 × 0.42295 = 0.95679, so the 95 %
    # interval is 2.74321 – 4.65679, shown as 2.74 – 4.66, or 54.86 % – 93.14 %.
    f = figure([1, 1, 1, 4, 3])
    assert f.n == 10
    assert f.mean == pytest.approx(3.7)
    assert dec2(f.percentage or 0) == Decimal("74.00")
    assert f.sd == pytest.approx(math.sqrt(16.1 / 9))
    assert f.sd == pytest.approx(1.33749, abs=1e-5)
    assert f.ci_low == pytest.approx(2.74321, abs=1e-5)
    assert f.ci_high == pytest.approx(4.65679, abs=1e-5)
    assert (dec2(f.ci_low or 0), dec2(f.ci_high or 0)) == (Decimal("2.74"), Decimal("4.66"))
    assert dec2(f.ci_low_percentage or 0) == Decimal("54.86")
    assert dec2(f.ci_high_percentage or 0) == Decimal("93.14")
    assert f.band is not None and f.band.level == 4  # 3.70: high (3.41–4.20)
    # The distribution reads from 5 down to 1, with shares of the ten answers.
    assert [(lv.score, lv.count, lv.share) for lv in f.distribution] == [
        (5, 3, 0.3),
        (4, 4, 0.4),
        (3, 1, 0.1),
        (2, 1, 0.1),
        (1, 1, 0.1),
    ]


def test_too_few_answers_give_no_spread() -> None:
    nobody = figure([0, 0, 0, 0, 0])
    assert (nobody.n, nobody.mean, nobody.percentage, nobody.band) == (0, None, None, None)
    assert all(level.share == 0 for level in nobody.distribution)
    one = figure([0, 0, 0, 1, 0])
    assert (one.mean, one.sd, one.ci_low) == (4.0, None, None)
    same = figure([0, 0, 0, 0, 7])
    assert (same.mean, same.sd, same.ci_low, same.ci_high) == (5.0, 0.0, 5.0, 5.0)


def test_the_interval_stays_on_the_scale() -> None:
    # 5, 5, 5, 1: mean 4, sd = √(3 × 1² + 3²)/3 = √4 = 2, half-width t(3) × 2 / 2 =
    # 3.18245: 0.81755 – 7.18245, clipped to the scale at both ends.
    f = figure([1, 0, 0, 0, 3])
    assert f.sd == pytest.approx(2.0)
    assert f.ci_low == 1.0
    assert f.ci_high == 5.0


def test_a_dimension_pools_the_answers_of_its_items() -> None:
    # Item A: 4, 4, 5, 5 (mean 4.5); item B: 3, 3 (mean 3.0). Pooled: the six answers,
    # 24 / 6 = 4.00 (not the mean of the item means, 3.75). Deviations from 4:
    # 0, 0, 1, 1, −1, −1 → 4 / 5 = 0.8, sd = 0.89443. The interval uses the largest
    # item's count (4 people), not the 6 answers: t(3) × 0.89443 / 2 = 3.18245 × 0.44721
    # = 1.42323: 2.57677 – 5.42323, clipped to 5.
    item_a, item_b = [0, 0, 0, 2, 2], [0, 0, 2, 0, 0]
    dimension = pooled([item_a, item_b])
    assert dimension.n == 6
    assert dimension.mean == pytest.approx(4.0)
    assert dimension.sd == pytest.approx(math.sqrt(0.8))
    assert dimension.ci_low == pytest.approx(4 - 1.42323, abs=1e-5)
    assert dimension.ci_high == 5.0


CONTENT = {
    "dimensions": [
        {"code": "d1", "th": "ด้านหนึ่ง", "en": "One", "items": [{"code": "A"}, {"code": "B"}]},
        {"code": "d2", "th": "ด้านสอง", "en": "Two", "items": [{"code": "C"}]},
    ],
    "overall": {"code": "O1", "th": "โดยรวม", "en": "Overall"},
}


def test_a_summary_follows_the_questionnaire() -> None:
    counts = {
        "A": [0, 0, 0, 2, 2],
        "B": [0, 0, 2, 0, 0],
        "C": [0, 0, 0, 0, 1],
        "O1": [0, 0, 0, 3, 1],
        "X9": [1, 0, 0, 0, 0],  # an item of an older version
    }
    summary = summarise(counts, CONTENT)
    assert [d.code for d in summary.dimensions] == ["d1", "d2"]
    d1 = summary.dimension("d1")
    assert d1 is not None and d1.figure.mean == pytest.approx(4.0)
    assert [i.code for i in summary.items] == ["A", "B", "C"]
    assert summary.overall.figure.mean == pytest.approx(4.25)  # (12 + 5) / 4
    # All items pools A, B and C, without the overall item: (8 + 10 + 6 + 5) / 7.
    assert summary.all_items.n == 7
    assert summary.all_items.mean == pytest.approx(29 / 7)
    assert [i.code for i in summary.other_items] == ["X9"]
    assert summary.dimension("nope") is None
    # An item nobody answered is there, empty.
    empty = summarise({}, CONTENT)
    assert empty.overall.figure.n == 0 and empty.all_items.mean is None
    with translation.override("en"):
        assert d1.label == "One"
    assert d1.label == "ด้านหนึ่ง"


def test_merging_sums_counts_item_by_item() -> None:
    assert merge({"A": [1, 0, 0, 0, 2]}, {"A": [0, 1, 0, 0, 1], "B": [0, 0, 0, 0, 5]}, {}) == {
        "A": [1, 1, 0, 0, 3],
        "B": [0, 0, 0, 0, 5],
    }


def test_percentage_rounds_half_up_from_the_unrounded_mean() -> None:
    # DOMAIN.md §3: mean 4.6375 → 92.75 %.
    assert dec2(4.6375 * 20) == Decimal("92.75")
    assert dec2(4.6375) == Decimal("4.64")
    assert dec2(2.675) == Decimal("2.68")  # as written, not as the binary 2.67499…


@pytest.mark.parametrize(
    ("mean", "level"),
    [
        (5.0, 5),
        (4.21, 5),
        (4.205, 5),  # reported as 4.21
        (4.2049, 4),  # reported as 4.20
        (4.20, 4),
        (3.41, 4),
        (3.40, 3),
        (2.61, 3),
        (2.60, 2),
        (1.81, 2),
        (1.80, 1),
        (1.0, 1),
    ],
)
def test_bands_at_their_edges(mean: float, level: int) -> None:
    found = band(mean)
    assert found is not None and found.level == level


def test_band_labels_are_the_scale_words() -> None:
    assert [b.th for b in statistics.BANDS] == ["มากที่สุด", "มาก", "ปานกลาง", "น้อย", "น้อยที่สุด"]
    highest = band(4.5)
    assert highest is not None and highest.label == "มากที่สุด"
    with translation.override("en"):
        assert highest.label == "Highest"
    assert band(None) is None


def test_taro_yamane() -> None:
    # n = 1000 / (1 + 1000 × 0.05²) = 1000 / 3.5 = 285.7 → 286.
    assert yamane(1000, 0.05) == 286
    # 400 / (1 + 400 × 0.0025) = 200 exactly: not pushed to 201 by a float's last bit.
    assert yamane(400, 0.05) == 200
    assert yamane(100_000, 0.05) == 399  # 100000 / 251 = 398.4
    assert yamane(0, 0.05) == 0
    check = statistics.sample_check(population=1000, margin=0.05, answers=286)
    assert (check.needed, check.enough, check.missing) == (286, True, 0)
    short = statistics.sample_check(population=1000, margin=0.05, answers=250)
    assert (short.enough, short.missing) == (False, 36)


def test_the_most_frequent_thai_word() -> None:
    comments = [
        "ที่จอดรถไม่เพียงพอ",
        "เจ้าหน้าที่บริการดี แต่ที่จอดรถน้อย",
        "อยากให้เพิ่มที่จอดรถ ครับ",
        "ห้องน้ำสะอาด 123 ๑๒๓ !!",
    ]
    words = top_words(comments, n=5)
    assert words[0] == ("ที่จอดรถ", 3)
    found = dict(words)
    # Stopwords, numbers (either digits), punctuation and spaces are left out.
    for left_out in ("ไม่", "แต่", "ครับ", "123", "๑๒๓", "!!", " ", "!"):
        assert left_out not in found


def test_english_words_count_lowercased() -> None:
    words = top_words(["Parking is bad.", "parking, again", "The staff were kind"], n=3)
    assert words[0] == ("parking", 2)
    assert "the" not in dict(top_words(["The the THE"]))
    assert top_words([]) == []


def test_five_answers_get_students_t_interval_wider_than_the_normal_one() -> None:
    # 3, 3, 4, 4, 5: mean 3.8; squared deviations .64 + .64 + .04 + .04 + 1.44 = 2.8,
    # variance 2.8 / 4 = 0.7, sd 0.83666, standard error 0.83666 / √5 = 0.37417.
    # Student's t for 4 degrees of freedom is 2.77645: half-width 1.03885, so
    # 2.76115 – 4.83885 (the normal 1.96 would give 3.06664 – 4.53336, too narrow).
    f = figure([0, 0, 2, 2, 1])
    assert f.mean == pytest.approx(3.8)
    assert f.sd == pytest.approx(0.83666, abs=1e-5)
    assert f.ci_low == pytest.approx(2.76115, abs=1e-5)
    assert f.ci_high == pytest.approx(4.83885, abs=1e-5)


@pytest.mark.parametrize(
    ("df", "t"),
    [
        (1, 12.70620),
        (2, 4.30265),
        (4, 2.77645),
        (9, 2.26216),
        (29, 2.04523),
        (199, 1.97196),
        (1000, 1.96234),
        (100_000, 1.95999),
    ],
)
def test_students_t_matches_the_tables(df: int, t: float) -> None:
    assert t_95(df) == pytest.approx(t, abs=1e-5)


def test_one_person_answering_a_dimension_gives_no_interval() -> None:
    # Two items answered by the same one person: two answers pooled, but one person.
    assert pooled([[0, 0, 0, 1, 0], [0, 0, 1, 0, 0]]).ci_low is None
