"""The dashboard's campaigns section: for each campaign survey taking answers today
that asks the scope's organisations, how many of them were asked and have answered.
The figures are read by campaigns/tracking.py (which counts a campaign's targets as its
own tracking page does), cut to the scope; a campaign links to its tracking page only
for a viewer who follows it (READ_CAMPAIGNS on its owner)."""

from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts import capabilities as cap
from campaigns import tracking
from campaigns.tracking import Rate
from oversight import areas
from oversight.scopes import CENTRE, Scope
from oversight.sections import COUNT, SHARE, Measure, Row, Section, measure, section


@dataclass
class Item:
    """An open campaign's figures among the scope's organisations, with its tracking
    page's address when the viewer follows the campaign ("" otherwise)."""

    rate: Rate
    url: str = ""


@dataclass
class Campaigns:
    open: list[Item]
    total: Rate  # every open campaign together: places asked and answered


def _shown(scope: Scope, rate: Rate) -> Item:
    campaign = rate.campaign
    url = ""
    if campaign is not None and cap.can(scope.viewer, cap.READ_CAMPAIGNS, campaign.owner):
        url = reverse("campaigns:tracking", args=[campaign.pk])
    return Item(rate=rate, url=url)


def read(scope: Scope, today: date) -> Campaigns:
    """Two queries, whatever the number of organisations."""
    rates = tracking.open_rates(scope.q("organisation__"), day=today)
    total = Rate(None, sum(r.asked for r in rates), sum(r.answered for r in rates))
    return Campaigns(open=[_shown(scope, r) for r in rates], total=total)


def rows(figures: Campaigns) -> list[Row]:
    found = []
    for item in figures.open:
        campaign = item.rate.campaign
        title = campaign.title if campaign is not None else ""
        found.append(
            Row(
                _("Organisations asked: %(campaign)s") % {"campaign": title}, item.rate.asked, COUNT
            )
        )
        found.append(
            Row(_("Answered: %(campaign)s") % {"campaign": title}, item.rate.answered, COUNT)
        )
        found.append(
            Row(_("Response rate: %(campaign)s") % {"campaign": title}, item.rate.share, SHARE)
        )
    if not figures.open:
        found.append(Row(_("Open campaigns asking these units"), 0, COUNT))
    return found


section(
    Section(
        key="campaigns",
        title=_lazy("Campaign surveys"),
        template="oversight/sections/campaigns.html",
        read=read,
        rows=rows,
    )
)


def answered_share_by_area(scope: Scope, day: date) -> dict[str, float | None]:
    """Of the places the area's organisations hold in the campaigns open on `day`, the
    share answered; a unit's dashboard (by centre) has none, a campaign asking the unit
    and not its centres. Two queries."""
    if scope.group == CENTRE:
        return {}
    group = areas.field(scope, organisation="organisation__", centre="")
    found = tracking.open_rates_by(scope.q("organisation__"), group=group, day=day)
    return {str(key): r.share for key, r in found.items() if key is not None}


measure(
    Measure(
        code="campaigns_answered_share",
        label=_lazy("Campaigns answered"),
        unit=SHARE,
        higher_is_better=True,
        by_area=answered_share_by_area,
    )
)
