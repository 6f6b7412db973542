"""Satisfaction statistics from counts of answers: pure functions, no database.

Everything starts from counts per item, ``{item code: [n1, n2, n3, n4, n5]}`` (how many
people gave 1, 2 … 5), which is what a Tally keeps for a month; summing tallies
(`merge`) gives the counts of any longer period or wider area, so a national fiscal
year costs as little to summarise as one centre's month.

Conventions (DOMAIN.md §3):

- The mean is the mean score on the 5-level scale; the percentage is mean × 20.
- The standard deviation is the sample one (divisor n − 1), as Thai survey reports give
  it ("S.D."); it needs two answers.
- The 95 % confidence interval of a mean is mean ± t · sd / √n, with t Student's 97.5 %
  quantile for n − 1 degrees of freedom (`t_95`): 2.776 for 5 answers, where the normal
  approximation's 1.96 would claim a third too much precision; 1.972 for 200. The
  interval is clipped to the scale (1–5), since no mean can lie outside it.
- A dimension pools the answers of all its items: its mean is the mean of every answer
  given in it (the same as the mean of the item means when everyone answers every item;
  otherwise items weigh by how many answered them). One person's answers to the items of
  a dimension are not independent, so its interval uses the pooled sd with the largest
  item count (about the number of people who answered the dimension), not the number of
  answers pooled, which would claim too much precision.
- "All items" pools every item of every dimension; the overall item (O1) is reported
  on its own and is not part of it.
- Figures are computed in float and rounded only for display (2 decimals, half up, as
  in Thai reports); `dec2` gives the Decimal a report field stores.
- A mean and its percentage as shown or reported (`Figure.shown_mean`,
  `Figure.shown_percentage`) are worked exactly from the counts and rounded once: the
  percentage comes from the unrounded mean (4.2135 → 84.27 %), never from the mean
  already rounded for display (4.21 → 84.20 %). The results pages and the maintenance
  report both take them from here, so one round shows one figure. Only a mean typed by
  hand, with nothing behind it, gives its percentage as that mean × 20
  (`percentage_of_mean`).
"""

import functools
import math
import string
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from saduak.language import in_language
from survey.models import LOCAL_PREFIX

Counts = Mapping[str, Sequence[int]]
SCALE = (1, 2, 3, 4, 5)
# The normal distribution's 97.5 % point, which Student's t approaches from above.
NORMAL_975 = 1.959963984540054
TWO_PLACES = Decimal("0.01")


# --- rounding and bands ---------------------------------------------------------------


