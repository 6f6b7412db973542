"""Who may do what: the one place that decides it.

Every view, the menu, the home page, exports and the API ask this module, in one
vocabulary: `can(user, CAPABILITY, obj)` for a yes or no, `where(user, CAPABILITY)` for
the organisations where the answer is yes (a filter for lists), and
`access_*(user, pk, need=CAPABILITY)`, which fetches an object and enforces the rule in
one call. No view or template tests a role itself.

A capability says which roles grant it, and over what (the reach shapes of
`accounts/scope.py`):
- everywhere: a role held anywhere grants it over every organisation (OPS PMO's roles);
- own: a role grants it on the organisation it is held on (a unit's own staff);
- overseen: a role grants it over what its organisation oversees (an overseer);
- not_on_own: a role takes it away on the organisation it is held on, whatever else
  grants it: the people rated do not judge their own figures;
- assigned: a role grants it on a certification application assigned to the account,
  as the application's screener or as a member of its assessment team, and nowhere
  else (a screener reads only what it screens).

An object the account cannot read answers 404, even when its id is guessed, so nothing
is revealed about what exists. An object it reads but may not act on answers 403.
"""

import dataclasses
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import Role, RoleAssignment, User
from accounts.scope import NOTHING, Scope, assignments, oversight_of
from campaigns.models import Campaign, Target
from certification.models import Application
from correspondence.models import Letter, Party, Recipient, RecipientList
from registry.models import Counter, Organisation, OrganisationQuerySet, ServiceCentre
from saduak.http import parse_id

OPS_PMO_READERS = frozenset({Role.OPS_ADMIN, Role.REVIEWER})
UNIT_STAFF = frozenset({Role.UNIT_ADMIN, Role.CENTRE_STAFF})
# Who keeps an organisation's official letters: its correspondence officers (สารบรรณ)
# and its administrator; OPS PMO's administrator for OPS PMO itself.
CORRESPONDENCE_OFFICERS = frozenset({Role.CLERK, Role.UNIT_ADMIN, Role.OPS_ADMIN})
# Roles a unit administrator may hand out, on its own organisation only.
ROLES_A_UNIT_ADMIN_GRANTS = frozenset({Role.CENTRE_STAFF, Role.UNIT_ADMIN})


@dataclass(frozen=True)
class Capability:
    name: str
    everywhere: frozenset[str] = frozenset()
    own: frozenset[str] = frozenset()
    overseen: frozenset[str] = frozenset()
    not_on_own: frozenset[str] = frozenset()
    # (how the application is assigned, the role that must be held): "screener" or "team".
    assigned: tuple[tuple[str, str], ...] = ()


# Read an organisation, its centres, counters, staff, reports, survey results and
# certification applications. Screeners and assessors read only the applications
# assigned to them (and nothing else of the registry).
READ = Capability(
    "read",
    everywhere=OPS_PMO_READERS,
    own=UNIT_STAFF | {Role.CLERK},
    overseen=frozenset({Role.OVERSEER}),
    assigned=(("screener", Role.SCREENER), ("team", Role.ASSESSOR)),
)
# Change the registry: an organisation's details, its centres and counters.
CHANGE = Capability(
    "change", everywhere=frozenset({Role.OPS_ADMIN}), own=frozenset({Role.UNIT_ADMIN})
)
# Fill in and send the centre's maintenance reports, record the people served and
# import survey answers collected on paper: the unit's own staff only.
FILL = Capability("fill", own=UNIT_STAFF)
# Keep a centre's own survey questions.
ASK_LOCAL_QUESTIONS = Capability(
    "ask_local_questions",
    everywhere=frozenset({Role.OPS_ADMIN}),
    own=frozenset({Role.UNIT_ADMIN}),
)
# Return or accept maintenance reports: OPS PMO, which receives them.
REVIEW_REPORTS = Capability("review_reports", everywhere=frozenset({Role.OPS_ADMIN, Role.REVIEWER}))
# Follow the units of an area: completeness of reports, survey results by area.
OVERSEE = Capability(
    "oversee",
    everywhere=frozenset({Role.OPS_ADMIN, Role.REVIEWER}),
    overseen=frozenset({Role.OVERSEER}),
)
# Know how many of a centre's survey answers are held back as suspect.
SEE_SUSPECTS = Capability(
    "see_suspects",
    everywhere=frozenset({Role.OPS_ADMIN, Role.REVIEWER}),
    own=frozenset({Role.UNIT_ADMIN}),
    overseen=frozenset({Role.OVERSEER}),
)
# Count or reject suspect answers: OPS PMO's reviewers or an overseer above the unit,
# never the unit whose service is rated.
DECIDE_SUSPECTS = Capability(
    "decide_suspects",
    everywhere=frozenset({Role.OPS_ADMIN, Role.REVIEWER}),
    overseen=frozenset({Role.OVERSEER}),
    not_on_own=UNIT_STAFF,
)
# See a unit's staff accounts as a list (the menu's Staff page).
LIST_STAFF = Capability(
    "list_staff",
    everywhere=frozenset({Role.OPS_ADMIN}),
    own=frozenset({Role.UNIT_ADMIN}),
    overseen=frozenset({Role.OVERSEER}),
)
# Remind the units of a dashboard's scope whom to chase (their missing reports, silent
# letters and campaigns, certificates at risk): OPS PMO's administrator everywhere, an
# overseer on what it oversees. OPS PMO's reviewers read the dashboard but do not remind.
CHASE = Capability(
    "chase",
    everywhere=frozenset({Role.OPS_ADMIN}),
    overseen=frozenset({Role.OVERSEER}),
)
# The programme's set-up: organisations, rounds and deadlines, the LAO register and
# the standard's imports, the audit trail.
ADMINISTER = Capability("administer", everywhere=frozenset({Role.OPS_ADMIN}))


