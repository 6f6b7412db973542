"""Survey results: a centre's figures, and an area's for those who oversee it, over a
maintenance round or any range of dates. The centre's own staff also record here how
many people they served, for the sample-size check."""

from datetime import date, timedelta
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
from maintenance.models import Round
from registry.models import ServiceCentre
from survey import selectors, services, statistics
from survey.models import PeopleServed
from thaicalendar import dates
from thaicalendar.forms import ThaiDateField
from thaicalendar.templatetags.thaidate import thaidate

LONGEST_PERIOD = timedelta(days=10 * 366)


# --- forms --------------------------------------------------------------------------------


def _check_order(form: forms.BaseForm, start: str, end: str) -> None:
    first, last = form.cleaned_data.get(start), form.cleaned_data.get(end)
    if first and last and last < first:
        form.add_error(
            end,
            _("%(end)s must not be before %(start)s.")
            % {"end": form.fields[end].label, "start": form.fields[start].label},
        )


class PeriodForm(forms.Form):
    """A range of dates typed the Thai way (22/6/2568, 22 มิ.ย. 68 …)."""

    start = ThaiDateField(label=gettext_lazy("From"))
    end = ThaiDateField(label=gettext_lazy("To"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _check_order(self, "start", "end")
        start, end = data.get("start"), data.get("end")
        if start and end and end - start > LONGEST_PERIOD:
            self.add_error("end", _("A period can be at most 10 years long."))
        return data


class PeopleServedForm(forms.ModelForm):
    period_start = ThaiDateField(label=gettext_lazy("From"))
    period_end = ThaiDateField(label=gettext_lazy("To"))
    people = forms.IntegerField(label=gettext_lazy("People served"), min_value=1)

    class Meta:
        model = PeopleServed
        fields = ("period_start", "period_end", "people")

    def __init__(self, *args: Any, centre: ServiceCentre, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.centre = centre

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _check_order(self, "period_start", "period_end")
        start, end = data.get("period_start"), data.get("period_end")
        # Periods must not overlap: each person served would be counted twice in the
        # population of the sample-size check.
        if (
            start
            and end
            and self.centre.people_served.filter(
                period_start__lte=end, period_end__gte=start
            ).exists()
        ):
            self.add_error(
                "period_start",
                _("This period overlaps one already recorded for the centre."),
            )
        return data


# --- the period ---------------------------------------------------------------------------


def _period(
    request: HttpRequest,
) -> tuple[date, date, Round | None, list[Round], PeriodForm]:
    """The period asked for: the chosen round, else a range of dates if both are given
    and valid, else the latest round that has begun, else this fiscal year so far."""
    rounds = list(Round.objects.order_by("-fiscal_year", "-months"))
    wanted = request.GET.get("round", "")
    chosen = next((r for r in rounds if str(r.pk) == wanted), None)
    form = PeriodForm()
    if chosen is None and (request.GET.get("start") or request.GET.get("end")):
        form = PeriodForm(request.GET)
        if form.is_valid():
            return form.cleaned_data["start"], form.cleaned_data["end"], None, rounds, form
    today = dates.bangkok_today()
    rnd = chosen or next(
        (r for r in rounds if r.period_start <= today), rounds[0] if rounds else None
    )
    if rnd is not None:
        return rnd.period_start, rnd.period_end, rnd, rounds, form
    start, _end = dates.fiscal_year_bounds(dates.fiscal_year(today))
    return start, today, None, rounds, form


def _page(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    stats: selectors.Stats = context["stats"]
    context["scale"] = statistics.BANDS
    context["overall_items"] = [stats.summary.overall]
    return render(request, "survey/results.html", context)


# --- views --------------------------------------------------------------------------------


@login_required
def centre_results(request: HttpRequest, pk: int) -> HttpResponse:
    """A centre's survey results; its own staff record the people served here too."""
    centre = cap.access_centre(request.user, pk)
    can_record = cap.can(request.user, cap.FILL, centre)
    people_form = PeopleServedForm(centre=centre) if can_record else None
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        people_form = PeopleServedForm(request.POST, centre=centre)
        if people_form.is_valid():
            served = services.record_people_served(
                actor=request.user, centre=centre, **people_form.cleaned_data
            )
            messages.success(
                request,
                _("Recorded: %(people)s people served from %(start)s to %(end)s.")
                % {
                    "people": served.people,
                    "start": thaidate(served.period_start),
                    "end": thaidate(served.period_end),
                },
            )
            query = request.GET.urlencode()
            return redirect(request.path + (f"?{query}" if query else ""))
    start, end, rnd, rounds, period_form = _period(request)
    stats = selectors.centre_stats(centre, start, end)
    # What the round's maintenance report receives, for the centre to see before sending.
    figures = selectors.report_figures(stats) if rnd is not None else None
    report_rows = selectors.report_rows(figures) if figures else []
    return _page(
        request,
        {
            "centre": centre,
            "stats": stats,
            "round": rnd,
            "rounds": rounds,
            "period_form": period_form,
            "people_form": people_form,
            "report_rows": report_rows,
            "report_respondents": figures["respondents"] if figures else None,
        },
    )


@login_required
def area_results(request: HttpRequest) -> HttpResponse:
    """The results of every centre in an area the account oversees (or of its whole
    scope), in whole months."""
    area = None
    if request.GET.get("area"):
        area = cap.access_organisation(request.user, request.GET["area"])
    start, end, rnd, rounds, period_form = _period(request)
    stats = selectors.area_stats(request.user, area=area, start=start, end=end)
    areas = cap.areas_for(request.user).only("pk", "name_th", "name_en", "kind")
    return _page(
        request,
        {
            "area": area,
            "areas": areas,
            "stats": stats,
            "round": rnd,
            "rounds": rounds,
            "period_form": period_form,
        },
    )
