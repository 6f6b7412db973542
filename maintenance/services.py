"""Every change to rounds and reports. Each runs in a transaction and writes the audit
trail; the checks that protect submitted data live here, not in the views."""

from datetime import date, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from audit.services import plain, record, snapshot
from certification.selectors import centres_owing_reports
from maintenance.evidence import check_upload
from maintenance.models import (
    SATISFACTION_FIELDS,
    Answer,
    Evidence,
    Report,
    ReportVersion,
    Round,
)
from saduak.problems import DraftConflict, Incomplete, Problem
from standards.models import ChecklistItem
from standards.selectors import standard_for_year
from survey.selectors import (
    left_out_of_report,
    mean_percentages,
    report_names,
    report_values,
    satisfaction_for_report,
    satisfaction_label,
)
from thaicalendar import dates


class NotEditable(Exception):
    """The report is submitted or accepted: it cannot change until it is returned."""


# --- rounds ----------------------------------------------------------------------------


@transaction.atomic
def set_deadlines(*, actor: Any, fiscal_year: int, deadlines: dict[int, date]) -> list[Round]:
    """Set the deadlines of a fiscal year's rounds ({6: date, 12: date}) together."""
    return [
        set_round(actor=actor, fiscal_year=fiscal_year, months=months, deadline=deadline)
        for months, deadline in sorted(deadlines.items())
    ]


@transaction.atomic
def set_round(*, actor: Any, fiscal_year: int, months: int, deadline: date) -> Round:
    """Create a round with its calendar period, or move its deadline. Reports already
    sent are measured again against the moved deadline."""
    period = dates.round_for(fiscal_year, months)
    rnd = Round.objects.filter(fiscal_year=fiscal_year, months=months).first()
    before = snapshot(rnd) if rnd else None
    if rnd is None:
        rnd = Round(
            fiscal_year=fiscal_year,
            months=months,
            period_start=period.start,
            period_end=period.end,
        )
    rnd.deadline = deadline
    rnd.save()
    action = AuditEvent.Action.CREATE if before is None else AuditEvent.Action.UPDATE
    record(actor=actor, action=action, obj=rnd, before=before)
    if before is not None and before["deadline"] != deadline.isoformat():
        _measure_lateness_again(rnd)
    return rnd


def _measure_lateness_again(rnd: Round) -> None:
    reports = list(Report.objects.filter(round=rnd, first_submitted_at__isnull=False))
    for report in reports:
        report.late_by = _lateness(report.first_submitted_at, rnd)
    Report.objects.bulk_update(reports, ["late_by"], batch_size=1000)
    versions = list(ReportVersion.objects.filter(report__round=rnd))
    for version in versions:
        version.late_by = _lateness(version.submitted_at, rnd)
    ReportVersion.objects.bulk_update(versions, ["late_by"], batch_size=1000)


def _lateness(moment: Any, rnd: Round) -> timedelta:
    return max(moment - rnd.due, timedelta(0))


@transaction.atomic
def open_round(*, actor: Any, rnd: Round) -> int:
    """Open the round: every active centre with a certificate in force or an application
    in progress owes one report, against the standard in force for the fiscal year.
    Standing is read on the round's deadline, or today if that is earlier: a round of
    an earlier year opened late asks for reports from the centres that owed them then
    (certification.selectors.centres_owing_reports). Returns how many."""
    rnd = Round.objects.select_for_update().get(pk=rnd.pk)
    if rnd.is_open:
        return 0
    standard = standard_for_year(rnd.fiscal_year)
    if standard is None:
        raise Incomplete(
            [Problem("standard", _("No GECC standard is loaded for this fiscal year."))]
        )
    before = snapshot(rnd)
    rnd.standard = standard
    rnd.opened_at = timezone.now()
    rnd.opened_by = actor
    rnd.save()
    on = min(dates.bangkok_today(), rnd.deadline)
    centres = list(centres_owing_reports(on).values_list("pk", flat=True))
    Report.objects.bulk_create(
        [Report(round=rnd, centre_id=pk, standard=standard) for pk in centres], batch_size=1000
    )
    record(actor=actor, action=AuditEvent.Action.UPDATE, obj=rnd, before=before)
    return len(centres)


# --- the draft -------------------------------------------------------------------------


def _lock_editable(report: Report) -> Report:
    current = Report.objects.select_for_update().get(pk=report.pk)
    if not current.is_editable:
        raise NotEditable
    return current