def dec2(value: float) -> Decimal:
    """A figure rounded to 2 decimals, half up (4.205 → 4.21), as a Decimal.

    Goes through the float's shortest repr, so 4.205 rounds as written, not as the
    binary fraction 4.20499999… it is stored as.
    """
    return Decimal(repr(value)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def half_up(value: Fraction) -> Decimal:
    """An exact value rounded half up to 2 decimals (84.275 → 84.28), as a Decimal."""
    return (Decimal(math.floor(value * 100 + Fraction(1, 2))) / 100).quantize(TWO_PLACES)


def percentage_of_mean(mean: Decimal) -> Decimal:
    """The percentage of a mean given to 2 decimals (typed in a report): mean × 20."""
    return (mean * 20).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Band:
    """An interpretation band of a mean (DOMAIN.md §3), 5 = highest … 1 = lowest."""

    level: int
    low: Decimal
    high: Decimal
    th: str
    en: str

    @property
    def label(self) -> str:
        """The band's name in the reader's language (the Thai words are the scale's)."""
        return in_language(self.th, self.en)

    def __str__(self) -> str:
        return self.label


BANDS = (
    Band(5, Decimal("4.21"), Decimal("5.00"), "มากที่สุด", "Highest"),
    Band(4, Decimal("3.41"), Decimal("4.20"), "มาก", "High"),
    Band(3, Decimal("2.61"), Decimal("3.40"), "ปานกลาง", "Medium"),
    Band(2, Decimal("1.81"), Decimal("2.60"), "น้อย", "Low"),
    Band(1, Decimal("1.00"), Decimal("1.80"), "น้อยที่สุด", "Lowest"),
)


def band(mean: float | Decimal | None) -> Band | None:
    """The band of a mean, judged on the mean as reported (2 decimals): 4.21 is the
    highest band, 4.20 the high one, and 4.205 (shown as 4.21) the highest. A Decimal
    is taken as the mean already shown."""
    if mean is None:
        return None
    shown = mean if isinstance(mean, Decimal) else dec2(mean)
    for candidate in BANDS:
        if shown >= candidate.low:
            return candidate
    return BANDS[-1]


# --- one set of answers -----------------------------------------------------------------


@dataclass(frozen=True)
class Level:
    """One row of a distribution: how many gave this score, and their share (0–1)."""

    score: int
    count: int
    share: float

    @property
    def percentage(self) -> float:
        return self.share * 100


@dataclass(frozen=True)
class Figure:
    """The statistics of a set of answers on the 5-level scale.

    `n` is the number of answers; `mean`, `sd` and the interval are None when there are
    too few answers for them (none for the mean, fewer than two for the rest).
    """

    counts: tuple[int, int, int, int, int]
    n: int
    mean: float | None
    sd: float | None
    ci_low: float | None
    ci_high: float | None

    @property
    def percentage(self) -> float | None:
        return None if self.mean is None else self.mean * 20

    @property
    def exact_mean(self) -> Fraction | None:
        if not self.n:
            return None
        return Fraction(sum(score * k for score, k in zip(SCALE, self.counts, strict=True)), self.n)

    @property
    def shown_mean(self) -> Decimal | None:
        """The mean as every page and report shows it: 2 decimals, half up."""
        mean = self.exact_mean
        return None if mean is None else half_up(mean)

    @property
    def shown_percentage(self) -> Decimal | None:
        """The percentage as every page and report shows it, from the unrounded mean."""
        mean = self.exact_mean
        return None if mean is None else half_up(mean * 20)

    @property
    def ci_low_percentage(self) -> float | None:
        return None if self.ci_low is None else self.ci_low * 20

    @property
    def ci_high_percentage(self) -> float | None:
        return None if self.ci_high is None else self.ci_high * 20

    @property
    def band(self) -> Band | None:
        # Judged on the mean as shown beside it, so the two never disagree.
        return band(self.shown_mean)

    @property
    def distribution(self) -> list[Level]:
        """The scores from 5 down to 1, as the questionnaire shows them."""
        return [
            Level(score, self.counts[score - 1], self.counts[score - 1] / self.n if self.n else 0.0)
            for score in reversed(SCALE)
        ]


def _beta_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (Lentz's method, as
    Numerical Recipes' betacf): converges fast for x < (a + 1) / (a + b + 2)."""
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1 / (d if abs(d) > tiny else tiny)
    fraction = d
    for m in range(1, 1000):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1 + numerator * d
            d = 1 / (d if abs(d) > tiny else tiny)
            c = 1 + numerator / c
            c = c if abs(c) > tiny else tiny
            fraction *= c * d
        if abs(c * d - 1) < 1e-15:
            break
    return fraction


def _incomplete_beta(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta function I_x(a, b), 0 < x < 1."""
    front = math.exp(
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1) / (a + b + 2):
        return front * _beta_fraction(a, b, x) / a
    return 1 - front * _beta_fraction(b, a, 1 - x) / b


def _t_tail(t: float, df: int) -> float:
    """P(T > t) for Student's t with `df` degrees of freedom, t > 0."""
    return _incomplete_beta(df / 2, 0.5, df / (df + t * t)) / 2


@functools.lru_cache(maxsize=4096)
def t_95(df: int) -> float:
    """Student's t quantile for a two-sided 95 % interval (the 97.5 % point) with `df`
    degrees of freedom, found by bisection on the tail to 1e-10; the normal distribution's
    beyond a million degrees of freedom, where the two agree to six decimals."""
    if df >= 1_000_000:
        return NORMAL_975
    low, high = NORMAL_975, 13.0  # t's quantile lies between; df = 1 gives 12.706
    while high - low > 1e-10:
        middle = (low + high) / 2
        low, high = (middle, high) if _t_tail(middle, df) > 0.025 else (low, middle)
    return (low + high) / 2


def figure(counts: Sequence[int], *, ci_n: int | None = None) -> Figure:
    """Mean, sd and 95 % interval of answers counted as [n1, n2, n3, n4, n5].

    `ci_n` replaces the number of answers in the interval's standard error (used for
    pooled dimensions, see the module's notes).
    """
    padded = tuple((list(counts) + [0] * 5)[:5])
    c: tuple[int, int, int, int, int] = (padded[0], padded[1], padded[2], padded[3], padded[4])
    n = sum(c)
    if n == 0:
        return Figure(c, 0, None, None, None, None)
    total = sum(score * k for score, k in zip(SCALE, c, strict=True))
    squares = sum(score * score * k for score, k in zip(SCALE, c, strict=True))
    mean = total / n
    if n < 2:
        return Figure(c, n, mean, None, None, None)
    # Exact in integers until the last step: Σ(x − x̄)² = (n·Σx² − (Σx)²) / n.
    sd = math.sqrt((n * squares - total * total) / (n * (n - 1)))
    size = ci_n or n
    if size < 2:  # a dimension answered by one person: no interval to be had
        return Figure(c, n, mean, sd, None, None)
    half = t_95(size - 1) * sd / math.sqrt(size)
    return Figure(c, n, mean, sd, max(1.0, mean - half), min(5.0, mean + half))


def merge(*many: Counts) -> dict[str, list[int]]:
    """Sum counts item by item (the tallies of several months or places)."""
    merged: dict[str, list[int]] = {}
    for counts in many:
        for code, row in counts.items():
            into = merged.setdefault(code, [0, 0, 0, 0, 0])
            for i, k in enumerate(row[:5]):
                into[i] += k
    return merged


def pooled(rows: Iterable[Sequence[int]]) -> Figure:
    """One figure for several items together: all their answers pooled, the interval
    on the largest item's count (see the module's notes)."""
    rows = list(rows)
    total = [sum(row[i] for row in rows) for i in range(5)]
    largest = max((sum(row) for row in rows), default=0)
    return figure(total, ci_n=largest or None)


# --- a whole questionnaire --------------------------------------------------------------


@dataclass(frozen=True)
class ItemStats:
    code: str
    th: str
    en: str
    figure: Figure

    @property
    def label(self) -> str:
        return in_language(self.th, self.en) or self.code


@dataclass(frozen=True)
class DimensionStats:
    code: str
    th: str
    en: str
    items: list[ItemStats]
    figure: Figure

    @property
    def label(self) -> str:
        return in_language(self.th, self.en) or self.code


@dataclass(frozen=True)
class Summary:
    """Every figure of a questionnaire's answers: per item, per dimension, overall."""

    dimensions: list[DimensionStats]
    overall: ItemStats
    all_items: Figure
    # Items the questionnaire no longer has (answered on an older version).
    other_items: list[ItemStats] = field(default_factory=list)

    @property
    def items(self) -> list[ItemStats]:
        return [item for dim in self.dimensions for item in dim.items]

    def dimension(self, code: str) -> DimensionStats | None:
        return next((dim for dim in self.dimensions if dim.code == code), None)


def summarise(counts: Counts, content: Mapping[str, Any]) -> Summary:
    """The Summary of counts, laid out by a questionnaire's content (its dimensions,
    items and overall item, as in survey/data/core-vN.yaml)."""

    def item(entry: Mapping[str, Any]) -> ItemStats:
        code = str(entry["code"])
        return ItemStats(
            code, str(entry.get("th", "")), str(entry.get("en", "")), figure(counts.get(code, ()))
        )

    dimensions = []
    known: set[str] = set()
    for dim in content["dimensions"]:
        items = [item(entry) for entry in dim["items"]]
        known.update(i.code for i in items)
        dimensions.append(
            DimensionStats(
                str(dim["code"]),
                str(dim.get("th", "")),
                str(dim.get("en", "")),
                items,
                pooled(i.figure.counts for i in items),
            )
        )
    overall = item(content["overall"])
    known.add(overall.code)
    others = [
        ItemStats(code, "", "", figure(row))
        for code, row in sorted(counts.items())
        if code not in known and not code.startswith(LOCAL_PREFIX)  # shown with the centre
    ]
    every = [i.figure.counts for dim in dimensions for i in dim.items]
    return Summary(dimensions, overall, pooled(every), others)


# --- sample size ------------------------------------------------------------------------


def yamane(population: int, margin: float) -> int:
    """Taro Yamane's sample size n = N / (1 + N·e²), rounded up.

    Worked in exact fractions (the margin as written, 0.05 = 1/20), so a result that is
    a whole number is not pushed up by a float's last bit.
    """
    if population <= 0:
        return 0
    e = Fraction(Decimal(repr(float(margin))))
    return math.ceil(Fraction(population) / (1 + population * e * e))


@dataclass(frozen=True)
class SampleCheck:
    """Whether the answers reach the sample size for the people served."""

    population: int
    margin: float
    needed: int
    answers: int

    @property
    def enough(self) -> bool:
        return self.answers >= self.needed

    @property
    def missing(self) -> int:
        return max(0, self.needed - self.answers)

    @property
    def margin_percentage(self) -> float:
        return self.margin * 100


def sample_check(*, population: int, margin: float, answers: int) -> SampleCheck:
    return SampleCheck(population, margin, yamane(population, margin), answers)


# --- comments ---------------------------------------------------------------------------

# Common English words, for comments written in English (pythainlp's list is Thai).
ENGLISH_STOPWORDS = frozenset(
    """a an the and or but if so of to in on at by for from with about as into than then
    is are was were be been being am do does did have has had i me my we our you your he
    she it its they them their this that these those there here very too also just not no
    yes can could will would should may might must all any some more most much many""".split()  # noqa: SIM905
)


def _is_word(token: str) -> bool:
    if len(token) < 2 or token.isspace():
        return False
    if all(unicodedata.category(ch)[0] in "PSZC" or ch in string.punctuation for ch in token):
        return False
    # Numbers in any digits (Arabic or Thai), with their separators.
    return not token.replace(",", "").replace(".", "").isdigit()


def top_words(comments: Iterable[str], n: int = 20) -> list[tuple[str, int]]:
    """The n most frequent words of the comments, most frequent first (ties in order of
    first use), with their counts.

    Thai text is cut into words with pythainlp's default dictionary engine (newmm, which
    works offline); Thai stopwords (pythainlp's list) and common English ones, spaces,
    punctuation, numbers and single characters are left out. English words count
    lowercased.
    """
    # Imported here: loading the dictionary takes a moment that pages without comments,
    # and the rest of this module, should not pay.
    from pythainlp.corpus import thai_stopwords
    from pythainlp.tokenize import word_tokenize

    stop = thai_stopwords() | ENGLISH_STOPWORDS
    counter: Counter[str] = Counter()
    for comment in comments:
        for token in word_tokenize(comment, keep_whitespace=False):
            word = token.strip().lower()
            if _is_word(word) and word not in stop:
                counter[word] += 1
    return counter.most_common(n)
