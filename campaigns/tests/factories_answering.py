"""Launched campaigns to answer (launching itself is built elsewhere: the Target rows
are made here directly): DLA's incentive-needs survey asking Pattani's local
governments, for organisations or for their staff."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from accounts.models import Role, User
from campaigns import questionnaire
from campaigns.models import Campaign, Target, new_code
from registry.models import Organisation
from thaicalendar import dates

# A complete answer to the incentive-needs questionnaire, as its form sends it.
COMPLETE = {
    "q-wanted": ["budget", "points"],
    "q-most_wanted-1": "budget",
    "q-most_wanted-2": "points",
    "q-most_wanted-3": "awards",
    "q-paid_or_free": "both",
    "q-motivation": "4",
    "q-budget_needed": "250,000",
    "q-obstacles": ["budget", "staff"],
    "q-biggest_obstacle": "งบประมาณไม่พอ",
    "q-level": "basic",
    "q-suggestions": "ขอบคุณครับ",
}


def launched(
    *,
    audience: str = Campaign.Audience.ORGANISATIONS,
    opens_in: int = -7,
    closes_in: int = 14,
    title: str = "สำรวจความต้องการสิ่งจูงใจ ปี 2569",
) -> Campaign:
    """DLA's campaign, launched, open from `opens_in` to `closes_in` days from today,
    asking every local government of Pattani (Pattani Town among them)."""
    today = dates.bangkok_today()
    dla = Organisation.objects.get(code="DLA")
    campaign = Campaign.objects.create(
        owner=dla,
        title_th=title,
        title_en="Incentive needs 2026",
        purpose_th="เพื่อวางแผนสิ่งจูงใจให้หน่วยงานขอรับการรับรองมาตรฐาน",
        audience=audience,
        questionnaire=questionnaire.template("incentive-needs"),
        opens_on=today + timedelta(days=opens_in),
        closes_on=today + timedelta(days=closes_in),
        launched_at=timezone.now(),
        launched_by=User.objects.filter(username="overseer.dla").first(),
    )
    staff = audience == Campaign.Audience.STAFF
    targets = [
        Target(campaign=campaign, organisation=org, staff_code=new_code() if staff else None)
        for org in Organisation.objects.filter(
            province_id="94", kind=Organisation.Kind.LOCAL_GOVERNMENT
        )
    ]
    Target.objects.bulk_create(targets)
    campaign.target_count = len(targets)
    campaign.save(update_fields=["target_count"])
    return campaign


def town(campaign: Campaign) -> Target:
    """Pattani Town Municipality's place in the campaign."""
    return Target.objects.get(campaign=campaign, organisation__code="5940101")


def second_admin(username: str = "admin2.pattanitown") -> User:
    """Another administrator of Pattani Town, to answer at the same time."""
    user, _ = User.objects.get_or_create(
        username=username, defaults={"first_name": "ฟาตีมะห์", "last_name": "ผู้ดูแลที่สอง"}
    )
    user.set_password("saduak-demo-2569")
    user.save()
    user.roles.get_or_create(
        role=Role.UNIT_ADMIN, organisation=Organisation.objects.get(code="5940101")
    )
    return user


def form(**fields: Any) -> dict[str, Any]:
    return {**COMPLETE, **fields}