@transaction.atomic
def save_draft(
    *,
    actor: Any,
    report: Report,
    base_revision: int,
    answers: dict[int, tuple[str, str]],
    satisfaction: dict[str, Any],
    survey_figures: dict[str, Any] | None = None,
) -> Report:
    """Store the draft as typed. `answers` maps checklist item ids to (value, comment).
    Refused with DraftConflict if someone saved since `base_revision`."""
    current = _lock_editable(report)
    existing = {a.item_id: a for a in current.answers.all()}
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    changed_answers: list[tuple[int, Answer]] = []
    for item_id, (value, comment) in answers.items():
        answer = existing.get(item_id) or Answer(report=current, item_id=item_id)
        if (answer.value, answer.comment) != (value, comment):
            before[f"item:{item_id}"] = [answer.value, answer.comment]
            after[f"item:{item_id}"] = [value, comment]
            answer.value, answer.comment = value, comment
            changed_answers.append((item_id, answer))
    kept = report_values(current)
    for name in SATISFACTION_FIELDS:
        if name in satisfaction and getattr(current, name) != satisfaction[name]:
            before[name], after[name] = plain(getattr(current, name)), plain(satisfaction[name])
            setattr(current, name, satisfaction[name])
    if current.revision != base_revision and after:
        # Someone saved since this copy was loaded, and this save would change what
        # they wrote. (A stale copy that changes nothing, such as "Send" right after an
        # autosave of the same text, overwrites nothing and goes through.)
        raise DraftConflict(current)
    for _item_id, answer in changed_answers:
        answer.save()
    # Each mean's percentage follows the mean: never typed, so never out of step.
    entered = {name: getattr(current, name) for name in SATISFACTION_FIELDS}
    for name, percentage in mean_percentages(entered, survey=survey_figures, kept=kept).items():
        if getattr(current, name) != percentage:
            before[name], after[name] = plain(getattr(current, name)), plain(percentage)
            setattr(current, name, percentage)
    if survey_figures is not None:
        current.satisfaction_source = (
            Report.Source.SURVEY
            if all(entered[name] == survey_figures[name] for name in SATISFACTION_FIELDS)
            else Report.Source.MANUAL
        )
    if current.status == Report.Status.OWED:
        current.status = Report.Status.DRAFT
    current.revision = F("revision") + 1
    current.draft_saved_at = timezone.now()
    current.draft_saved_by = actor
    current.save()
    current.refresh_from_db()
    if after:
        record(
            actor=actor, action=AuditEvent.Action.UPDATE, obj=current, before=before, after=after
        )
    return current


@transaction.atomic
def add_evidence(
    *, actor: Any, report: Report, item: ChecklistItem, upload: UploadedFile | None, link: str
) -> Evidence:
    """Attach a file (checked by content and size) or a link to one checklist item."""
    current = _lock_editable(report)
    evidence = Evidence(report=current, item=item, uploaded_by=actor)
    if upload is not None:
        content, kind, digest = check_upload(upload)
        evidence.original_name = (upload.name or "")[:255]
        evidence.kind, evidence.extension = kind.kind, kind.extension
        evidence.content_type = kind.content_type
        evidence.size, evidence.sha256 = len(content), digest
        evidence.file.save("evidence", ContentFile(content), save=False)
    else:
        evidence.link = link
    evidence.save()
    record(actor=actor, action=AuditEvent.Action.CREATE, obj=evidence)
    return evidence


@transaction.atomic
def withdraw_evidence(*, actor: Any, evidence: Evidence) -> None:
    """Take a piece of evidence off the draft. Submitted versions keep listing it, so
    the file stays."""
    _lock_editable(Report(pk=evidence.report_id))
    before = snapshot(evidence)
    evidence.withdrawn = True
    evidence.save(update_fields=["withdrawn"])
    record(actor=actor, action=AuditEvent.Action.UPDATE, obj=evidence, before=before)


# --- submission and review ---------------------------------------------------------------


def problems_before_submission(report: Report) -> list[Problem]:
    """What must be filled before the report can be sent."""
    problems: list[Problem] = []
    answers = {a.item_id: a for a in report.answers.all()}
    for item in report.standard.checklist_items.all():
        answer = answers.get(item.pk)
        label = f"{item.code} {item.text}"
        if answer is None or not answer.value:
            problems.append(
                Problem(f"item-{item.pk}", _("%(item)s: choose an answer.") % {"item": label})
            )
        elif (
            answer.value in (Answer.Value.PARTLY, Answer.Value.NOT_MET)
            and not answer.comment.strip()
        ):
            problems.append(
                Problem(
                    f"item-{item.pk}",
                    _("%(item)s: explain in the comment why it is not fully met.")
                    % {"item": label},
                )
            )
    names = report_names()
    for name in SATISFACTION_FIELDS:
        if getattr(report, name) is None:
            field_label = satisfaction_label(name, names)
            problems.append(
                Problem(
                    name, _("%(field)s: fill in the satisfaction results.") % {"field": field_label}
                )
            )
    return problems