# --- certification ------------------------------------------------------------------
# Apply for certification of the unit's own centres, fill and send the application,
# withdraw it: the unit's administrator.
APPLY = Capability("apply", own=frozenset({Role.UNIT_ADMIN}))
# Endorse an application before screening, where the call requires it: an overseer
# above the unit (for a local government, its province), never the unit itself.
ENDORSE = Capability("endorse", overseen=frozenset({Role.OVERSEER}), not_on_own=UNIT_STAFF)
# Screen an application's documents: the screener it is assigned to.
SCREEN = Capability("screen", assigned=(("screener", Role.SCREENER),))
# Fill a scorebook for an application: a member of its assessment team.
ASSESS = Capability("assess", assigned=(("team", Role.ASSESSOR),))
# Run certification: calls, the reasons catalogue, assigning screeners and teams,
# the committee's decisions, certificates and their suspension or revocation.
RUN_CERTIFICATION = Capability("run_certification", everywhere=frozenset({Role.OPS_ADMIN}))


# --- official letters -----------------------------------------------------------------
# Read the letters an organisation is party to (its inbox and outbox): its own people,
# and those who oversee it. A letter is read only through its parties (`letters_for`).
READ_LETTERS = Capability(
    "read_letters",
    everywhere=OPS_PMO_READERS,
    own=UNIT_STAFF | {Role.CLERK},
    overseen=frozenset({Role.OVERSEER}),
)
# Act for an organisation in its correspondence: write, send and remind as the sender;
# acknowledge, answer and forward as a recipient. Overseers read but do not act.
CORRESPOND = Capability("correspond", own=CORRESPONDENCE_OFFICERS)


# --- campaign surveys -------------------------------------------------------------------
# Run an organisation's campaign surveys: build, launch, remind, decide suspect staff
# answers, publish the results. Its administrator and its overseers (a department's,
# a province's), and OPS PMO's administrator for OPS PMO.
RUN_CAMPAIGNS = Capability(
    "run_campaigns", own=frozenset({Role.UNIT_ADMIN, Role.OVERSEER, Role.OPS_ADMIN})
)
# Follow an organisation's campaigns (response rates, who is silent, results before
# they are published, exports): its own people, those who oversee it, and OPS PMO.
READ_CAMPAIGNS = Capability(
    "read_campaigns",
    everywhere=OPS_PMO_READERS,
    own=frozenset({Role.UNIT_ADMIN, Role.OVERSEER, Role.OPS_ADMIN, Role.CLERK}),
    overseen=frozenset({Role.OVERSEER}),
)
# Fill and send an organisation's one response to a campaign: its administrator.
ANSWER_CAMPAIGNS = Capability("answer_campaigns", own=frozenset({Role.UNIT_ADMIN}))


