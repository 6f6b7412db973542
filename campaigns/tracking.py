"""Following a launched campaign (issue 13 §2): how many of the organisations asked
have answered, overall, by province and by kind of organisation; for a staff survey,
how many staff answers are counted; and who is still silent, with when each was last
reminded. Selectors: they read, never write.

Only the targets within the owner's scope count (`capabilities.may_target`): an
organisation moved out of it since the launch is neither counted nor listed, so the
owner sees only organisations in its own scope. Every function runs a fixed number of
queries whatever the number of targets: the figures are grouped by the database, the
silent list is paginated.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from accounts import capabilities as cap
from campaigns import reminding
from campaigns.models import Campaign, Response, Target, kind_of, open_on
from registry.models import Organisation
from saduak.language import in_language

# What the figure tables may be sorted by (the GET parameter `sort`, "-" descending).
SORTS = ("name", "asked", "answered", "rate")
SILENT_PAGE = 50

# The kinds an organisation is counted under (`kind_of`), in the order the table shows
# them: the types of local government first, then the other kinds of unit.
KINDS: list[tuple[str, Any]] = [
    *Organisation.LaoType.choices,
    *((value, label) for value, label in Organisation.Kind.choices if value != "local_government"),
    (Organisation.Kind.LOCAL_GOVERNMENT.value, Organisation.Kind.LOCAL_GOVERNMENT.label),
]
KIND_LABELS = dict(KINDS)


def kind_label(code: str) -> str:
    """The translated name of a kind `kind_of` gives (never the code itself)."""
    return str(KIND_LABELS.get(code, code))


def counted_q(campaign: Campaign) -> Q:
    """A filter for the campaign's targets that count: those within its owner's scope."""
    in_scope = Organisation.objects.filter(cap.may_target(campaign.owner)).values("pk")
    return Q(campaign=campaign, organisation__in=in_scope)


def counted(campaign: Campaign) -> QuerySet[Target]:
    """The campaign's targets that count: those within its owner's scope."""
    return Target.objects.filter(counted_q(campaign))


# --- the figures ------------------------------------------------------------------------


@dataclass
class Row:
    """A group of targets (a province, a kind, or all of them) and its figures."""

    key: str
    name: str
    asked: int = 0
    answered: int = 0
    # Staff surveys: the counted staff answers of the group's organisations.
    staff_answers: int = 0

    @property
    def rate(self) -> float:
        """The share that answered, in per cent (0 for a group nobody was asked in)."""
        return 100 * self.answered / self.asked if self.asked else 0.0

    @property
    def silent(self) -> int:
        return self.asked - self.answered

    def add(self, asked: int, answered: int, staff_answers: int = 0) -> None:
        self.asked += asked
        self.answered += answered
        self.staff_answers += staff_answers


@dataclass
class Figures:
    total: Row
    provinces: list[Row]
    kinds: list[Row]
    sort: str
    staff: bool  # a staff survey: the tables show its counted staff answers too


def parse_sort(value: str | None) -> str:
    """A sort parameter from the address, or the default (by name)."""
    if value and value.lstrip("-") in SORTS:
        return value
    return "name"


def _sorted(rows: list[Row], sort: str) -> list[Row]:
    from pythainlp.util import collate  # slow to import: only when a table is sorted

    # Names in Thai dictionary order; ties on a figure stay in the order of names.
    rank = {name: n for n, name in enumerate(collate([r.name for r in rows]))}
    rows = sorted(rows, key=lambda r: rank[r.name])
    key = sort.lstrip("-")
    if key == "name":
        return list(reversed(rows)) if sort.startswith("-") else rows
    return sorted(rows, key=lambda r: getattr(r, key), reverse=sort.startswith("-"))


GROUP = (
    "organisation__province_id",
    "organisation__province__name_th",
    "organisation__province__name_en",
    "organisation__kind",
    "organisation__lao_type",
)


def figures(campaign: Campaign, *, sort: str = "name") -> Figures:
    """The response figures overall, by province and by kind, each table sorted by
    `sort`. One query grouped by province and kind together (at most 77 × 15 groups),
    all three tables summed from it; a staff survey adds one more, its counted staff
    answers grouped the same way."""
    sort = parse_sort(sort)
    groups = (
        counted(campaign)
        .order_by()
        .values(*GROUP)
        .annotate(asked=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False)))
    )
    staff: dict[tuple[Any, ...], int] = {}
    if campaign.is_staff_survey:
        answers = (
            Response.objects.filter(
                campaign=campaign,
                anonymous=True,
                state=Response.State.SENT,
                status=Response.Status.COUNTED,
                target__in=counted(campaign),
            )
            .order_by()
            .values(*(f"target__{name}" for name in GROUP))
            .annotate(n=Count("pk"))
        )
        staff = {tuple(a[f"target__{name}"] for name in GROUP): a["n"] for a in answers}
    provinces: dict[str, Row] = {}
    kinds: dict[str, Row] = {}
    total = Row(key="", name=_("Total"))
    for group in groups:
        staff_answers = staff.get(tuple(group[name] for name in GROUP), 0)
        figures = (group["asked"], group["answered"], staff_answers)
        code = group["organisation__province_id"] or ""
        if code not in provinces:
            name = (
                in_language(
                    group["organisation__province__name_th"],
                    group["organisation__province__name_en"],
                )
                if code
                else _("No province")
            )
            provinces[code] = Row(key=code, name=name)
        provinces[code].add(*figures)
        kind = group["organisation__lao_type"] or group["organisation__kind"]
        kinds.setdefault(kind, Row(key=kind, name=kind_label(kind))).add(*figures)
        total.add(*figures)
    order = [code for code, _label in KINDS]
    kind_rows = sorted(kinds.values(), key=lambda r: order.index(r.key) if r.key in order else 99)
    if sort.lstrip("-") != "name":
        kind_rows = _sorted(kind_rows, sort)
    elif sort.startswith("-"):
        kind_rows.reverse()
    return Figures(
        total=total,
        provinces=_sorted(list(provinces.values()), sort),
        kinds=kind_rows,
        sort=sort,
        staff=campaign.is_staff_survey,
    )


# --- the silent -------------------------------------------------------------------------


def parse_province(value: str | None) -> str:
    """A province code from the address (two digits), or "" for every province."""
    if value and len(value) == 2 and value.isascii() and value.isdigit():
        return value
    return ""


def parse_kind(value: str | None) -> str:
    """A kind of organisation from the address (one `kind_of` gives), or "" for all."""
    return value if value in KIND_LABELS else ""


def _of_kind(kind: str) -> Q:
    if kind in Organisation.LaoType.values:
        return Q(organisation__lao_type=kind)
    return Q(organisation__kind=kind, organisation__lao_type="")


def silent_q(today: date, prefix: str = "") -> Q:
    """Targets, of any campaign, that have not answered a campaign taking answers on
    `today` (Campaign.state_on), for lists across campaigns such as the dashboard's
    whom to chase. Unlike one campaign's `silent`, an organisation moved out of the
    owner's scope since the launch is still counted here."""
    c = f"{prefix}campaign__"
    return Q(
        **{
            f"{prefix}answered_at__isnull": True,
            f"{c}launched_at__isnull": False,
            f"{c}closed_at__isnull": True,
            f"{c}opens_on__lte": today,
            f"{c}closes_on__gte": today,
        }
    )


