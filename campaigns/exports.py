"""A campaign's files: its answers and its results as Excel and CSV, its results as a
Thai PDF. Written through saduak/exports.py (formula-like text neutralised, BE dates)
and saduak/printing.py (Laksaman, Thai digits); made in the background
(campaigns/makers.py).

Answers of an organisation survey: one row per organisation that sent, its name,
province, kind and the day it sent (BE). Answers of a staff survey: no organisation, no
day, and rows sorted by what they say rather than by arrival, so that no row can be
matched to a person who answered at a known moment; refused under the minimum group
(makers.py)."""

from typing import Any

from django.utils.translation import gettext as _

from campaigns import questionnaire as qn
from campaigns.models import Campaign
from campaigns.results import Answer, Filters, Results, answer_text, kind_label, label, results
from registry.models import Province
from saduak import charts
from saduak.exports import append, csv_bytes, new_workbook, workbook_bytes
from saduak.printing import render_pdf
from thaicalendar import dates

PDF_TEMPLATE = "campaigns/results_pdf.html"
SHEET_TITLE_LIMIT = 31  # Excel's limit on a sheet's name


# --- answers -----------------------------------------------------------------------------


def answer_rows(campaign: Campaign, answers: list[Answer], *, for_csv: bool) -> list[list[Any]]:
    """The header and one row per response, as a person reads them."""
    content = campaign.questionnaire.content
    asked = qn.questions(content)
    header: list[Any] = []
    staff = campaign.is_staff_survey
    if not staff:
        header = [_("Organisation"), _("Province"), _("Kind"), _("Sent on")]
    header += [label(q) for q in asked]
    provinces = dict(
        Province.objects.filter(code__in={a.province for a in answers}).values_list(
            "code", "name_th"
        )
    )
    rows: list[list[Any]] = []
    for answer in answers:
        row: list[Any] = []
        if not staff:
            sent = answer.sent_on
            row = [
                answer.organisation,
                provinces.get(answer.province, ""),
                kind_label(answer.kind),
                # CSV has no date cells: the day is written as a Thai reads it.
                dates.format_date(sent) if (for_csv and sent) else sent,
            ]
        row += [answer_text(q, answer.answers.get(q["code"])) for q in asked]
        rows.append(row)
    if staff:
        rows.sort(key=lambda r: [str(v) for v in r])
    else:
        rows.sort(key=lambda r: str(r[0]))
    return [header, *rows]


def answers_workbook(campaign: Campaign, answers: list[Answer], progress: Any = None) -> bytes:
    book = new_workbook()
    sheet = book.active
    sheet.title = _("Answers")[:SHEET_TITLE_LIMIT]
    rows = answer_rows(campaign, answers, for_csv=False)
    for number, row in enumerate(rows):
        append(sheet, row)
        if progress and number % 500 == 0:
            progress(number, len(rows))
    sheet.freeze_panes = "A2"
    return workbook_bytes(book)


def answers_csv(campaign: Campaign, answers: list[Answer]) -> bytes:
    return csv_bytes(answer_rows(campaign, answers, for_csv=True))


# --- results -----------------------------------------------------------------------------


def group_text(found: Results) -> str:
    parts = [p for p in (found.province_label, found.kind_label) if p]
    return " · ".join(parts) if parts else _("Everyone asked")


def result_rows(found: Results) -> list[list[Any]]:
    """The results as one table: a heading block, then per question its lines."""
    rows: list[list[Any]] = [
        [found.campaign.title_th],
        [_("Group"), group_text(found)],
    ]
    if found.count_shown:
        rows.append([_("Answers counted"), found.count])
    if found.too_few:
        rows.append([_("Too few answers to show"), found.why])
        return rows
    rows.append([])
    rows.append([_("Question"), _("Answer"), _("Count"), _("Percentage"), _("Score")])
    for q in found.questions:
        if q.is_ranking:
            for row in q.rows:
                places = ", ".join(
                    _("place %(place)s: %(count)s") % {"place": i, "count": c}
                    for i, c in enumerate(row.places, 1)
                )
                rows.append(
                    [q.text, f"{row.label} ({places})", row.count, row.percentage, row.score]
                )
        elif q.rows:
            for row in q.rows:
                rows.append([q.text, row.label, row.count, row.percentage])
        if q.mean is not None:
            rows.append([q.text, _("Mean"), q.answered, q.mean])
        if q.is_number and q.answered:
            rows.append([q.text, _("Median"), q.answered, q.median])
            rows.append([q.text, _("Lowest"), q.answered, q.lowest])
            rows.append([q.text, _("Highest"), q.answered, q.highest])
        if q.is_text:
            for text in q.texts:
                rows.append([q.text, text])
            for word, count in q.words:
                rows.append([q.text, _("Frequent word: %(word)s") % {"word": word}, count])
        if not q.answered:
            rows.append([q.text, _("No answers"), 0])
    return rows


def results_workbook(found: Results) -> bytes:
    book = new_workbook()
    sheet = book.active
    sheet.title = _("Results")[:SHEET_TITLE_LIMIT]
    for row in result_rows(found):
        append(sheet, row)
    return workbook_bytes(book)


def results_csv(found: Results) -> bytes:
    return csv_bytes(result_rows(found))


def printable_charts(found: Results) -> list[Any]:
    """Per question, each row of its table with the picture of its bar (charts in a
    PDF are drawn without text: saduak/charts.py)."""
    printed = []
    for q in found.questions:
        chart = charts.BarChart.of(
            q.text, q.chart_values, ident=f"q-{q.code}", maximum=None if q.is_ranking else 100
        )
        pictures = [picture for _bar, picture in chart.printable()]
        printed.append(list(zip(q.rows, pictures, strict=True)))
    return printed


def results_pdf(found: Results) -> bytes:
    return render_pdf(
        PDF_TEMPLATE,
        {
            "results": found,
            "group": group_text(found),
            "questions": list(zip(found.questions, printable_charts(found), strict=True)),
            "today": dates.bangkok_today(),
        },
    )


def results_for(campaign: Campaign, filters: Filters) -> Results:
    return results(campaign, filters, breakdowns=False)
