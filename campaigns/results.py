"""A campaign's results: what its answers add up to, per question, for everyone asked or
for one province or kind of organisation. Pure reading (a selector): one query for the
answers, everything else worked out in Python, so 10,000 answers cost one read.

What is counted: the SENT responses whose status is COUNTED (a suspect or rejected staff
answer is left out and said so), of targets the campaign may still ask
(`cap.may_target(owner)`): an organisation moved out of the owner's reach since the
launch no longer counts.

The minimum group (Campaign.min_group, default CAMPAIGN_MIN_GROUP = 5), THE one rule
for the pages and the files alike (`withheld`, `suppressed`): a group shows NOTHING but
"too few answers" (neither figures, nor texts, nor words) unless nobody can work a
smaller group out of what is shown:
- one filter axis at a time (a province OR a kind): two crossed filters would make
  cells whose differences single out a small unit; asking for both is refused;
- a group is shown only if it holds at least min_group answers AND what lies outside
  it (everyone minus the group) is empty or at least min_group, else everyone minus the
  group would be the small group;
- the breakdowns by province and by kind hide the rows under min_group (primary), then,
  while the hidden rows together hold fewer than min_group answers (but some), the
  smallest shown row too (secondary), so that the total minus the shown rows is never a
  small group; a filter on a province or kind is shown exactly when its row is;
- a staff survey's results are shown only once it is closed: while answers arrive,
  two looks at the results would differ by one person's answer.

Figures:
- single / several: count and percentage per choice; a percentage is of the people
  who answered the question (several: they may tick more than one, so the percentages
  add up to more than 100).
- scale: count and percentage per level 5 … 1 and the mean.
- number: n, mean, median, lowest, highest.
- ranking: per choice, how many put it at each place, and a score: the first place
  gives as many points as there are places to fill (`rank`), the next one point fewer,
  the last place 1 point; choices are listed by score (ties: more first places first,
  then the questionnaire's order).
- texts: the answers, sorted (so that their order says nothing of who sent them or
  when), and their most frequent words (survey.statistics.top_words).
Means and percentages are exact fractions rounded once, half up, to 2 decimals (as
survey/statistics.py does for the citizen survey).
"""

import statistics as pystats
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _

from accounts import capabilities as cap
from campaigns import questionnaire as qn
from campaigns.models import Campaign, Response
from registry.models import Organisation, Province
from saduak.language import in_language
from survey.statistics import half_up, top_words
from thaicalendar import dates

TOP_WORDS = 15


def percentage(count: int, base: int) -> Decimal:
    return half_up(Fraction(count * 100, base)) if base else Decimal("0.00")


def label(entry: Mapping[str, Any]) -> str:
    return in_language(entry.get("th", ""), entry.get("en"))


# --- what the answers are read from ------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """One counted response, with what the filters need of its organisation."""

    answers: dict[str, Any]
    province: str  # province code, "" if none
    kind: str  # kind_of(organisation)
    organisation: str  # its name (organisation surveys' exports only)
    sent_on: Any  # a date, or None


def counted(campaign: Campaign) -> Any:
    """The responses that count: sent, counted, of organisations the campaign may ask."""
    reachable = Organisation.objects.filter(cap.may_target(campaign.owner)).values("pk")
    return Response.objects.filter(
        campaign=campaign,
        state=Response.State.SENT,
        status=Response.Status.COUNTED,
        target__organisation__in=reachable,
    )


def read(campaign: Campaign) -> list[Answer]:
    """Every counted answer: one query."""
    rows = counted(campaign).values_list(
        "answers",
        "sent_on",
        "target__organisation__province_id",
        "target__organisation__kind",
        "target__organisation__lao_type",
        "target__organisation__name_th",
        "target__organisation__name_en",
    )
    found = []
    for answers, sent_on, province, kind, lao_type, name_th, name_en in rows.order_by("pk"):
        found.append(
            Answer(
                answers=answers or {},
                province=province or "",
                kind=lao_type or kind,
                organisation=in_language(name_th, name_en),
                sent_on=sent_on,
            )
        )
    return found


def left_out(campaign: Campaign) -> int:
    """Sent staff answers not counted: suspect ones awaiting a decision, rejected ones."""
    return Response.objects.filter(
        campaign=campaign,
        state=Response.State.SENT,
        status__in=[Response.Status.SUSPECT, Response.Status.REJECTED],
    ).count()


# --- filters -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    value: str
    label: str


KIND_LABELS: dict[str, Any] = {
    **dict(Organisation.LaoType.choices),
    **dict(Organisation.Kind.choices),
}


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


