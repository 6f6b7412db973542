"""The dashboard's pipeline section, "the way to the standard": for the units of a
scope, how many still have no service centre, how many centres are outside the
programme, at each stage of an application, certified by level, and the certificates
at risk (expiring, under watch, suspended, revoked this fiscal year); against the
yearly target OPS PMO sets for the scope (oversight.models.Target).

Every figure is counted in SQL, a fixed number of queries whatever the scope's size:
the units (1), the centres (1), the applications by state (1), the certificates by
level (1), the year's standard and its levels (2) and the target (1). The rules of
what counts live with their domain:
`certification.selectors` (stages, certificates in force) and `registry.selectors`.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import capabilities as cap
from certification import selectors as certification
from oversight import areas, sections
from oversight.models import TARGET_KINDS, Target
from oversight.scopes import UNIT_KINDS, Scope
from registry.models import Organisation, ServiceCentre
from registry.selectors import units_without_centre
from saduak.charts import BarChart
from standards.selectors import standard_for_year
from thaicalendar.dates import fiscal_year


@dataclass(frozen=True)
class Stage:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class Pipeline:
    """What the section shows. `stages` are the steps in order, from the units without
    a centre to the centres certified (each level apart); `at_risk` the certificates
    to watch. `target` is None when OPS PMO set none for the scope and year."""

    fiscal_year: int
    centres: int
    stages: list[Stage]
    at_risk: list[Stage]
    certified: int
    target: int | None
    may_set_targets: bool
    # The scope's organisation when a target can be set for it (the targets page opens
    # with it chosen); None for the nation and the scopes without targets of their own.
    targeted: Organisation | None = None

    @property
    def progress(self) -> float | None:
        """The share of the target reached (0..1, may pass 1), or None without one."""
        if not self.target:
            return None
        return self.certified / self.target

    @property
    def progress_percent(self) -> float | None:
        progress = self.progress
        return None if progress is None else round(progress * 100, 1)

    @property
    def chart(self) -> BarChart:
        return BarChart.of(
            _("The way to the standard"),
            [(s.label, s.count, f"{s.count:,}") for s in self.stages],
            ident="pipeline-chart",
        )

    @property
    def targets_url(self) -> str:
        address = reverse("oversight:targets")
        return f"{address}?organisation={self.targeted.pk}" if self.targeted else address


def target_for(scope: Scope, year: int) -> int | None:
    """The target OPS PMO set for exactly this scope (the nation, or the scope's
    organisation) and fiscal year. A scope cut to a province's soil, or "everything"
    of a viewer who does not oversee the nation, has none of its own."""
    if scope.province is not None or scope.district is not None:
        return None
    organisation = scope.organisation
    if organisation is not None and organisation.kind == Organisation.Kind.OPS_PMO:
        organisation = None
    if organisation is None and not cap.is_national(scope.viewer, cap.OVERSEE):
        return None
    found = Target.objects.filter(fiscal_year=year, organisation=organisation).first()
    return found.certified if found is not None else None


def read(scope: Scope, today: date) -> Pipeline:
    year = fiscal_year(today)
    without_centre = units_without_centre(scope.q(), UNIT_KINDS)
    centres = ServiceCentre.objects.filter(scope.centres_q(), is_active=True).aggregate(
        total=Count("pk"), outside=Count("pk", filter=~certification.in_programme(today))
    )
    in_scope = scope.centres_q("centre__")
    by_stage = certification.applications_by_stage(in_scope, today)
    certificates = certification.certificate_counts(in_scope, today)
    stages = [
        Stage("no_centre", _("Units with no service centre yet"), without_centre),
        Stage("not_in_programme", _("Centres not in the programme"), centres["outside"]),
    ]
    stages += [
        Stage(key, str(certification.STAGE_LABELS[key]), by_stage[key])
        for key in certification.STAGES
    ]
    # Every level of the year's standard, none certified included, so that a district
    # lists the same steps as its province; then any other level still in force.
    by_level = dict(certificates.by_level)
    standard = standard_for_year(year)
    levels = [level.name for level in standard.levels.all()] if standard is not None else []
    levels += [name for name in by_level if name not in levels]
    stages += [
        Stage(f"level_{n}", _("Certified: %(level)s") % {"level": name}, by_level.get(name, 0))
        for n, name in enumerate(levels)
    ]
    # A centre whose certificate is suspended is in the programme but not certified:
    # without this step it would be counted nowhere.
    stages.append(Stage("suspended", _("Certificates suspended"), certificates.suspended))
    at_risk = [
        Stage(
            "expiring",
            _("Certificates expiring within %(months)s months")
            % {"months": certification.EXPIRING_MONTHS},
            certificates.expiring,
        ),
        Stage("under_watch", _("Certificates under watch"), certificates.under_watch),
        Stage(
            "revoked",
            _("Certificates revoked in fiscal year %(year)s") % {"year": year},
            certificates.revoked,
        ),
    ]
    return Pipeline(
        fiscal_year=year,
        centres=centres["total"],
        stages=stages,
        at_risk=at_risk,
        certified=certificates.certified,
        target=target_for(scope, year),
        may_set_targets=cap.can(scope.viewer, cap.ADMINISTER),
        targeted=_targeted(scope),
    )


def _targeted(scope: Scope) -> Organisation | None:
    organisation = scope.organisation
    if scope.province is not None or scope.district is not None or organisation is None:
        return None
    return organisation if organisation.kind in TARGET_KINDS else None


def rows(figures: Pipeline) -> list[sections.Row]:
    """The same figures as lines of a file or an e-mail."""
    lines = [sections.Row(_("Active service centres"), figures.centres)]
    lines += [sections.Row(s.label, s.count) for s in figures.stages]
    lines += [sections.Row(s.label, s.count) for s in figures.at_risk]
    lines += [
        sections.Row(_("Centres certified"), figures.certified),
        sections.Row(
            _("Target for fiscal year %(year)s") % {"year": figures.fiscal_year}, figures.target
        ),
        sections.Row(_("Share of the target reached"), figures.progress, sections.SHARE),
    ]
    return lines


sections.section(
    sections.Section(
        key="pipeline",
        title=gettext_lazy("The way to the standard"),
        template="oversight/sections/pipeline.html",
        read=read,
        rows=rows,
    )
)


# --- measures an area is coloured, ranked and compared by --------------------------------


def _certified_by_area(scope: Scope, day: date) -> dict[str, tuple[int, int]]:
    """{area key: (active centres, centres certified on `day`)}. One query."""
    key = areas.field(scope, organisation="organisation__", centre="id")
    counted = (
        ServiceCentre.objects.filter(scope.centres_q(), is_active=True)
        .values(area=F(key))
        .annotate(
            # The join to the certificates repeats a centre: count each once.
            centres=Count("pk", distinct=True),
            certified=Count(
                "pk",
                distinct=True,
                filter=certification.certified_on(day, "certificates__"),
            ),
        )
        .order_by()
    )
    return {
        str(row["area"]): (row["centres"], row["certified"])
        for row in counted
        if row["area"] is not None
    }


def certified_share_by_area(scope: Scope, day: date) -> dict[str, float | None]:
    return {
        area: (certified / centres if centres else None)
        for area, (centres, certified) in _certified_by_area(scope, day).items()
    }


def certified_by_area(scope: Scope, day: date) -> dict[str, float | None]:
    return {
        area: float(certified)
        for area, (_centres, certified) in _certified_by_area(scope, day).items()
    }


sections.measure(
    sections.Measure(
        code="certified_share",
        label=gettext_lazy("Share of centres certified"),
        unit=sections.SHARE,
        higher_is_better=True,
        by_area=certified_share_by_area,
    )
)
sections.measure(
    sections.Measure(
        code="certified",
        label=gettext_lazy("Centres certified"),
        unit=sections.COUNT,
        higher_is_better=True,
        by_area=certified_by_area,
    )
)
