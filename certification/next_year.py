"""What to do next year (a read, never a write): for an application whose team closed
its consensus, criterion by criterion, what it scored, the assessors' areas to improve,
and how many points the next level needs."""

from dataclasses import dataclass, field
from decimal import ROUND_UP, Decimal

from certification.models import Application, Score
from standards.models import Criterion, Level


@dataclass
class Row:
    criterion: Criterion
    met: bool | None
    points: Decimal | None
    improvements: list[str] = field(default_factory=list)

    @property
    def short_of_max(self) -> Decimal | None:
        if not self.criterion.is_scored or self.criterion.max_points is None:
            return None
        return self.criterion.max_points - (self.points or Decimal(0))


@dataclass
class Advice:
    rows: list[Row]
    total_points: Decimal
    max_points: Decimal
    level: Level | None
    next_level: Level | None
    # Points the next level needs in all: its minimum % of the maximum points.
    next_needs: Decimal | None
    gap: Decimal | None
    basic_failed: list[Criterion]


def advice(application: Application) -> Advice | None:
    """None until the consensus is closed."""
    if application.consensus_closed_at is None:
        return None
    standard = application.call.standard
    criteria = list(standard.criteria.select_related("dimension").all())
    scores = Score.objects.filter(application=application).select_related("member")
    consensus: dict[int, Score] = {}
    notes: dict[int, list[str]] = {}
    for score in scores.order_by("member_id"):
        if score.member_id is None:
            consensus[score.criterion_id] = score
        if score.improvements.strip():
            notes.setdefault(score.criterion_id, [])
            text = score.improvements.strip()
            if text not in notes[score.criterion_id]:
                notes[score.criterion_id].append(text)
    rows = []
    for criterion in criteria:
        agreed = consensus.get(criterion.pk)
        rows.append(
            Row(
                criterion=criterion,
                met=agreed.met if agreed else None,
                points=agreed.points if agreed else None,
                improvements=notes.get(criterion.pk, []),
            )
        )
    max_points = sum(
        (c.max_points or Decimal(0) for c in criteria if c.is_scored), start=Decimal(0)
    )
    total = sum((r.points or Decimal(0) for r in rows if r.criterion.is_scored), start=Decimal(0))
    levels = list(standard.levels.order_by("order"))
    reached = application.consensus_level
    if reached is None:
        next_level = levels[0] if levels else None
    else:
        higher = [level for level in levels if level.order > reached.order]
        next_level = higher[0] if higher else None
    needs = gap = None
    if next_level is not None and max_points:
        needs = (next_level.min_score * max_points / 100).quantize(
            Decimal("0.01"), rounding=ROUND_UP
        )
        gap = max(needs - total, Decimal(0))
    basic_failed = [r.criterion for r in rows if not r.criterion.is_scored and r.met is False]
    return Advice(
        rows=rows,
        total_points=total,
        max_points=max_points,
        level=reached,
        next_level=next_level,
        next_needs=needs,
        gap=gap,
        basic_failed=basic_failed,
    )