@dataclass(frozen=True)
class Filters:
    province: str = ""
    kind: str = ""

    @property
    def any(self) -> bool:
        return bool(self.province or self.kind)

    @property
    def crossed(self) -> bool:
        """A province AND a kind: refused (one filter axis at a time)."""
        return bool(self.province and self.kind)

    def keep(self, answer: Answer) -> bool:
        return (not self.province or answer.province == self.province) and (
            not self.kind or answer.kind == self.kind
        )

    def as_params(self) -> dict[str, str]:
        return {k: v for k, v in (("province", self.province), ("kind", self.kind)) if v}


def filters_from(data: Mapping[str, Any], answers: Iterable[Answer]) -> Filters:
    """The filters asked for in a GET form, kept only where they name a province or a
    kind the answers have (anything else is ignored, never an error page). Both asked
    together are kept both, so that `results` refuses them with its message rather than
    one being dropped silently."""
    answers = list(answers)
    province = str(data.get("province") or "")
    kind = str(data.get("kind") or "")
    if province and kind:
        return Filters(province=province, kind=kind)
    return Filters(
        province=province if any(a.province == province for a in answers) else "",
        kind=kind if any(a.kind == kind for a in answers) else "",
    )


def options(answers: Iterable[Answer]) -> tuple[list[Option], list[Option]]:
    """The provinces and kinds offered as filters: those the answers come from."""
    answers = list(answers)
    codes = {a.province for a in answers if a.province}
    names = {p.code: p.name for p in Province.objects.filter(code__in=codes)}
    provinces = sorted((Option(c, names.get(c, c)) for c in codes), key=lambda o: o.label)
    kinds = sorted(
        (Option(k, kind_label(k)) for k in {a.kind for a in answers}), key=lambda o: o.label
    )
    return provinces, kinds


# --- figures per question ----------------------------------------------------------------


@dataclass
class Row:
    """One line of a question's table: a choice or a level, its count and share."""

    label: str
    count: int
    percentage: Decimal
    places: list[int] = field(default_factory=list)  # ranking: count at each place
    score: int = 0  # ranking


@dataclass
class QuestionResult:
    code: str
    kind: str
    text: str
    section: str
    answered: int = 0
    rows: list[Row] = field(default_factory=list)
    mean: Decimal | None = None
    median: Decimal | None = None
    lowest: Decimal | None = None
    highest: Decimal | None = None
    unit: str = ""
    rank: int = 0
    texts: list[str] = field(default_factory=list)
    words: list[tuple[str, int]] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return str(qn.KINDS[self.kind])

    @property
    def with_rows(self) -> bool:
        return bool(self.rows)

    @property
    def is_text(self) -> bool:
        return self.kind in qn.TEXTS

    @property
    def is_number(self) -> bool:
        return self.kind == qn.NUMBER

    @property
    def is_ranking(self) -> bool:
        return self.kind == qn.RANKING

    @property
    def chart_values(self) -> list[tuple[str, float, str]]:
        """(label, value, value as written) of each bar of the question's chart."""
        if self.kind == qn.RANKING:
            return [(r.label, float(r.score), str(r.score)) for r in self.rows]
        return [(r.label, float(r.percentage), f"{r.count} ({r.percentage} %)") for r in self.rows]


def _decimal(value: Any) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _two(value: Fraction | Decimal) -> Decimal:
    return half_up(Fraction(value))


