"""Site assessment's test helpers: a FY2565 call and applications that passed screening,
made directly (screening is another part's), a team and a full scorebook."""

from datetime import date
from decimal import Decimal
from typing import Any

from accounts.models import Role, RoleAssignment, User
from certification import assessment
from certification.models import Application, AssessmentTeam, Call, TeamMember
from demo.scenario import DEMO_PASSWORD
from registry.models import ServiceCentre
from standards.models import Criterion, Level, Standard
from standards.selectors import standard_for_year

VISITS_FROM = date(2022, 6, 1)
VISITS_UNTIL = date(2022, 8, 31)


def standard_without_levels() -> Standard:
    """A copy of the FY2565 standard's criteria with no level thresholds: what a call
    would carry if its standard were loaded without them."""
    shipped = standard_for_year(2565)
    assert shipped is not None
    copy = Standard.objects.create(
        code="no-levels",
        fiscal_year=2565,
        version=99,
        status=Standard.Status.TEMPLATE,
        title_th="มาตรฐานที่ไม่มีระดับ",
        content_hash="0" * 64,
    )
    for c in shipped.criteria.all():
        Criterion.objects.create(
            standard=copy,
            code=c.code,
            kind=c.kind,
            text_th=c.text_th,
            max_points=c.max_points,
            order=c.order,
        )
    return copy


def make_call(fiscal_year: int = 2565, **fields: Any) -> Call:
    standard = fields.pop("standard", None) or standard_for_year(2565)
    assert standard is not None
    values = {
        "fiscal_year": fiscal_year,
        "standard": standard,
        "applications_open": date(2022, 1, 1),
        "applications_close": date(2022, 2, 28),
        "screening_deadline": date(2022, 4, 30),
        "visits_from": VISITS_FROM,
        "visits_until": VISITS_UNTIL,
        "decision_on": date(2022, 9, 30),
        "state": Call.State.OPEN,
        **fields,
    }
    call = Call.objects.create(**values)
    call.levels.set(standard.levels.all())
    return call


def make_application(
    call: Call, org_code: str = "5940101", state: str = Application.State.PASSED
) -> Application:
    centre = ServiceCentre.objects.filter(organisation__code=org_code).first()
    assert centre is not None
    return Application.objects.create(
        call=call,
        centre=centre,
        level=call.standard.levels.order_by("order").first() or Level.objects.first(),
        state=state,
        created_by=User.objects.get(username="opsadmin"),
    )


def assessor(username: str, first_name: str = "") -> User:
    """Another account with the assessor role (at OPS PMO)."""
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(
            username, email=f"{username}@example.go.th", password=DEMO_PASSWORD
        )
        user.first_name = first_name or username
        user.save()
    ops_org = RoleAssignment.objects.get(user__username="assessor").organisation
    RoleAssignment.objects.get_or_create(user=user, role=Role.ASSESSOR, organisation=ops_org)
    return user


def make_team(
    call: Call, *, chair: str = "assessor", members: tuple[str, ...] = ("expert1",)
) -> AssessmentTeam:
    """A team with `chair` in the chair and each of `members` as an expert (accounts
    created with the assessor role where missing) and an outside expert by name."""
    ops = User.objects.get(username="opsadmin")
    team = assessment.create_team(actor=ops, call=call)
    assessment.add_member(actor=ops, team=team, seat=TeamMember.Seat.CHAIR, user=assessor(chair))
    for name in members:
        assessment.add_member(
            actor=ops, team=team, seat=TeamMember.Seat.EXPERT, user=assessor(name)
        )
    assessment.add_member(
        actor=ops, team=team, seat=TeamMember.Seat.OPDC, outside_name="ดร.สมชาย ภายนอก"
    )
    return team


def visited(call: Call | None = None, **team_args: Any) -> Application:
    """Pattani Town's application, given to a team, its visit scheduled."""
    call = call or make_call()
    application = make_application(call)
    team = make_team(call, **team_args)
    ops = User.objects.get(username="opsadmin")
    assessment.assign_team(actor=ops, application=application, team=team)
    assessment.schedule_visit(actor=ops, application=application, visit_on=date(2022, 7, 15))
    application.refresh_from_db()
    return application


def criteria(application: Application) -> list[Criterion]:
    return list(application.call.standard.criteria.order_by("kind", "order"))


def fill(
    application: Application,
    username: str,
    *,
    fraction: Decimal = Decimal("0.8"),
    met: bool = True,
    consensus: bool = False,
) -> None:
    """Fill every criterion: scored ones at `fraction` of their maximum, basic ones
    met (or not)."""
    user = User.objects.get(username=username)
    for criterion in criteria(application):
        if criterion.is_scored:
            assert criterion.max_points is not None
            points = (criterion.max_points * fraction).quantize(Decimal("0.01"))
            entry = assessment.Entry(points=points, fields=("points",))
        else:
            entry = assessment.Entry(met=met, fields=("met",))
        existing = application.scores.filter(
            criterion=criterion,
            member__isnull=consensus,
            **({} if consensus else {"member__user": user}),
        ).first()
        assessment.save_score(
            actor=user,
            application=application,
            criterion=criterion,
            entry=entry,
            base_revision=existing.revision if existing else 0,
            consensus=consensus,
        )