def where(user: Any, capability: Capability) -> Scope:
    """The organisations on which the account holds the capability."""
    held = assignments(user)
    excluded = tuple(a.organisation_id for a in held if a.role in capability.not_on_own)
    if any(a.role in capability.everywhere for a in held):
        return Scope(everything=True, excluded_ids=excluded)
    reach = NOTHING
    for a in held:
        if a.role in capability.own:
            reach |= Scope(organisation_ids=(a.organisation_id,))
        if a.role in capability.overseen:
            reach |= oversight_of(a.organisation)
    return reach | Scope(excluded_ids=excluded)


def _organisation_of(obj: Any) -> Organisation:
    """The organisation an object belongs to: itself, or through its centre."""
    if isinstance(obj, Organisation):
        return obj
    if isinstance(obj, ServiceCentre):
        return obj.organisation
    centre = getattr(obj, "centre", None)
    if isinstance(centre, ServiceCentre):
        return centre.organisation
    raise TypeError(f"{type(obj).__name__} belongs to no organisation")


def can(user: Any, capability: Capability, obj: Any = None) -> bool:
    """Whether the account holds the capability on the object (an organisation, or
    anything of one: a centre, a counter, a report, an application), or anywhere at all
    (obj None)."""
    reach = where(user, capability)
    assigned = _assigned_q(user, capability)
    if obj is None:
        return not reach.is_empty or assigned is not None
    if reach.contains(_organisation_of(obj)):
        return True
    if assigned is None or not isinstance(obj, Application):
        return False
    return Application.objects.filter(assigned, pk=obj.pk).exists()


def _assigned_q(user: Any, capability: Capability, prefix: str = "") -> Q | None:
    """Applications on which the capability is granted by assignment, or None."""
    held = {a.role for a in assignments(user)}
    condition = None
    for how, role in capability.assigned:
        if role not in held:
            continue
        lookup = "screener" if how == "screener" else "team__members__user"
        part = Q(**{f"{prefix}{lookup}": user})
        condition = part if condition is None else condition | part
    return condition


def require(user: Any, capability: Capability) -> None:
    """403 unless the account holds the capability somewhere: for the pages about the
    programme as a whole (a call's teams, the reason catalogue, the watch)."""
    if not can(user, capability):
        raise PermissionDenied


def grants(role: str, capability: Capability) -> bool:
    """Whether a role grants the capability at all, somewhere: for describing a role's
    work, as the home page does; what it may do with an object is `can`'s answer."""
    by_assignment = any(role == held for _how, held in capability.assigned)
    return by_assignment or role in capability.everywhere | capability.own | capability.overseen


def is_national(user: Any, capability: Capability) -> bool:
    """Whether the account holds the capability on every organisation."""
    return where(user, capability).everything


# --- lists ------------------------------------------------------------------------------


def scoped(user: Any, queryset: QuerySet[Any], *, via: str, need: Capability = READ) -> Any:
    """Any queryset of things that belong to an organisation, reached through the lookup
    `via` (e.g. "centre__organisation__"), cut to where the account holds `need`."""
    return queryset.filter(where(user, need).q(via))


def organisations_for(user: Any, *, need: Capability = READ) -> OrganisationQuerySet:
    return Organisation.objects.filter(where(user, need).q())


def centres_for(user: Any, *, need: Capability = READ) -> QuerySet[ServiceCentre]:
    return scoped(user, ServiceCentre.objects.all(), via="organisation__", need=need)


# Organisations whose centres make an area worth reading together: the ones an overseer
# picks from on the completeness and survey results pages.
AREA_KINDS = (
    Organisation.Kind.MINISTRY,
    Organisation.Kind.DEPARTMENT,
    Organisation.Kind.PROVINCE,
    Organisation.Kind.PROVINCIAL_OFFICE,
    Organisation.Kind.DISTRICT,
    Organisation.Kind.DISTRICT_OFFICE,
)


def areas_for(user: Any) -> OrganisationQuerySet:
    """The areas the account sees, kind by kind, for a page's area picker."""
    return organisations_for(user).filter(kind__in=AREA_KINDS).order_by("kind", "name_th")


# --- one object -------------------------------------------------------------------------