def question_result(
    question: Mapping[str, Any], section: str, answers: list[Answer]
) -> QuestionResult:
    code, kind = question["code"], question["kind"]
    given = [a.answers[code] for a in answers if a.answers.get(code) not in (None, "", [])]
    result = QuestionResult(
        code=code, kind=kind, text=label(question), section=section, answered=len(given)
    )
    choices = question.get("choices", [])
    if kind in (qn.SINGLE, qn.SEVERAL):
        tally: Counter[str] = Counter()
        for value in given:
            tally.update(value if isinstance(value, list) else [value])
        result.rows = [
            Row(label(c), tally[c["code"]], percentage(tally[c["code"]], len(given)))
            for c in choices
        ]
    elif kind == qn.SCALE:
        levels = Counter(int(v) for v in given if str(v) in {"1", "2", "3", "4", "5"})
        n = sum(levels.values())
        result.answered = n
        result.rows = [
            Row(f"{level} {qn.SCALE_LABELS[level]}", levels[level], percentage(levels[level], n))
            for level in (5, 4, 3, 2, 1)
        ]
        if n:
            result.mean = _two(Fraction(sum(k * c for k, c in levels.items()), n))
    elif kind == qn.NUMBER:
        numbers = [d for d in (_decimal(v) for v in given) if d is not None]
        result.answered = len(numbers)
        result.unit = in_language(question.get("unit_th", ""), question.get("unit_en"))
        if numbers:
            result.mean = _two(Fraction(sum(numbers)) / len(numbers))
            result.median = _two(Fraction(pystats.median(numbers)))
            result.lowest, result.highest = min(numbers), max(numbers)
    elif kind == qn.RANKING:
        rank = int(question.get("rank") or 0)
        result.rank = rank
        places = {c["code"]: [0] * rank for c in choices}
        for value in given:
            for place, choice in enumerate(value[:rank]):
                if choice in places:
                    places[choice][place] += 1
        rows = []
        for order, c in enumerate(choices):
            counts = places[c["code"]]
            score = sum(count * (rank - place) for place, count in enumerate(counts))
            ranked = sum(counts)
            rows.append(
                (
                    -score,
                    -counts[0] if counts else 0,
                    order,
                    Row(label(c), ranked, percentage(ranked, len(given)), counts, score),
                )
            )
        result.rows = [row for *_, row in sorted(rows, key=lambda r: r[:3])]
    else:
        result.texts = sorted(str(v) for v in given)
        result.words = top_words(result.texts, TOP_WORDS) if result.texts else []
    return result


# --- the whole ---------------------------------------------------------------------------


# Why a group is withheld (Results.reason); the words are Results.why.
SHOWN = ""
FEW = "few"  # under min_group
FEW_OUTSIDE = "few_outside"  # everyone minus the group would be a small group
HIDDEN_BESIDE = "hidden_beside"  # secondary suppression: it would reveal a hidden row
CROSSED = "crossed"  # a province and a kind together
STAFF_OPEN = "staff_open"  # a staff survey not closed yet


@dataclass
class Breakdown:
    """A row of the answers by province or by kind: its count, or nothing under the
    minimum group; and its mean for each scale question."""

    label: str
    too_few: bool
    count: int
    means: list[Decimal | None]


@dataclass
class Results:
    campaign: Campaign
    filters: Filters
    count: int  # answers in the group
    total: int  # answers counted in the whole campaign
    min_group: int
    too_few: bool
    questions: list[QuestionResult]
    provinces: list[Option]
    kinds: list[Option]
    scale_questions: list[str] = field(default_factory=list)
    by_province: list[Breakdown] = field(default_factory=list)
    by_kind: list[Breakdown] = field(default_factory=list)
    left_out: int = 0
    reason: str = SHOWN

    @property
    def count_shown(self) -> bool:
        """The group's count is a figure too: withheld where, with the others shown, it
        would give a hidden group's count."""
        return self.reason not in (CROSSED, FEW_OUTSIDE, HIDDEN_BESIDE)

    @property
    def why(self) -> str:
        """Why nothing is shown, in words ("" when the figures are shown)."""
        n = self.min_group
        if self.reason == STAFF_OPEN:
            return _(
                "The results of a staff survey are shown when it closes, on %(day)s, so "
                "that no single answer can be picked out by comparing the results over time."
            ) % {"day": dates.format_date(self.campaign.closes_on)}
        if self.reason == CROSSED:
            return _(
                "Choose a province or a kind of organisation, not both: groups crossed "
                "by both could single out a small unit."
            )
        if self.reason == FEW_OUTSIDE:
            return _(
                "Too few answers outside this group to show it apart: fewer than %(n)s "
                "answers would remain, and they could be worked out from everyone’s results."
            ) % {"n": n}
        if self.reason == HIDDEN_BESIDE:
            return _(
                "This group is not shown because, with the groups shown beside it, it "
                "would reveal a group of fewer than %(n)s answers."
            ) % {"n": n}
        if self.reason == FEW:
            return _(
                "A group with fewer than %(n)s answers is shown only as “too few "
                "answers”, so that no small unit’s answers can be singled out."
            ) % {"n": n}
        return ""

    @property
    def province_label(self) -> str:
        return next((o.label for o in self.provinces if o.value == self.filters.province), "")

    @property
    def kind_label(self) -> str:
        return next((o.label for o in self.kinds if o.value == self.filters.kind), "")


def suppressed(sizes: Mapping[str, int], min_group: int) -> set[str]:
    """The groups of one axis (their sizes, which add up to everyone) to hide: those
    under min_group, then, while the hidden ones together hold some answers but fewer
    than min_group, the smallest shown one too (ties: the first key in order), so that
    everyone minus the shown groups is never a small group."""
    hidden = {key for key, size in sizes.items() if size < min_group}
    shown = sorted((size, key) for key, size in sizes.items() if key not in hidden)
    while shown and 0 < sum(sizes[key] for key in hidden) < min_group:
        hidden.add(shown.pop(0)[1])
    return hidden


