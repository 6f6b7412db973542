"""Launched campaigns to follow, made directly (launching itself is campaigns/launching's
work): a campaign with its targets, some answered (`answered_at` set and a sent
response), as they stand after a launch and some answers."""

from collections.abc import Iterable
from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from campaigns import questionnaire
from campaigns.models import Campaign, Response, Target
from registry.models import Organisation
from thaicalendar import dates

# DLA's campaign of the tests: four local governments of Pattani and one of Chiang Mai,
# and Pattani's public health office, which DLA does not oversee (a target left over
# from a move in the registry: neither counted nor listed).
PATTANI = ["6940100", "5940101", "5941001", "6940103"]
CHIANG_MAI = ["3500101"]
OUTSIDE = ["PHO-94"]
ANSWERED = ["5941001", "6940103", "3500101"]


def launched(
    owner: Organisation | str = "DLA",
    *,
    asked: Iterable[Organisation | str] = (*PATTANI, *CHIANG_MAI, *OUTSIDE),
    answered: Iterable[Organisation | str] = ANSWERED,
    audience: str = Campaign.Audience.ORGANISATIONS,
    opened_days_ago: int = 5,
    closes_in_days: int = 20,
    title: str = "ความต้องการสิ่งจูงใจในการขอรับรองมาตรฐานศูนย์ราชการสะดวก",
) -> Campaign:
    """A launched campaign of `owner` asking `asked`, `answered` of them answered."""
    owner = _org(owner)
    today = dates.bangkok_today()
    asked_orgs = [_org(o) for o in asked]
    answered_ids = {_org(o).pk for o in answered}
    by = User.objects.filter(roles__organisation=owner).first()
    campaign = Campaign.objects.create(
        owner=owner,
        title_th=title,
        title_en="Incentives to apply for the GECC standard",
        audience=audience,
        questionnaire=questionnaire.template("incentive-needs"),
        opens_on=today - timedelta(days=opened_days_ago),
        closes_on=today + timedelta(days=closes_in_days),
        target_count=len(asked_orgs),
        launched_at=timezone.now() - timedelta(days=opened_days_ago),
        launched_by=by,
        created_by=by,
    )
    now = timezone.now()
    targets = Target.objects.bulk_create(
        Target(
            campaign=campaign,
            organisation=org,
            answered_at=now if org.pk in answered_ids else None,
        )
        for org in asked_orgs
    )
    staff = audience == Campaign.Audience.STAFF
    Response.objects.bulk_create(
        Response(
            campaign=campaign,
            target=target,
            questionnaire=campaign.questionnaire,
            anonymous=staff,
            answers={},
            state=Response.State.SENT,
            sent_on=today,
            sent_at=None if staff else now,
        )
        for target in targets
        if target.answered_at
    )
    return campaign


def _org(org: Organisation | str) -> Organisation:
    return org if isinstance(org, Organisation) else Organisation.objects.get(code=org)


def many_local_governments(count: int, *, under: str = "DLA-94") -> list[Organisation]:
    """`count` more subdistrict administrative organisations of Pattani under `under`."""
    parent = _org(under)
    return [
        Organisation.objects.create(
            code=f"T{n:06d}",
            name_th=f"องค์การบริหารส่วนตำบลทดสอบ {n}",
            kind=Organisation.Kind.LOCAL_GOVERNMENT,
            lao_type=Organisation.LaoType.SAO,
            parent=parent,
            province_id="94",
        )
        for n in range(count)
    ]
