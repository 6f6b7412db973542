"""Campaigns as launching leaves them, for the publication and letter tests."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from campaigns import questionnaire
from campaigns.models import Campaign, Target, new_code
from registry.models import Organisation
from thaicalendar import dates


def campaign(
    owner: str = "DLA",
    *,
    targets: tuple[str, ...] = ("5940101", "5941001"),
    staff: bool = False,
    launched: bool = True,
    title: str = "แบบสำรวจความต้องการสิ่งจูงใจ",
) -> Campaign:
    today = dates.bangkok_today()
    made = Campaign.objects.create(
        owner=Organisation.objects.get(code=owner),
        title_th=title,
        audience=Campaign.Audience.STAFF if staff else Campaign.Audience.ORGANISATIONS,
        questionnaire=questionnaire.template("incentive-needs"),
        opens_on=today - timedelta(days=3),
        closes_on=today + timedelta(days=30),
        target_count=len(targets) if launched else 0,
        launched_at=timezone.now() if launched else None,
        launched_by=User.objects.get(username="overseer.dla") if launched else None,
    )
    if launched:
        for code in targets:
            Target.objects.create(
                campaign=made,
                organisation=Organisation.objects.get(code=code),
                staff_code=new_code() if staff else None,
            )
    return made