def _fetch(queryset: QuerySet[Any], pk: Any) -> Any:
    """The object of that id in the queryset (already cut to what the account reads),
    or 404: an id from the address or a form goes through the one id parser first."""
    number = parse_id(str(pk))
    if number is None:
        raise Http404
    try:
        return queryset.get(pk=number)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc


def _access(user: Any, queryset: QuerySet[Any], pk: Any, need: Capability) -> Any:
    """404 unless the account reads the object; 403 unless it also holds `need`."""
    obj = _fetch(queryset, pk)
    if need is not READ and not can(user, need, obj):
        raise PermissionDenied
    return obj


def access_organisation(user: Any, pk: Any, *, need: Capability = READ) -> Organisation:
    queryset = organisations_for(user).select_related("parent", "province", "district")
    organisation: Organisation = _access(user, queryset, pk, need)
    return organisation


def access_centre(user: Any, pk: Any, *, need: Capability = READ) -> ServiceCentre:
    queryset = centres_for(user).select_related("organisation")
    centre: ServiceCentre = _access(user, queryset, pk, need)
    return centre


def access_counter(user: Any, pk: Any, *, need: Capability = READ) -> Counter:
    queryset = scoped(
        user, Counter.objects.select_related("centre__organisation"), via="centre__organisation__"
    )
    counter: Counter = _access(user, queryset, pk, need)
    return counter


def access(
    user: Any, queryset: QuerySet[Any], pk: Any, *, via: str, need: Capability = READ
) -> Any:
    """Any object that belongs to an organisation (a report, an answer), fetched and
    checked like a centre."""
    return _access(user, scoped(user, queryset, via=via), pk, need)


def assignable_accounts(capability: Capability) -> QuerySet[User]:
    """Active accounts that may be assigned work granting the capability (SCREEN: the
    screeners an application can be given to; ASSESS: the assessors a team can seat)."""
    roles = [role for _how, role in capability.assigned]
    holders = RoleAssignment.objects.filter(role__in=roles).values("user_id")
    return User.objects.filter(is_active=True, pk__in=holders).order_by(
        "first_name", "last_name", "username"
    )


def may_be_assigned(user: Any, capability: Capability) -> bool:
    if getattr(user, "pk", None) is None:
        return False
    return assignable_accounts(capability).filter(pk=user.pk).exists()


def applications_for(user: Any, *, need: Capability = READ) -> QuerySet[Application]:
    """Certification applications where the account holds `need`: by the organisation
    of the applying centre, or by assignment (screener, assessment team)."""
    condition = where(user, need).q("centre__organisation__")
    assigned = _assigned_q(user, need)
    if assigned is not None:
        # A subquery, not a join: a team's several members must not repeat a row.
        condition |= Q(pk__in=Application.objects.filter(assigned).values("pk"))
    return Application.objects.filter(condition)


def access_application(user: Any, pk: Any, *, need: Capability = READ) -> Application:
    """The application if the account reads it (404 otherwise) and holds `need` on it
    (403 otherwise)."""
    queryset = applications_for(user).select_related(
        "call__standard", "centre__organisation", "level", "team", "screener"
    )
    application: Application = _access(user, queryset, pk, need)
    return application


def organisations_worked_in(user: Any) -> list[int]:
    """The organisations where the account holds a role (whose inbox and outbox are its
    own), whatever the role."""
    return [a.organisation_id for a in assignments(user)]


def works_in(user: Any, organisation: Organisation) -> bool:
    """Whether the account is one of the organisation's own people, who read its letters
    as their own (READ_LETTERS held on it as "own"), not an overseer reading from above:
    only they open a letter for the organisation."""
    return any(
        a.role in READ_LETTERS.own and a.organisation_id == organisation.pk
        for a in assignments(user)
    )


def letters_for(user: Any) -> QuerySet[Letter]:
    """The letters the account reads: a sent letter where it reads one of the letter's
    parties (correspondence.models.Party), a draft where it may write for the sender."""
    parties = Party.objects.filter(where(user, READ_LETTERS).q("organisation__"))
    sent = Q(pk__in=parties.values("letter_id")) & ~Q(state=Letter.State.DRAFT)
    drafts = Q(state=Letter.State.DRAFT) & where(user, CORRESPOND).q("sender__")
    return Letter.objects.filter(sent | drafts)