def _content(report: Report, actor: Any) -> dict[str, Any]:
    answers = {a.item_id: a for a in report.answers.all()}
    evidence: dict[int, list[dict[str, Any]]] = {}
    for piece in report.evidence.filter(withdrawn=False):
        evidence.setdefault(piece.item_id, []).append(piece.as_record())
    org = report.centre.organisation
    return {
        # What the version says about who sent it, frozen: renaming the centre or the
        # person later must not rewrite a signed report.
        "header": {
            "centre_th": report.centre.name_th,
            "centre_en": report.centre.name_en,
            "organisation_th": org.name_th,
            "province_th": org.province.name_th if org.province else "",
            "sender_name": actor.get_full_name() or actor.get_username(),
            "sender_position": actor.position,
        },
        "standard": {"id": report.standard_id, "name": str(report.standard)},
        "items": [
            {
                "id": item.pk,
                "code": item.code,
                "text_th": item.text_th,
                "text_en": item.text_en,
                "value": answers[item.pk].value if item.pk in answers else "",
                "comment": answers[item.pk].comment if item.pk in answers else "",
                "evidence": evidence.get(item.pk, []),
            }
            for item in report.standard.checklist_items.all()
        ],
        "satisfaction": {
            "source": report.satisfaction_source,
            **{name: str(value) for name, value in report_values(report).items()},
            # The names the figures were sent under, frozen like the header.
            "names": report_names(),
            "left_out": _left_out(report),
        },
    }


def _left_out(report: Report) -> dict[str, Any] | None:
    """The answers the survey leaves out of figures taken from it, as they stand when
    the version is sent: deciding on them later must not change a signed report. None
    for figures the centre typed, which the survey's answers do not account for."""
    if report.satisfaction_source != Report.Source.SURVEY:
        return None
    return left_out_of_report(report, counted=report.respondents or 0).as_record()


def _check_survey_source(report: Report) -> None:
    """Figures labelled as the survey's are the survey's when they are sent: the draft
    compared them with the figures its page showed, which answers decided since may
    have changed. Worked out once here (a send, not an autosave); figures the survey no
    longer gives are sent for what they are, the centre's own."""
    if report.satisfaction_source != Report.Source.SURVEY:
        return
    survey = satisfaction_for_report(report)
    if survey is None or any(getattr(report, n) != survey[n] for n in SATISFACTION_FIELDS):
        report.satisfaction_source = Report.Source.MANUAL


@transaction.atomic
def submit(*, actor: Any, report: Report, base_revision: int) -> ReportVersion:
    """Freeze the draft as a new version. After the deadline it is still accepted, and
    marked late by how long."""
    current = _lock_editable(report)
    if current.revision != base_revision:
        raise DraftConflict(current)
    problems = problems_before_submission(current)
    if problems:
        raise Incomplete(problems)
    _check_survey_source(current)
    now = timezone.now()
    late_by = _lateness(now, current.round)
    number = current.versions.count() + 1
    version = ReportVersion.objects.create(
        report=current,
        number=number,
        content=_content(current, actor),
        submitted_at=now,
        submitted_by=actor,
        late_by=late_by,
    )
    before = snapshot(current)
    if current.first_submitted_at is None:
        current.first_submitted_at = now
        current.late_by = late_by
    current.status = Report.Status.SUBMITTED
    current.revision = F("revision") + 1
    current.save()
    current.refresh_from_db()
    record(actor=actor, action=AuditEvent.Action.CREATE, obj=version, after={"number": number})
    record(actor=actor, action=AuditEvent.Action.UPDATE, obj=current, before=before)
    return version


def _review(
    *,
    actor: Any,
    version: ReportVersion,
    outcome: str,
    status: str,
    comment: str,
    item_comments: dict[str, str],
) -> ReportVersion:
    version = ReportVersion.objects.select_for_update().select_related("report").get(pk=version.pk)
    if version.outcome != ReportVersion.Outcome.PENDING:
        raise NotEditable
    before = snapshot(version)
    version.outcome = outcome
    version.review_comment = comment
    version.item_comments = {code: text for code, text in item_comments.items() if text.strip()}
    version.reviewed_at = timezone.now()
    version.reviewed_by = actor
    version.save(
        update_fields=["outcome", "review_comment", "item_comments", "reviewed_at", "reviewed_by"]
    )
    report = version.report
    report_before = snapshot(report)
    report.status = status
    report.save(update_fields=["status"])
    record(actor=actor, action=AuditEvent.Action.UPDATE, obj=version, before=before)
    record(actor=actor, action=AuditEvent.Action.UPDATE, obj=report, before=report_before)
    return version


@transaction.atomic
def return_version(
    *, actor: Any, version: ReportVersion, comment: str, item_comments: dict[str, str]
) -> ReportVersion:
    """Send the report back to the centre with comments; it resubmits a new version."""
    if not comment.strip() and not any(text.strip() for text in item_comments.values()):
        raise Incomplete([Problem("comment", _("Say what must be corrected: write a comment."))])
    return _review(
        actor=actor,
        version=version,
        outcome=ReportVersion.Outcome.RETURNED,
        status=Report.Status.RETURNED,
        comment=comment,
        item_comments=item_comments,
    )


@transaction.atomic
def accept_version(*, actor: Any, version: ReportVersion, comment: str) -> ReportVersion:
    return _review(
        actor=actor,
        version=version,
        outcome=ReportVersion.Outcome.ACCEPTED,
        status=Report.Status.ACCEPTED,
        comment=comment,
        item_comments={},
    )
