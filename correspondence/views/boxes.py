"""An organisation's inbox (หนังสือเข้า) and outbox (หนังสือออก)."""

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from accounts import capabilities as cap
from correspondence import selectors
from correspondence.receiving import is_overdue
from registry.models import Organisation
from saduak.http import parse_id
from thaicalendar import dates
from thaicalendar.forms import ThaiDateField

PAGE_SIZE = 50


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Number or subject"),
        required=False,
        max_length=300,
        help_text=_("A number such as ๗๕๕๕ or 0810.7/7555, or words of the subject."),
    )
    date_from = ThaiDateField(label=_("Dated from"), required=False)
    date_to = ThaiDateField(label=_("Dated until"), required=False)

    def search(self) -> selectors.Search:
        if not self.is_valid():
            return selectors.Search()
        data = self.cleaned_data
        text = " ".join(data["q"].replace("\x00", "").split())
        return selectors.Search(text=text, date_from=data["date_from"], date_to=data["date_to"])


def _organisation(request: HttpRequest) -> tuple[Organisation, list[Organisation]]:
    """The organisation whose box is shown: the one chosen (?org=, any whose letters the
    account reads), else the first the account works in. 404 for one it does not read;
    403 when it reads no organisation's letters at all."""
    own = selectors.own_box_organisations(request.user)
    raw = request.GET.get("org", "")
    if raw:
        number = parse_id(raw)
        chosen = Organisation.objects.filter(pk=number).first() if number else None
        if chosen is None or not cap.can(request.user, cap.READ_LETTERS, chosen):
            raise Http404
        return chosen, own
    if not own:
        raise PermissionDenied
    return own[0], own


def _context(request: HttpRequest, organisation: Organisation, own: list[Organisation]) -> Any:
    form = SearchForm(request.GET or None)
    return form, {
        "organisation": organisation,
        "choices": own,
        "form": form,
        "today": dates.bangkok_today(),
    }


@login_required
@require_safe
def inbox(request: HttpRequest) -> HttpResponse:
    organisation, own = _organisation(request)
    form, context = _context(request, organisation, own)
    show = request.GET.get("show", "all")
    show = show if show in selectors.SHOW else "all"
    copies = selectors.inbox(organisation, search=form.search(), show=show, today=context["today"])
    page = Paginator(copies, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"copy": c, "overdue": is_overdue(c, context["today"])} for c in page.object_list]
    context.update({"page": page, "rows": rows, "show": show})
    return render(request, "correspondence/inbox.html", context)


@login_required
@require_safe
def outbox(request: HttpRequest) -> HttpResponse:
    organisation, own = _organisation(request)
    form, context = _context(request, organisation, own)
    letters = selectors.outbox(request.user, organisation, search=form.search())
    page = Paginator(letters, PAGE_SIZE).get_page(request.GET.get("page"))
    context.update(
        {
            "page": page,
            "writes": cap.can(request.user, cap.CORRESPOND, organisation),
            # OPS PMO keeps the emblem every letter prints: its page starts here.
            "sets_emblem": cap.can(request.user, cap.ADMINISTER),
        }
    )
    return render(request, "correspondence/outbox.html", context)


urlpatterns: list[URLPattern] = [
    path("inbox/", inbox, name="inbox"),
    path("outbox/", outbox, name="outbox"),
]