def access_letter(user: Any, pk: Any, *, need: Capability = READ_LETTERS) -> Letter:
    """The letter if the account reads it (404 otherwise). With need=CORRESPOND, the
    account acts as its sender (changes a draft, sends, reminds): 403 otherwise."""
    queryset = letters_for(user).select_related("sender", "root__sender", "forwards")
    letter: Letter = _fetch(queryset, pk)
    if need is not READ_LETTERS and not can(user, need, letter.sender):
        raise PermissionDenied
    return letter


def may_follow(user: Any, letter: Letter) -> bool:
    """Whether the account sees who received the letter and what each did (the
    tracking page, its exports): the sender's people and those who oversee the sender,
    and for a forward also those of the first sender, who follows the whole cascade."""
    senders = [letter.sender] + ([letter.root.sender] if letter.root_id and letter.root else [])
    return any(can(user, READ_LETTERS, sender) for sender in senders)


def access_followed_letter(user: Any, pk: Any) -> Letter:
    """A sent letter the account follows (its tracking page and exports): 404 for a
    letter it does not read (or a draft), 403 for one it reads without following it
    (a recipient)."""
    letter = access_letter(user, pk)
    if letter.state == Letter.State.DRAFT:
        raise Http404
    if not may_follow(user, letter):
        raise PermissionDenied
    return letter


def access_copy(user: Any, pk: Any, *, need: Capability = READ_LETTERS) -> Recipient:
    """One recipient's copy of a letter: readable by the recipient's people (and those
    who oversee it) and by whoever follows the letter (404 otherwise). With
    need=CORRESPOND, the account acts for the recipient (acknowledges, answers,
    forwards): 403 otherwise."""
    queryset = Recipient.objects.filter(letter__in=letters_for(user)).select_related(
        "letter__sender", "letter__root__sender", "organisation"
    )
    copy: Recipient = _fetch(queryset, pk)
    if not (can(user, READ_LETTERS, copy.organisation) or may_follow(user, copy.letter)):
        raise Http404
    if need is not READ_LETTERS and not can(user, need, copy.organisation):
        raise PermissionDenied
    return copy


def overseen_by(org: Organisation, prefix: str = "") -> Q:
    """A filter for the organisations that `org` oversees, itself included (a sender's
    "every unit under us" group of recipients; a dashboard's scope): the reach an
    overseer holding its role on `org` would have. With a prefix such as
    "organisation__", for anything that belongs to one."""
    return oversight_of(org).q(prefix)


def holders_on(capability: Capability, organisation_ids: Any) -> list[tuple[int, int, str]]:
    """(organisation id, account id, e-mail) of every active account with an e-mail that
    holds one of the capability's `own` roles on one of the organisations: whom to tell
    that a letter reached their inbox. One query, however many organisations."""
    rows = (
        RoleAssignment.objects.filter(
            role__in=capability.own,
            organisation_id__in=organisation_ids,
            user__is_active=True,
        )
        .exclude(user__email="")
        .order_by("organisation_id", "user_id")
        .values_list("organisation_id", "user_id", "user__email")
        .distinct()
    )
    return list(rows)


def recipient_lists_for(user: Any) -> QuerySet[RecipientList]:
    """The saved lists of recipients of the organisations the account writes for: a
    list is its organisation's working tool, kept and seen by its correspondence
    officers only."""
    return RecipientList.objects.filter(where(user, CORRESPOND).q("owner__"))


def access_recipient_list(user: Any, pk: Any) -> RecipientList:
    """A saved list the account keeps (404 for anyone else, even its overseers)."""
    recipient_list: RecipientList = _fetch(recipient_lists_for(user).select_related("owner"), pk)
    return recipient_list


def campaigns_for(user: Any) -> QuerySet[Campaign]:
    """The campaigns the account follows: those of the organisations it reads campaigns
    of (its own, those it oversees; every one for OPS PMO)."""
    return Campaign.objects.filter(where(user, READ_CAMPAIGNS).q("owner__"))


def access_campaign(user: Any, pk: Any, *, need: Capability = READ_CAMPAIGNS) -> Campaign:
    """The campaign if the account follows it (404 otherwise). With need=RUN_CAMPAIGNS,
    the account runs it (edits, launches, reminds, publishes): 403 otherwise."""
    campaign: Campaign = _fetch(campaigns_for(user).select_related("owner", "questionnaire"), pk)
    if need is not READ_CAMPAIGNS and not can(user, need, campaign.owner):
        raise PermissionDenied
    return campaign


