"""Campaigns as their owner builds them, for the tests of every part."""

from datetime import timedelta
from typing import Any

from accounts.models import User
from campaigns import building
from campaigns.models import Campaign
from correspondence.recipients import PROVINCE, Group
from registry.models import Organisation
from thaicalendar import dates


def draft(
    owner: str = "DLA",
    *,
    by: str = "overseer.dla",
    start: str = building.TEMPLATE,
    audience: str = Campaign.Audience.ORGANISATIONS,
    **values: Any,
) -> Campaign:
    """A draft campaign of the organisation with that code, open from today for 30 days."""
    today = dates.bangkok_today()
    fields = {
        "title_th": "สำรวจความต้องการสิ่งจูงใจ",
        "title_en": "Incentive needs",
        "purpose_th": "เพื่อประกอบการพิจารณา",
        "audience": audience,
        "opens_on": today,
        "closes_on": today + timedelta(days=30),
        **values,
    }
    return building.create_campaign(
        user=User.objects.get(username=by),
        owner=Organisation.objects.get(code=owner),
        values=fields,
        start=start,
    )


def with_targets(campaign: Campaign, *groups: Group, by: str = "overseer.dla") -> Campaign:
    """The draft asking the groups (by default every local government of Pattani)."""
    return building.set_targets(
        user=User.objects.get(username=by),
        campaign=campaign,
        revision=campaign.revision,
        groups=list(groups) or [Group(PROVINCE, province="94")],
    )


def launched(campaign: Campaign, *, by: str = "overseer.dla") -> Campaign:
    if not campaign.selection:
        campaign = with_targets(campaign, by=by)
    return building.launch(
        user=User.objects.get(username=by), campaign=campaign, revision=campaign.revision
    )
