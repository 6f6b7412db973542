"""A centre's opening hours, kept by the unit's administrator beside its local
questions (the same capability, cap.ASK_LOCAL_QUESTIONS). Answers given while the
centre is closed weigh in the checks for stuffing (survey/opening.py,
survey/stream.py); Thai public holidays are closed whatever the hours say."""

import re
from datetime import time
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import capabilities as cap
from saduak.language import in_language
from survey import opening, services
from survey.models import OpeningHours
from thaicalendar import holidays
from thaicalendar.dates import arabic_digits, bangkok_today

DAYS = OpeningHours.Weekday
# Hours and minutes as offices write them: 08:30, 8.30, 08.30 น., in either digits.
CLOCK = re.compile(r"([0-9]{1,2})\s*[:.]\s*([0-9]{2})(?:\s*(?:น\.?|นาฬิกา))?")
HOLIDAYS_SHOWN = 6

UNREADABLE = gettext_lazy("%(day)s: write the time as hours and minutes, for example 08:30.")
MISSING = gettext_lazy(
    "%(day)s: give the time the centre opens and the time it closes, or mark the day closed."
)
BACKWARDS = gettext_lazy("%(day)s: the centre must open before it closes.")
# A government counter's day: hours beyond it would also hide answers typed at night
# by the unit's own staff from the stream's after-hours check (survey/stream.py).
EARLIEST, LATEST = time(6, 0), time(22, 0)
OUT_OF_DAY = gettext_lazy(
    "%(day)s: a service counter opens at 06:00 at the earliest and closes by 22:00."
)
NO_DAY_OPEN = gettext_lazy(
    "Mark at least one day open. A centre with no hours of its own keeps weekday office "
    "hours: to go back to them, use the button below."
)


def read_clock(text: str) -> time | None:
    """A time of day as typed, or None when it cannot be read as one."""
    found = CLOCK.fullmatch(arabic_digits(text.strip()))
    if not found:
        return None
    hours, minutes = int(found.group(1)), int(found.group(2))
    return time(hours, minutes) if hours < 24 and minutes < 60 else None


class WeekForm(forms.Form):
    """A row per day of the week: open or closed, and when open, from when to when."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for day in DAYS:
            self.fields[f"open_{day.value}"] = forms.BooleanField(
                label=_("%(day)s: open") % {"day": day.label}, required=False
            )
            for part, label in (("opens", _("opens")), ("closes", _("closes"))):
                self.fields[f"{part}_{day.value}"] = forms.CharField(
                    label=f"{day.label}: {label}",
                    required=False,
                    max_length=20,
                    widget=forms.TextInput(attrs={"type": "time", "class": "clock"}),
                )
        self.week: opening.Week = {}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        week: opening.Week = {}
        for day in DAYS:
            if not data.get(f"open_{day.value}"):
                continue
            texts = [str(data.get(f"{part}_{day.value}") or "") for part in ("opens", "closes")]
            if not all(text.strip() for text in texts):
                self.add_error(f"opens_{day.value}", MISSING % {"day": day.label})
                continue
            opens, closes = (read_clock(text) for text in texts)
            if opens is None or closes is None:
                wrong = "opens" if opens is None else "closes"
                self.add_error(f"{wrong}_{day.value}", UNREADABLE % {"day": day.label})
            elif opens >= closes:
                self.add_error(f"closes_{day.value}", BACKWARDS % {"day": day.label})
            elif opens < EARLIEST or closes > LATEST:
                wrong = "opens" if opens < EARLIEST else "closes"
                self.add_error(f"{wrong}_{day.value}", OUT_OF_DAY % {"day": day.label})
            else:
                week[day.value] = (opens, closes)
        if not week and not self.errors:
            raise forms.ValidationError(NO_DAY_OPEN)
        self.week = week
        return data


def initial(week: opening.Week) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for day in DAYS:
        hours = week.get(day.value)
        values[f"open_{day.value}"] = hours is not None
        opens, closes = hours or (time(8, 30), time(16, 30))
        values[f"opens_{day.value}"] = f"{opens:%H:%M}"
        values[f"closes_{day.value}"] = f"{closes:%H:%M}"
    return values


def holidays_ahead() -> list[tuple[Any, str]]:
    today = bangkok_today()
    ahead = sorted((day, names) for day, names in holidays.holidays().items() if day >= today)
    return [(day, in_language(th, en)) for day, (th, en) in ahead[:HOLIDAYS_SHOWN]]


@login_required
def opening_hours(request: HttpRequest, pk: int) -> HttpResponse:
    centre = cap.access_centre(request.user, pk)
    can_change = cap.can(request.user, cap.ASK_LOCAL_QUESTIONS, centre)
    own = OpeningHours.objects.filter(centre=centre).exists()
    week = opening.hours_of([centre.pk])[centre.pk]
    form = WeekForm(initial=initial(week))
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if request.POST.get("action") == "office_hours":
            services.set_opening_hours(actor=request.user, centre=centre, week=None)
            messages.success(request, _("The centre keeps weekday office hours again."))
            return redirect("survey:opening_hours", pk=centre.pk)
        form = WeekForm(request.POST)
        if form.is_valid():
            services.set_opening_hours(actor=request.user, centre=centre, week=form.week)
            messages.success(request, _("Opening hours saved."))
            return redirect("survey:opening_hours", pk=centre.pk)
    rows = [
        {
            "day": day.label,
            "open": form[f"open_{day.value}"],
            "opens": form[f"opens_{day.value}"],
            "closes": form[f"closes_{day.value}"],
            "hours": week.get(day.value),
        }
        for day in DAYS
    ]
    context = {
        "centre": centre,
        "form": form,
        "rows": rows,
        "own": own,
        "can_change": can_change,
        "holidays": holidays_ahead(),
    }
    return render(request, "survey/opening_hours.html", context)