def may_target(owner: Organisation) -> Q:
    """The organisations a campaign of `owner` may ask: those it oversees (OPS PMO:
    every one), never itself. The tracking pages show only these, too."""
    return overseen_by(owner) & ~Q(pk=owner.pk)


def targets_for(user: Any) -> QuerySet[Target]:
    """The asked organisations' places in launched campaigns that the account reads as
    the organisation's (its own people, its overseers): the unit's list of campaigns to
    answer."""
    return Target.objects.filter(
        where(user, READ).q("organisation__"), campaign__launched_at__isnull=False
    )


def access_target(user: Any, pk: Any, *, need: Capability = READ) -> Target:
    """An organisation's place in a launched campaign: readable by the organisation's
    people and overseers, and by whoever follows the campaign (404 otherwise). With
    need=ANSWER_CAMPAIGNS, the account answers for the organisation: 403 otherwise."""
    queryset = Target.objects.filter(campaign__launched_at__isnull=False).select_related(
        "campaign__owner", "campaign__questionnaire", "organisation"
    )
    target: Target = _fetch(queryset, pk)
    if not (
        can(user, READ, target.organisation) or can(user, READ_CAMPAIGNS, target.campaign.owner)
    ):
        raise Http404
    if need is not READ and not can(user, need, target.organisation):
        raise PermissionDenied
    return target


# --- staff accounts ---------------------------------------------------------------------


def grantable_roles(user: Any) -> set[str]:
    """The roles the account may hand out, on the organisations it may change."""
    if is_national(user, CHANGE):
        return {r.value for r in Role}
    if any(a.role == Role.UNIT_ADMIN for a in assignments(user)):
        return {r.value for r in ROLES_A_UNIT_ADMIN_GRANTS}
    return set()


def users_for(user: Any, *, change: bool = False) -> QuerySet[User]:
    """Accounts holding a role where the account reads. For changes, every one of the
    account's roles must be one this account may grant, on an organisation it may
    change: a unit administrator can neither take over an account that also holds a
    role elsewhere nor one that holds a role it could not have granted (an OPS PMO
    administrator's, an overseer's), through its e-mail and a password reset."""
    reach = where(user, CHANGE if change else READ)
    if reach.everything and not reach.excluded_ids:
        return User.objects.all()
    inside = User.objects.filter(reach.q("roles__organisation__")).values("pk")
    accounts = User.objects.filter(pk__in=inside)
    if change:
        beyond = RoleAssignment.objects.exclude(
            reach.q("organisation__"), role__in=grantable_roles(user)
        ).values("user_id")
        accounts = accounts.exclude(pk__in=beyond)
    return accounts


def access_user(user: Any, pk: Any, *, change: bool = False) -> User:
    """The account if this one reads it (404 otherwise); with change=True, if it may
    also change it (403 when it only reads it)."""
    account: User = _fetch(users_for(user), pk)
    if change and not can_change_account(user, account):
        raise PermissionDenied
    return account


def can_change_account(user: Any, account: User) -> bool:
    return users_for(user, change=True).filter(pk=account.pk).exists()


# --- files prepared in the background (downloads/) --------------------------------------


def reach(user: Any, capability: Capability = READ) -> dict[str, Any]:
    """Where the account holds the capability now, as data kept with a file prepared for
    it (downloads/): `lost_reach` compares it with the account's reach later."""
    return dataclasses.asdict(where(user, capability))


def lost_reach(
    user: Any,
    then: Any,
    queryset: QuerySet[Any],
    *,
    via: str,
    capability: Capability = READ,
) -> bool:
    """Whether the queryset holds something the account reached `then` (a `reach` kept
    earlier) and no longer reaches now: a file made then is not handed over any more
    (a role removed, an account made inactive). Kept data that is not a reach counts as
    everything lost."""
    try:
        kept: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in then.items()}
        before = Scope(**kept)
        reached = before.q(via)
    except (AttributeError, TypeError, ValueError):
        return True
    now = where(user, capability)
    if now.everything and not now.excluded_ids:
        return False
    return queryset.filter(reached).exclude(now.q(via)).exists()