def _breakdown(
    groups: dict[str, list[Answer]],
    labels: Mapping[str, str],
    scales: Sequence[Mapping[str, Any]],
    min_group: int,
) -> list[Breakdown]:
    hidden = suppressed({key: len(members) for key, members in groups.items()}, min_group)
    rows = []
    for key, members in groups.items():
        too_few = key in hidden
        means: list[Decimal | None] = []
        if not too_few:
            for question in scales:
                means.append(question_result(question, "", members).mean)
        rows.append(Breakdown(labels.get(key, key), too_few, 0 if too_few else len(members), means))
    return sorted(rows, key=lambda b: b.label)


def shown_live(campaign: Campaign) -> bool:
    """A staff survey's results wait until it closes; an organisation survey's are
    live (its answers are the organisations', not persons')."""
    return not campaign.is_staff_survey or campaign.state == Campaign.State.CLOSED


def withheld(campaign: Campaign, filters: Filters, everyone: Sequence[Answer]) -> str:
    """Why the group the filters choose may not be shown ("" if it may): THE rule of
    the minimum group, for the pages and the files alike."""
    if not shown_live(campaign):
        return STAFF_OPEN
    if filters.crossed:
        return CROSSED
    m = campaign.min_group
    size = sum(1 for a in everyone if filters.keep(a))
    if size < m:
        return FEW
    if 0 < len(everyone) - size < m:
        return FEW_OUTSIDE
    if filters.any:
        # Shown only as its row of the breakdown on its axis is: otherwise the total
        # minus this group and the shown rows would give a hidden row.
        axis = "province" if filters.province else "kind"
        sizes = Counter(getattr(a, axis) for a in everyone)
        if getattr(filters, axis) in suppressed(sizes, m):
            return HIDDEN_BESIDE
    return SHOWN


def results(
    campaign: Campaign,
    filters: Filters | None = None,
    *,
    answers: list[Answer] | None = None,
    breakdowns: bool = True,
) -> Results:
    """The campaign's results for the group the filters choose (everyone by default)."""
    filters = filters or Filters()
    everyone = read(campaign) if answers is None else answers
    group = [a for a in everyone if filters.keep(a)]
    provinces, kinds = options(everyone)
    content = campaign.questionnaire.content
    reason = withheld(campaign, filters, everyone)
    found = Results(
        campaign=campaign,
        filters=filters,
        count=len(group),
        total=len(everyone),
        min_group=campaign.min_group,
        too_few=bool(reason),
        questions=[],
        provinces=provinces,
        kinds=kinds,
        reason=reason,
    )
    if reason:
        # Nothing at all: a figure, a text or a word could point at the few.
        return found
    for section in content["sections"]:
        for question in section["questions"]:
            found.questions.append(question_result(question, label(section), group))
    if breakdowns and not filters.any:
        # Only for everyone: a breakdown of a filtered group would cross the two axes.
        scales = [q for q in qn.questions(content) if q["kind"] == qn.SCALE]
        found.scale_questions = [label(q) for q in scales]
        by_province: dict[str, list[Answer]] = {}
        by_kind: dict[str, list[Answer]] = {}
        for answer in group:
            by_province.setdefault(answer.province, []).append(answer)
            by_kind.setdefault(answer.kind, []).append(answer)
        found.by_province = _breakdown(
            by_province, {o.value: o.label for o in provinces}, scales, campaign.min_group
        )
        found.by_kind = _breakdown(
            by_kind, {o.value: o.label for o in kinds}, scales, campaign.min_group
        )
    return found


def choice_label(question: Mapping[str, Any], code: Any) -> str:
    for choice in question.get("choices", []):
        if choice["code"] == code:
            return label(choice)
    return str(code)


def answer_text(question: Mapping[str, Any], value: Any) -> Any:
    """A stored answer as a person reads it in an export: choices by their labels
    (several and ranking joined, a ranking in its order), a scale level with its word,
    a number as a number."""
    if value in (None, "", []):
        return ""
    kind = question["kind"]
    if kind == qn.SINGLE:
        return choice_label(question, value)
    if kind == qn.SEVERAL:
        return "; ".join(choice_label(question, v) for v in value)
    if kind == qn.RANKING:
        return "; ".join(f"{i}. {choice_label(question, v)}" for i, v in enumerate(value, 1))
    if kind == qn.SCALE:
        return int(value)
    if kind == qn.NUMBER:
        return _decimal(value)
    return str(value)
