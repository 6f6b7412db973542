"""A campaign's owner's pages: the list, a new campaign, its hub, its details, the
questionnaire builder, the targets, the launch and the early close. Thin: access
through accounts.capabilities, rules in campaigns.building and campaigns.targeting."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from accounts import capabilities as cap
from campaigns import building, launching, targeting
from campaigns import questionnaire as qn
from campaigns.models import Campaign, Response
from correspondence import recipients
from registry.models import Organisation
from saduak.http import parse_id
from saduak.problems import Incomplete, Problem, by_field
from thaicalendar.dates import format_date
from thaicalendar.forms import ThaiDateField

DATE_HELP = gettext_lazy("e.g. 1/1/2569")
# Computed here: the question form's fields `min` and `max` hide the built-ins in it.
LONGEST_TEXT = max(qn.TEXT_LIMITS.values())


def _revision(data: QueryDict) -> int:
    raw = data.get("revision", "")
    if raw == "0":
        return 0
    number = parse_id(raw)
    # A revision the draft never had is stale, whatever it says.
    return number if number is not None else -1


def _onto(form: forms.Form, problems: list[Problem]) -> None:
    """A service's problems beside the form's fields (the others above the form)."""
    for problem in problems:
        form.add_error(problem.field if problem.field in form.fields else None, problem.message)


# --- the list ------------------------------------------------------------------------------


@login_required
@require_safe
def campaign_list(request: HttpRequest) -> HttpResponse:
    rows = (
        cap.campaigns_for(request.user)
        .select_related("owner")
        .annotate(answered=Count("responses", filter=Q(responses__state=Response.State.SENT)))
        .order_by("-created_at", "-pk")
    )
    context = {
        "campaigns": rows,
        "may_run": cap.can(request.user, cap.RUN_CAMPAIGNS),
        "asked": cap.targets_for(request.user).exists(),
    }
    return render(request, "campaigns/campaign_list.html", context)


# --- details -------------------------------------------------------------------------------


class DetailsForm(forms.Form):
    title_th = forms.CharField(label=gettext_lazy("Title (Thai)"), max_length=300)
    title_en = forms.CharField(
        label=gettext_lazy("Title (English)"), max_length=300, required=False
    )
    purpose_th = forms.CharField(
        label=gettext_lazy("Purpose (Thai)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Shown to those asked, above the questions."),
    )
    purpose_en = forms.CharField(
        label=gettext_lazy("Purpose (English)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    audience = forms.ChoiceField(
        label=gettext_lazy("Who answers"),
        choices=Campaign.Audience.choices,
        widget=forms.RadioSelect,
        initial=Campaign.Audience.ORGANISATIONS,
    )
    opens_on = ThaiDateField(label=gettext_lazy("Opens on"), help_text=DATE_HELP)
    closes_on = ThaiDateField(label=gettext_lazy("Closes on"), help_text=DATE_HELP)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for problem in building.date_problems(data.get("opens_on"), data.get("closes_on")):
            self.add_error(problem.field, problem.message)
        return data


class NewCampaignForm(DetailsForm):
    owner = forms.TypedChoiceField(label=gettext_lazy("Run by"), coerce=int)
    start = forms.ChoiceField(
        label=gettext_lazy("Questionnaire"),
        choices=[
            (building.TEMPLATE, gettext_lazy("Start from the incentive-needs survey")),
            (building.BLANK, gettext_lazy("Start from a blank questionnaire")),
        ],
        initial=building.TEMPLATE,
        widget=forms.RadioSelect,
        help_text=gettext_lazy("Either way the campaign gets its own copy, to change as needed."),
    )
    field_order = ["owner", "title_th", "title_en", "purpose_th", "purpose_en", "audience"]

    def __init__(self, *args: Any, owners: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["owner"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(o.pk, o.name) for o in owners]
        if len(owners) == 1:
            field.initial = owners[0].pk


@login_required
def campaign_new(request: HttpRequest) -> HttpResponse:
    cap.require(request.user, cap.RUN_CAMPAIGNS)
    owners = list(cap.organisations_for(request.user, need=cap.RUN_CAMPAIGNS).order_by("name_th"))
    # The template's own title and introduction, ready to keep or change: most
    # campaigns are the incentive-needs survey sent again.
    template = qn.read_file(qn.TEMPLATES[building.TEMPLATE])
    initial = {
        "title_th": template["title_th"],
        "title_en": template.get("title_en", ""),
        "purpose_th": template.get("intro_th", ""),
        "purpose_en": template.get("intro_en", ""),
    }
    form = NewCampaignForm(request.POST or None, owners=owners, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        owner = next(o for o in owners if o.pk == data["owner"])
        try:
            campaign = building.create_campaign(
                user=request.user, owner=owner, values=data, start=data["start"]
            )
        except Incomplete as refused:
            _onto(form, refused.problems)
        else:
            messages.success(request, _("Campaign created as a draft."))
            return redirect("campaigns:campaign", pk=campaign.pk)
    status = 400 if form.errors else 200
    return render(request, "campaigns/campaign_form.html", {"form": form}, status=status)


@login_required
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = cap.access_campaign(request.user, pk, need=cap.RUN_CAMPAIGNS)
    if campaign.launched_at is not None:
        messages.info(request, _("This campaign has been launched: it can no longer be changed."))
        return redirect("campaigns:campaign", pk=campaign.pk)
    initial = {name: getattr(campaign, name) for name in building.DETAILS}
    initial["opens_on"] = format_date(campaign.opens_on, style="numeric")
    initial["closes_on"] = format_date(campaign.closes_on, style="numeric")
    form = DetailsForm(request.POST or None, initial=initial)
    revision = _revision(request.POST) if request.method == "POST" else campaign.revision
    if request.method == "POST" and form.is_valid():
        try:
            building.update_campaign(
                user=request.user, campaign=campaign, revision=revision, values=form.cleaned_data
            )
        except Incomplete as refused:
            _onto(form, refused.problems)
            campaign.refresh_from_db()
        else:
            messages.success(request, _("Details saved."))
            return redirect("campaigns:campaign", pk=campaign.pk)
    context = {"form": form, "campaign": campaign, "revision": campaign.revision}
    status = 400 if form.errors else 200
    return render(request, "campaigns/campaign_form.html", context, status=status)


# --- the hub -------------------------------------------------------------------------------


@login_required
@require_safe
def campaign(request: HttpRequest, pk: int) -> HttpResponse:
    found = cap.access_campaign(request.user, pk)
    may_run = cap.can(request.user, cap.RUN_CAMPAIGNS, found.owner)
    draft = found.launched_at is None
    context = {
        "campaign": found,
        "content": found.questionnaire.content,
        "kinds": qn.KINDS,
        "may_run": may_run,
        "may_build": may_run and draft,
        "may_close": may_run and found.state in (Campaign.State.OPEN, Campaign.State.SCHEDULED),
        "draft": draft,
        "described": found.selection.get("described", []),
        "told": None if draft else launching.progress(found),
    }
    return render(request, "campaigns/campaign.html", context)


# --- the questionnaire builder -------------------------------------------------------------


def _draft_to_build(request: HttpRequest, pk: int) -> Campaign | HttpResponse:
    campaign = cap.access_campaign(request.user, pk, need=cap.RUN_CAMPAIGNS)
    if campaign.launched_at is not None:
        messages.info(request, _("This campaign has been launched: it can no longer be changed."))
        return redirect("campaigns:campaign", pk=campaign.pk)
    return campaign


def _index(data: QueryDict, name: str) -> int:
    raw = data.get(name, "")
    return 0 if raw == "0" else (parse_id(raw) or -1)


@login_required
def questions(request: HttpRequest, pk: int) -> HttpResponse:
    """The questionnaire as it stands, each part with its buttons; a POST changes it by
    one step (a section's title, a move, a deletion) and stores the next version."""
    found = _draft_to_build(request, pk)
    if isinstance(found, HttpResponse):
        return found
    problems: list[Problem] = []
    if request.method == "POST":
        data = request.POST
        action = data.get("action", "")
        section = _index(data, "section")
        code = data.get("question", "")[:60]
        edits = {
            "section_add": lambda: building.save_section(
                None, th=data.get("th", "")[:300], en=data.get("en", "")[:300]
            ),
            "section_save": lambda: building.save_section(
                section, th=data.get("th", "")[:300], en=data.get("en", "")[:300]
            ),
            "section_delete": lambda: building.delete_section(section),
            "section_up": lambda: building.move_section(section, building.UP),
            "section_down": lambda: building.move_section(section, building.DOWN),
            "question_delete": lambda: building.delete_question(code),
            "question_up": lambda: building.move_question(code, building.UP),
            "question_down": lambda: building.move_question(code, building.DOWN),
        }
        if action not in edits:
            problems = [Problem("action", _("Choose one of the page's buttons."))]
        else:
            try:
                building.change_questionnaire(
                    user=request.user,
                    campaign=found,
                    revision=_revision(data),
                    edit=edits[action](),
                )
            except Incomplete as refused:
                problems = refused.problems
                found.refresh_from_db()
            else:
                messages.success(request, _("Questionnaire saved."))
                return redirect("campaigns:questions", pk=found.pk)
    context = {
        "campaign": found,
        "content": found.questionnaire.content,
        "kinds": qn.KINDS,
        "problems": [p.message for p in problems],
    }
    return render(request, "campaigns/questions.html", context, status=400 if problems else 200)


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind of answer"), choices=list(qn.KINDS.items()))
    th = forms.CharField(
        label=gettext_lazy("Question (Thai)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    en = forms.CharField(
        label=gettext_lazy("Question (English)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    help_th = forms.CharField(
        label=gettext_lazy("Explanation (Thai)"), max_length=1000, required=False
    )
    help_en = forms.CharField(
        label=gettext_lazy("Explanation (English)"), max_length=1000, required=False
    )
    required = forms.BooleanField(label=gettext_lazy("An answer is required"), required=False)
    choices = forms.CharField(
        label=gettext_lazy("Choices"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy(
            "One, several or ranking: one choice a line, Thai then English after a bar, "
            "e.g. งบประมาณ | Budget."
        ),
    )
    rank = forms.IntegerField(
        label=gettext_lazy("Places to rank"),
        required=False,
        min_value=2,
        max_value=qn.MAX_CHOICES,
        help_text=gettext_lazy("Ranking only: how many choices are put in order (2 or more)."),
    )
    min = forms.DecimalField(
        label=gettext_lazy("Smallest number"), required=False, max_digits=15, decimal_places=2
    )
    max = forms.DecimalField(
        label=gettext_lazy("Largest number"), required=False, max_digits=15, decimal_places=2
    )
    unit_th = forms.CharField(label=gettext_lazy("Unit (Thai)"), max_length=60, required=False)
    unit_en = forms.CharField(label=gettext_lazy("Unit (English)"), max_length=60, required=False)
    max_length = forms.IntegerField(
        label=gettext_lazy("Longest answer, in characters"),
        required=False,
        min_value=1,
        max_value=LONGEST_TEXT,
        help_text=gettext_lazy("Texts only: up to 200 for a short text, 4000 for a long one."),
    )


def _as_initial(question: dict[str, Any]) -> dict[str, Any]:
    initial = {k: v for k, v in question.items() if k in QuestionForm.base_fields}
    initial["choices"] = "\n".join(
        f"{c['th']} | {c['en']}" if c.get("en") else c["th"] for c in question.get("choices", [])
    )
    return initial


@login_required
def question_form(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a question to a section (?section=index) or change one (?question=code)."""
    found = _draft_to_build(request, pk)
    if isinstance(found, HttpResponse):
        return found
    data = request.POST if request.method == "POST" else request.GET
    content = found.questionnaire.content
    code = data.get("question", "")[:60] or None
    section = _index(data, "section")
    existing = qn.question_map(content).get(code) if code else None
    gone = existing is None if code else not 0 <= section < len(content["sections"])
    if gone:
        messages.info(request, _("That part of the questionnaire is no longer there."))
        return redirect("campaigns:questions", pk=found.pk)
    form = QuestionForm(
        request.POST if request.method == "POST" else None,
        initial=_as_initial(existing) if existing else {"kind": qn.SINGLE, "required": True},
    )
    revision = _revision(request.POST) if request.method == "POST" else found.revision
    if request.method == "POST" and form.is_valid():
        try:
            building.change_questionnaire(
                user=request.user,
                campaign=found,
                revision=revision,
                edit=building.save_question(section, code, form.cleaned_data),
            )
        except Incomplete as refused:
            _onto(form, refused.problems)
            found.refresh_from_db()
        else:
            messages.success(request, _("Question saved."))
            return redirect("campaigns:questions", pk=found.pk)
    context = {
        "campaign": found,
        "form": form,
        "code": code or "",
        "section": section,
        "section_title": content["sections"][section]["th"] if not code else "",
        "revision": found.revision,
    }
    status = 400 if form.errors else 200
    return render(request, "campaigns/question_form.html", context, status=status)


# --- targets -------------------------------------------------------------------------------


def _targets_context(
    campaign: Campaign,
    data: QueryDict,
    groups: list[recipients.Group],
    problems: list[Problem],
) -> dict[str, Any]:
    owner = campaign.owner
    may = cap.may_target(owner)
    chosen_ids = [pk for g in groups if g.kind == recipients.CHOSEN for pk in g.ids]
    chosen = recipients.chosen(chosen_ids, sender=owner)
    found = [
        o
        for o in Organisation.objects.filter(may)
        .filter(
            pk__in=[f.pk for f in recipients.search(recipients.search_text(data), sender=owner)]
        )
        .order_by("name_th")
        if o.pk not in chosen_ids
    ]
    return {
        **recipients.picker(groups, data, sender=owner),
        "campaign": campaign,
        "groups": groups,
        "described": recipients.describe(groups, sender=owner),
        "count": targeting.organisations(groups, owner=owner).count(),
        "sample": targeting.sample(groups, owner=owner),
        "problems": by_field(problems),
        "chosen": chosen,
        "found": found,
        "revision": campaign.revision,
    }


@login_required
def targets(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the stored choice, counted; POST with action=count: the choice as ticked,
    counted again (the page's live count, and its search); any other POST: keep it."""
    found = _draft_to_build(request, pk)
    if isinstance(found, HttpResponse):
        return found
    data = request.POST if request.method == "POST" else request.GET
    problems: list[Problem] = []
    if request.method == "POST":
        groups, problems = recipients.from_form(data, sender=found.owner)
    else:
        groups = targeting.groups_of(found.selection)
    saving = request.method == "POST" and data.get("action") != "count"
    if saving and not problems:
        try:
            building.set_targets(
                user=request.user, campaign=found, revision=_revision(data), groups=groups
            )
        except Incomplete as refused:
            problems = refused.problems
            found.refresh_from_db()
        else:
            messages.success(request, _("The organisations to ask are saved."))
            return redirect("campaigns:campaign", pk=found.pk)
    context = _targets_context(found, data, groups, problems)
    return render(request, "campaigns/targets.html", context, status=400 if problems else 200)


# --- launch and close ----------------------------------------------------------------------


@login_required
def launch(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what the launch will do, or what is missing; POST with confirm=1 and the
    revision: launch (final)."""
    found = cap.access_campaign(request.user, pk, need=cap.RUN_CAMPAIGNS)
    if found.launched_at is not None:
        messages.info(request, _("This campaign has already been launched."))
        return redirect("campaigns:campaign", pk=found.pk)
    problems: list[Problem] = []
    if request.method == "POST" and request.POST.get("confirm") == "1":
        try:
            launched = building.launch(
                user=request.user, campaign=found, revision=_revision(request.POST)
            )
        except Incomplete as refused:
            problems = refused.problems
            found.refresh_from_db()
        else:
            messages.success(
                request,
                _("Campaign launched: %(count)s organisations are being told.")
                % {"count": launched.target_count},
            )
            return redirect("campaigns:campaign", pk=found.pk)
    missing, ids = building.launch_problems(found)
    problems = problems + [p for p in missing if p not in problems]
    context = {
        "campaign": found,
        "problems": problems,
        "count": len(ids),
        "sample": targeting.sample(targeting.groups_of(found.selection), owner=found.owner),
        "described": found.selection.get("described", []),
        "question_count": len(qn.questions(found.questionnaire.content)),
        "revision": found.revision,
    }
    status = 400 if problems and request.method == "POST" else 200
    return render(request, "campaigns/launch.html", context, status=status)


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    found = cap.access_campaign(request.user, pk, need=cap.RUN_CAMPAIGNS)
    try:
        building.close(user=request.user, campaign=found)
    except Incomplete as refused:
        for problem in refused.problems:
            messages.error(request, problem.message)
    else:
        messages.success(request, _("Campaign closed: no more answers are taken."))
    return redirect("campaigns:campaign", pk=found.pk)
