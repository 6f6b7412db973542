from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from accounts import capabilities as cap
from audit import readable
from audit.models import AuditEvent, type_label
from thaicalendar.forms import ThaiDateField


class AuditFilterForm(forms.Form):
    who = forms.CharField(label=_("Account"), required=False)
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("All actions")), *AuditEvent.Action.choices],
    )
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    text = forms.CharField(label=_("Object contains"), required=False)
    since = ThaiDateField(label=_("From date"), required=False, help_text=_("e.g. 1/10/2568"))
    until = ThaiDateField(label=_("To date"), required=False, help_text=_("e.g. 30/9/2569"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        types = (
            AuditEvent.objects.order_by("object_type")
            .values_list("object_type", flat=True)
            .distinct()
        )
        choices = [("", _("All types")), *((t, type_label(t)) for t in types)]
        self.fields["object_type"].choices = choices  # type: ignore[attr-defined]


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    """The trail, newest first, for OPS PMO administrators. Read-only by design: there is
    no view that edits or deletes an event."""
    if not cap.can(request.user, cap.ADMINISTER):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.all()
    if form.is_valid():
        data = form.cleaned_data
        if data["who"]:
            events = events.filter(actor_label__icontains=data["who"])
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["object_type"]:
            events = events.filter(object_type=data["object_type"])
        if data["text"]:
            events = events.filter(object_repr__icontains=data["text"])
        if data["since"]:
            events = events.filter(at__date__gte=data["since"])
        if data["until"]:
            events = events.filter(at__date__lte=data["until"])
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    readable.describe(page.object_list)
    return render(request, "audit/event_list.html", {"form": form, "page": page})