def silent(campaign: Campaign, *, province: str = "", kind: str = "") -> QuerySet[Target]:
    """The counted targets that have not answered, by province then name, each with
    `last_reminded` (when its organisation was last reminded of the campaign),
    optionally of one province and one kind."""
    queryset = (
        counted(campaign)
        .filter(answered_at__isnull=True)
        .select_related("organisation__province")
        .annotate(last_reminded=reminding.last_reminded())
        .order_by("organisation__province__name_th", "organisation__name_th", "pk")
    )
    if province:
        queryset = queryset.filter(organisation__province_id=province)
    if kind:
        queryset = queryset.filter(_of_kind(kind))
    return queryset


def silent_page(
    campaign: Campaign, *, province: str = "", kind: str = "", number: Any = None
) -> Page:
    """One page of the silent list, each target with `kind_name`: two queries (the
    count and the page)."""
    page = Paginator(silent(campaign, province=province, kind=kind), SILENT_PAGE).get_page(number)
    page.object_list = list(page.object_list)
    for target in page.object_list:
        target.kind_name = kind_label(kind_of(target.organisation))  # type: ignore[attr-defined]
    return page


def in_name_order(rows: list[Row]) -> list[Row]:
    return _sorted(rows, "name")


# --- the open campaigns an area is asked in (oversight's dashboards) -------------------
# `targets` is a filter on Target for the organisations that count (an overseer's
# scope: "organisation__" and what follows); a fixed number of queries whatever the
# number of organisations.


@dataclass
class Rate:
    """An open campaign (or all of them, campaign None) and how many of the area's
    organisations it asks have answered."""

    campaign: Campaign | None
    asked: int = 0
    answered: int = 0

    @property
    def share(self) -> float | None:
        """The share that answered (0..1), None when nobody was asked."""
        return self.answered / self.asked if self.asked else None

    @property
    def percent(self) -> float:
        """The same share in per cent (0 when nobody was asked)."""
        return 100 * self.answered / self.asked if self.asked else 0.0


def open_campaigns(day: date) -> list[Campaign]:
    """Every campaign taking answers on `day`, closing soonest first, with its owner:
    one query."""
    return list(
        Campaign.objects.filter(open_on(day)).select_related("owner").order_by("closes_on", "pk")
    )


def _counted_in(campaigns: list[Campaign]) -> Q:
    """The targets that count of any of the campaigns (none when there is none)."""
    condition = Q(pk__in=[])
    for campaign in campaigns:
        condition |= counted_q(campaign)
    return condition


def open_rates(targets: Q, *, day: date) -> list[Rate]:
    """For each campaign open on `day` that asks an organisation `targets` selects, how
    many of those were asked and answered (counted targets only, as the campaign's own
    tracking page counts them): two queries."""
    campaigns = open_campaigns(day)
    if not campaigns:
        return []
    counted_rows = {
        row["campaign_id"]: row
        for row in Target.objects.filter(targets, _counted_in(campaigns))
        .order_by()
        .values("campaign_id")
        .annotate(asked=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False)))
    }
    return [
        Rate(c, counted_rows[c.pk]["asked"], counted_rows[c.pk]["answered"])
        for c in campaigns
        if c.pk in counted_rows
    ]


def open_rates_by(targets: Q, *, group: str, day: date) -> dict[Any, Rate]:
    """The targets `targets` selects in every campaign open on `day`, asked and answered,
    by the lookup `group` (such as "organisation__province_id"): two queries."""
    campaigns = open_campaigns(day)
    if not campaigns:
        return {}
    return {
        row[group]: Rate(None, row["asked"], row["answered"])
        for row in Target.objects.filter(targets, _counted_in(campaigns))
        .order_by()
        .values(group)
        .annotate(asked=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False)))
    }
