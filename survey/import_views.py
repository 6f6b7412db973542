"""Pages of the answer import: upload, column mapping and check, confirmation.

The file is kept between the steps by saduak/previews.py and the checked mapping in the
session beside it; the confirmation writes only what was checked, and checks it again.
"""

from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import capabilities as cap
from audit.models import AuditEvent
from registry.models import ServiceCentre
from saduak import exports, previews
from survey import imports
from survey.questionnaire import current
from thaicalendar.dates import BANGKOK, bangkok_today, parse_date

PREVIEW_KEY = "survey_import"
MAPPING_KEY = "survey_import_mapping"
TEMPLATE = "survey/import.html"


class MappingForm(forms.Form):
    """One select per questionnaire field: which column of the file fills it."""

    date_for_all = forms.CharField(
        label=gettext_lazy("Or one date for every row"),
        required=False,
        max_length=40,
        help_text=gettext_lazy(
            "When the file has no date column (paper forms of one day keyed in), e.g. "
            "22/6/2568. Each answer is then dated at noon that day."
        ),
    )

    def __init__(
        self, *args: Any, fields: list[imports.Target], columns: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.targets = fields
        choices = [("", _("— not in the file —"))]
        choices += [(str(index), label) for index, label in enumerate(columns)]
        date_for_all = self.fields.pop("date_for_all")
        for target in fields:
            self.fields[self.name_of(target)] = forms.ChoiceField(
                label=target.label, choices=choices, required=False
            )
        self.fields["date_for_all"] = date_for_all

    @staticmethod
    def name_of(target: imports.Target) -> str:
        return f"col_{target.key}"

    @classmethod
    def initial_from(cls, mapping: dict[str, int | None]) -> dict[str, str]:
        return {f"col_{key}": "" if index is None else str(index) for key, index in mapping.items()}

    def clean_date_for_all(self) -> date | None:
        text = self.cleaned_data.get("date_for_all", "").strip()
        if not text:
            return None
        try:
            day = parse_date(text)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
        if day > bangkok_today():
            raise forms.ValidationError(_("The date “%(text)s” is in the future.") % {"text": text})
        if day < imports.EARLIEST:
            raise forms.ValidationError(
                _("The date “%(text)s” is before the GECC programme began (1 September 2015).")
                % {"text": text}
            )
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen: dict[str, str] = {}
        for target in self.targets:
            name = self.name_of(target)
            column = data.get(name)
            if not column:
                continue
            if column in chosen:
                self.add_error(
                    name,
                    _("This column is already chosen for “%(field)s”.") % {"field": chosen[column]},
                )
            else:
                chosen[column] = target.label
        if not any(data.get(self.name_of(t)) for t in self.targets if t.kind == "score"):
            self.add_error(None, _("Choose the column of at least one scored item."))
        date_name = f"col_{imports.DATE}"
        if data.get(date_name) and data.get("date_for_all"):
            self.add_error("date_for_all", _("Leave this empty: the file has a date column."))
        elif not data.get(date_name) and not data.get("date_for_all") and "date_for_all" in data:
            self.add_error(
                date_name,
                _(
                    "Choose the column with the date of each answer, or give one date "
                    "for every row."
                ),
            )
        return data

    def mapping(self) -> dict[str, int | None]:
        columns = {t.key: self.cleaned_data.get(self.name_of(t)) for t in self.targets}
        return {name: int(value) if value else None for name, value in columns.items()}

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The selects in fieldsets: one per dimension, the respondent, the rest."""
        found: dict[str, list[forms.BoundField]] = {}
        for target in self.targets:
            found.setdefault(target.group, []).append(self[self.name_of(target)])
        return list(found.items())


def _access(request: HttpRequest, pk: int) -> ServiceCentre:
    """The centre, for its own staff (unit administrator, centre staff): 404 outside the
    account's scope, 403 for others who may read it, such as an overseer."""
    return cap.access_centre(request.user, pk, need=cap.FILL)


def _remember(
    request: HttpRequest,
    *,
    token: str,
    centre: ServiceCentre,
    mapping: dict[str, int | None] | None,
    date_for_all: date | None = None,
    checked: bool = False,
) -> None:
    request.session[MAPPING_KEY] = {
        "token": token,
        "centre": centre.pk,
        "mapping": mapping,
        "date_for_all": date_for_all.isoformat() if date_for_all else "",
        "checked": checked,
    }


def _earlier_imports(centre: ServiceCentre) -> list[dict[str, Any]]:
    events = AuditEvent.objects.filter(
        action=AuditEvent.Action.IMPORT,
        object_type=ServiceCentre._meta.label_lower,
        object_id=str(centre.pk),
    )[:20]
    return [
        {
            "at": event.at,
            "who": event.actor_label,
            "file": (event.changes.get("file") or [None, ""])[1],
            "answers": (event.changes.get("imported_answers") or [None, 0])[1],
        }
        for event in events
    ]


def _page(request: HttpRequest, centre: ServiceCentre, **context: Any) -> HttpResponse:
    context.update(
        centre=centre,
        earlier=_earlier_imports(centre),
        max_rows=settings.UPLOAD_MAX_ROWS,
        max_listed=imports.MAX_LISTED_ERRORS,
    )
    return render(request, TEMPLATE, context)


def _expired(request: HttpRequest, centre: ServiceCentre) -> HttpResponse:
    messages.error(request, _("The preview has expired. Upload the file again."))
    return redirect("survey:import_answers", pk=centre.pk)


@login_required
@require_http_methods(["GET", "POST"])
def import_answers(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 1: upload. The header row is read and a column mapping proposed."""
    centre = _access(request, pk)
    if request.method != "POST":
        return _page(request, centre)
    upload = request.FILES.get("file")
    problem = previews.upload_problem(upload)
    if problem or upload is None:
        return _page(request, centre, file_error=problem)
    name, content = upload.name or "", upload.read()
    try:
        table = imports.read_table(name, content)
        earlier = imports.previous_import(centre, imports.file_digest(content))
        if earlier is not None:
            raise imports.AlreadyImported(earlier)
    except imports.ImportFileError as exc:
        return _page(request, centre, file_error=str(exc))
    fields = imports.targets(current())
    mapping = imports.suggest(table.header, fields)
    token = previews.keep(request, key=PREVIEW_KEY, name=name, content=content)
    _remember(request, token=token, centre=centre, mapping=mapping)
    form = MappingForm(
        initial=MappingForm.initial_from(mapping), fields=fields, columns=table.columns
    )
    return _page(request, centre, form=form, token=token, filename=name, table=table)


@login_required
@require_POST
def import_answers_check(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 2: check every row with the chosen mapping; nothing is written."""
    centre = _access(request, pk)
    kept = previews.take(request, key=PREVIEW_KEY, token=request.POST.get("token", ""))
    if kept is None:
        return _expired(request, centre)
    name, content = kept
    try:
        table = imports.read_table(name, content)
    except imports.ImportFileError as exc:  # it was read at upload; only a changed rule
        messages.error(request, str(exc))
        return redirect("survey:import_answers", pk=centre.pk)
    questionnaire = current()
    form = MappingForm(request.POST, fields=imports.targets(questionnaire), columns=table.columns)
    # Kept again under a new token: for another mapping, or for the confirmation.
    token = previews.keep(request, key=PREVIEW_KEY, name=name, content=content)
    context: dict[str, Any] = {"form": form, "token": token, "filename": name, "table": table}
    if form.is_valid():
        mapping = form.mapping()
        date_for_all = form.cleaned_data["date_for_all"]
        checked = imports.check(
            table, mapping, questionnaire, date_for_all=date_for_all, centre=centre
        )
        _remember(
            request,
            token=token,
            centre=centre,
            mapping=mapping,
            date_for_all=date_for_all,
            checked=checked.ok,
        )
        context["checked"] = checked
    else:
        _remember(request, token=token, centre=centre, mapping=None)
    return _page(request, centre, **context)


@login_required
@require_POST
def import_answers_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 3: write every checked row as a counted answer, or none."""
    centre = _access(request, pk)
    token = request.POST.get("token", "")
    saved = request.session.pop(MAPPING_KEY, None) or {}
    kept = previews.take(request, key=PREVIEW_KEY, token=token)
    if (
        kept is None
        or saved.get("token") != token
        or saved.get("centre") != centre.pk
        or not saved.get("checked")
        or not saved.get("mapping")
    ):
        return _expired(request, centre)
    name, content = kept
    day = saved.get("date_for_all")
    try:
        imported = imports.commit(
            actor=request.user,
            centre=centre,
            filename=name,
            content=content,
            mapping=saved["mapping"],
            date_for_all=date.fromisoformat(day) if day else None,
        )
    except imports.ImportFileError as exc:
        messages.error(request, str(exc))
        return redirect("survey:import_answers", pk=centre.pk)
    messages.success(
        request,
        ngettext(
            "%(n)s answer was imported and counted.",
            "%(n)s answers were imported and counted.",
            imported,
        )
        % {"n": imported},
    )
    return redirect("survey:import_answers", pk=centre.pk)


@login_required
@require_GET
def import_answers_template(request: HttpRequest, pk: int) -> HttpResponse:
    """An empty sheet with headings the mapping recognises, for keying in paper forms."""
    _access(request, pk)
    stamp = timezone.now().astimezone(BANGKOK).strftime("%Y%m%d")
    response = HttpResponse(
        exports.csv_bytes([imports.template_header(current())]),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="survey-answers-{stamp}.csv"'
    return response
