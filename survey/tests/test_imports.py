"""Import of answers collected elsewhere: a column mapping pre-matched from the headings,
every error named with its row and column, all rows or none, each answer counted in the
tallies, the same file never twice, and only the centre's own staff."""

import io
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from audit.models import AuditEvent
from registry.models import ServiceCentre
from survey import imports, questionnaire
from survey.models import Questionnaire, Response, Tally
from survey.questionnaire import current
from thaicalendar.dates import BANGKOK

DATA = Path(__file__).parent / "data"
GOOD = (DATA / "answers_good.csv").read_bytes()
BAD = (DATA / "answers_bad.csv").read_bytes()
TIS620 = (DATA / "answers_tis620.csv").read_bytes()
SCALE = imports._scale_words(Questionnaire(content=questionnaire.read(questionnaire.CORE)))


@pytest.fixture
def centre(world: Any) -> ServiceCentre:
    return ServiceCentre.objects.get(organisation=world["5940101"])


@pytest.fixture
def chiangmai(world: Any) -> ServiceCentre:
    return ServiceCentre.objects.get(organisation=world["3500101"])


def url(name: str, centre: ServiceCentre) -> str:
    return reverse(f"survey:{name}", args=[centre.pk])


def english(client: Any) -> Any:
    client.cookies["django_language"] = "en"
    return client


def upload(client: Any, centre: ServiceCentre, name: str, content: bytes) -> Any:
    return client.post(url("import_answers", centre), {"file": SimpleUploadedFile(name, content)})


def check_as_proposed(client: Any, centre: ServiceCentre, page: Any, **changes: str) -> Any:
    """Send the mapping form back with its pre-selected columns (and any changes)."""
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(changes, token=page.context["token"])
    return client.post(url("import_answers_check", centre), data)


def bangkok(year: int, month: int, day: int, hour: int = 0, mi: int = 0, s: int = 0) -> datetime:
    return datetime(year, month, day, hour, mi, s, tzinfo=BANGKOK)


def mapping_for(table: imports.Table) -> dict[str, int | None]:
    return imports.suggest(table.header, imports.targets(current()))


# --- end to end ---------------------------------------------------------------------------


def test_a_good_csv_with_thai_headings_is_mapped_checked_and_imported(
    client_as: Any, centre: ServiceCentre
) -> None:
    client = client_as("staff.pattanitown")
    assert client.get(url("import_answers", centre)).status_code == 200

    page = upload(client, centre, "google-forms.csv", GOOD)
    assert page.status_code == 200
    proposed = client.session["survey_import_mapping"]["mapping"]
    # Google Forms headings: a timestamp, numbered questions, grid rows in brackets,
    # item codes, the overall item's text, the respondent's Thai labels; e-mail ignored.
    assert proposed == {
        "P1": 2, "P2": 3, "P3": 4, "P4": 5, "P5": 6,
        "S1": 7, "S2": 8, "S3": 9, "S4": 10,
        "F1": 11, "F2": 12, "F3": 13, "F4": 14,
        "R1": 15, "R2": 16, "O1": 17,
        "sex": 18, "age": 19, "education": 20, "occupation": 21, "service": 22,
        "comment": 23, "submitted_at": 0,
    }  # fmt: skip
    html = page.content.decode()
    assert '<label for="id_col_P1">P1 · ขั้นตอนการให้บริการไม่ยุ่งยาก ซับซ้อน</label>' in html
    assert '<option value="0" selected>A · ประทับเวลา</option>' in html
    assert '<option value="">' in html  # "not in the file", for every field
    assert Response.objects.count() == 0

    checked_page = check_as_proposed(client, centre, page)
    checked = checked_page.context["checked"]
    assert checked.errors == []
    assert len(checked.answers) == 4
    preview = checked_page.content.decode()
    assert url("import_answers_confirm", centre) in preview
    assert "หญิง, 30–39 ปี, ปริญญาตรี" in preview  # the respondent's choices, as labels
    assert "มิถุนายน 2568" in preview and "กรกฎาคม 2568" in preview  # answers per month
    assert Response.objects.count() == 0  # the check writes nothing

    done = client.post(
        url("import_answers_confirm", centre), {"token": checked_page.context["token"]}
    )
    assert done.status_code == 302

    answers = list(Response.objects.filter(centre=centre).order_by("submitted_at"))
    assert [(a.submitted_at, a.scores, a.respondent, a.comment) for a in answers] == [
        (
            bangkok(2025, 6, 22, 14, 35, 10),
            "5544555453444555",
            {"sex": "f", "age": "a3", "education": "e4", "occupation": "o3", "service": "s1"},
            "บริการดีมาก, รวดเร็ว",
        ),
        (
            bangkok(2025, 6, 23, 12, 0),  # a date without a time: noon
            "5432154300000004",  # scale words, Thai digits, empty = not answered
            {"sex": "m", "age": "a6", "education": "e1", "occupation": "o1", "service": "s2"},
            "",
        ),
        (bangkok(2025, 6, 30, 8, 5), "1234512345123453", {"sex": "x"}, ""),
        (
            bangkok(2025, 7, 1, 12, 0),
            "5555555555555555",
            {"sex": "f", "age": "a1", "education": "e2", "occupation": "o6", "service": "s6"},
            "ดีค่ะ",
        ),
    ]
    assert {(a.status, a.source, a.counter_id) for a in answers} == {("counted", "import", None)}
    assert {a.questionnaire_id for a in answers} == {current().pk}

    june = Tally.objects.get(centre=centre, month=date(2025, 6, 1))
    assert june.responses == 3
    assert june.counts["P1"] == [1, 0, 0, 0, 2]  # 1, 5, 5
    assert june.counts["S4"] == [0, 0, 0, 1, 1]  # 5, not answered, 4
    assert "F1" in june.counts and june.counts["O1"] == [0, 0, 1, 1, 1]
    july = Tally.objects.get(centre=centre, month=date(2025, 7, 1))
    assert july.responses == 1 and july.counts["R2"] == [0, 0, 0, 0, 1]
    province = Tally.objects.get(centre=None, province_id="94", month=date(2025, 6, 1))
    assert province.responses == 3

    event = AuditEvent.objects.get(action="import", object_type="registry.servicecentre")
    assert event.object_id == str(centre.pk) and event.actor_label == "staff.pattanitown"
    assert event.changes["imported_answers"] == [None, 4]
    assert event.changes["file"] == [None, "google-forms.csv"]
    assert event.changes["file_sha256"] == [None, imports.file_digest(GOOD)]
    page = client.get(url("import_answers", centre)).content.decode()
    assert "google-forms.csv" in page  # listed among earlier imports


def test_an_excel_file_with_date_cells_and_number_cells(centre: ServiceCentre) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["P1", "P2", "O1", "Sex", "Age", "Submitted"])
    sheet.append([5, 4.0, 5, "Male", "20–29", datetime(2025, 3, 14, 9, 30)])
    sheet.append([3, None, 4, "f", None, datetime(2025, 3, 15)])  # a date-only cell
    sheet.append(["๔", "มาก", 2, None, "a5", 45735])  # a date serial number: 19 Mar 2025
    sheet.append([None, None, None, None, None, None])
    sheet.append([1, 1, 1, None, None, date(2025, 4, 1)])
    buffer = io.BytesIO()
    book.save(buffer)
    content = buffer.getvalue()

    table = imports.read_table("answers.xlsx", content)
    mapping = mapping_for(table)
    assert mapping["submitted_at"] == 5 and mapping["sex"] == 3 and mapping["P2"] == 1
    n = imports.commit(
        actor=None, centre=centre, filename="answers.xlsx", content=content, mapping=mapping
    )
    assert n == 4
    answers = list(Response.objects.order_by("submitted_at"))
    assert [a.submitted_at for a in answers] == [
        bangkok(2025, 3, 14, 9, 30),
        bangkok(2025, 3, 15, 12, 0),
        bangkok(2025, 3, 19, 12, 0),
        bangkok(2025, 4, 1, 12, 0),
    ]
    assert [a.scores[:2] + a.scores[-1] for a in answers] == ["545", "304", "442", "111"]
    assert answers[0].respondent == {"sex": "m", "age": "a2"}
    assert answers[2].respondent == {"age": "a5"}
    assert Tally.objects.get(centre=centre, month=date(2025, 3, 1)).responses == 3
    assert Tally.objects.get(centre=centre, month=date(2025, 4, 1)).responses == 1


def test_bad_rows_are_each_listed_with_row_and_column_and_nothing_is_imported(
    client_as: Any, centre: ServiceCentre
) -> None:
    client = english(client_as("staff.pattanitown"))
    page = upload(client, centre, "bad.csv", BAD)
    checked_page = check_as_proposed(client, centre, page)
    checked = checked_page.context["checked"]
    assert [(e.row, e.column) for e in checked.errors] == [
        (2, "P2"),  # score 7
        (3, "sex"),  # unknown sex
        (4, "date"),  # 31 June does not exist
        (6, "date"),  # in the future; row 5 is blank and skipped, as numbered in the sheet
        (7, "all score columns"),  # no score at all
    ]
    html = checked_page.content.decode()
    assert "5 errors: nothing will be imported until they are corrected." in html
    assert "The score 7 is outside the scale: scores go from 1 to 5." in html
    assert "“เด็ก” is not a choice for Sex. The choices are: Male, Female" in html
    assert "The date “31/6/2568” does not exist: June 2025 has 30 days." in html
    assert "The date “1/1/2600” is in the future." in html
    assert "No item is scored: a row needs at least one score from 1 to 5." in html
    assert '<th scope="col">Row</th><th scope="col">Column</th>' in html
    assert '<td data-label="Column">P2 (B)</td>' in html  # heading and letter
    assert url("import_answers_confirm", centre) not in html  # no import button

    # Confirming anyway (a forged request) imports nothing either.
    done = client.post(
        url("import_answers_confirm", centre), {"token": checked_page.context["token"]}
    )
    assert done.status_code == 302
    table = imports.read_table("bad.csv", BAD)
    with pytest.raises(imports.ImportFileError):
        imports.commit(
            actor=None, centre=centre, filename="bad.csv", content=BAD, mapping=mapping_for(table)
        )
    assert Response.objects.count() == 0 and Tally.objects.count() == 0
    assert not AuditEvent.objects.filter(action="import").exists()


def test_a_thai_windows_csv_with_semicolons(centre: ServiceCentre) -> None:
    table = imports.read_table("paper.csv", TIS620)
    assert table.header[0] == "วันที่" and table.header[5] == "เพศ"
    mapping = mapping_for(table)
    assert mapping["comment"] == 6 and mapping["submitted_at"] == 0
    imports.commit(actor=None, centre=centre, filename="paper.csv", content=TIS620, mapping=mapping)
    first, second = Response.objects.order_by("submitted_at")
    assert (first.submitted_at, first.scores[:3], first.scores[-1]) == (
        bangkok(2025, 6, 22, 12, 0),
        "543",
        "5",
    )
    assert first.respondent == {"sex": "m"} and first.comment == "เจ้าหน้าที่สุภาพ"
    assert (second.submitted_at, second.scores[:3]) == (bangkok(2025, 6, 23, 10, 15), "430")


def test_the_same_file_is_never_imported_twice(client_as: Any, centre: ServiceCentre) -> None:
    table = imports.read_table("a.csv", GOOD)
    imports.commit(
        actor=None, centre=centre, filename="a.csv", content=GOOD, mapping=mapping_for(table)
    )
    client = english(client_as("admin.pattanitown"))
    page = upload(client, centre, "renamed.csv", GOOD).content.decode()
    assert "This file was already imported for this centre on" in page
    assert "would count its answers twice, so nothing has changed." in page
    assert "survey_import" not in client.session  # nothing kept for a mapping
    with pytest.raises(imports.AlreadyImported):
        imports.commit(
            actor=None, centre=centre, filename="b.csv", content=GOOD, mapping=mapping_for(table)
        )
    assert Response.objects.count() == 4


def test_a_file_repeating_rows_of_an_earlier_import_is_flagged(
    client_as: Any, centre: ServiceCentre
) -> None:
    table = imports.read_table("a.csv", GOOD)
    imports.commit(
        actor=None, centre=centre, filename="a.csv", content=GOOD, mapping=mapping_for(table)
    )
    longer = GOOD + "2/7/2568,,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,ชาย,,,,,\n".encode()
    client = english(client_as("staff.pattanitown"))
    page = check_as_proposed(client, centre, upload(client, centre, "more.csv", longer))
    assert page.context["checked"].overlapping == 4
    assert "4 rows have the same time and scores as answers already imported" in (
        page.content.decode()
    )


# --- the mapping --------------------------------------------------------------------------


def test_the_mapping_form_refuses_a_column_chosen_twice_and_needs_scores_and_a_date(
    client_as: Any, centre: ServiceCentre
) -> None:
    client = english(client_as("staff.pattanitown"))
    page = upload(client, centre, "good.csv", GOOD)
    again = check_as_proposed(client, centre, page, col_P2="2", col_submitted_at="")
    form = again.context["form"]
    assert "already chosen for “P1 · The steps were simple”" in str(form.errors["col_P2"])
    assert "Choose the column with the date" in str(form.errors["col_submitted_at"])
    assert "checked" not in again.context
    scores = {f"col_{code}": "" for code in current().item_codes}
    none = check_as_proposed(client, centre, again, **scores)
    assert "Choose the column of at least one scored item." in none.content.decode()
    # Another look with a corrected mapping still works: the file was kept again.
    fixed = check_as_proposed(client, centre, none, col_P1="2", col_submitted_at="0")
    assert fixed.context["checked"].ok


def test_one_date_for_every_row_of_paper_forms(client_as: Any, centre: ServiceCentre) -> None:
    content = "P1,P2,เพศ\n5,4,หญิง\n3,3,ชาย\n".encode()
    client = client_as("staff.pattanitown")
    page = upload(client, centre, "paper.csv", content)
    assert page.context["form"]["col_submitted_at"].value() in (None, "")
    checked = check_as_proposed(client, centre, page, date_for_all="๓ ก.พ. ๒๕๖๘")
    assert checked.context["checked"].ok
    client.post(url("import_answers_confirm", centre), {"token": checked.context["token"]})
    assert {r.submitted_at for r in Response.objects.all()} == {bangkok(2025, 2, 3, 12, 0)}


def test_the_empty_template_is_recognised_without_help(
    client_as: Any, centre: ServiceCentre
) -> None:
    response = client_as("staff.pattanitown").get(url("import_answers_template", centre))
    assert response["Content-Type"].startswith("text/csv")
    content = response.content
    assert content.startswith("\ufeff".encode())
    table = imports.read_table("t.csv", content + b"\n" + b"5," * 22 + b"1/1/2568\n")
    assert None not in mapping_for(table).values()


def test_an_expired_preview_is_said_so(client_as: Any, centre: ServiceCentre) -> None:
    client = english(client_as("staff.pattanitown"))
    response = client.post(url("import_answers_confirm", centre), {"token": "nope"}, follow=True)
    assert "The preview has expired. Upload the file again." in response.content.decode()
    assert Response.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.pdf", b"%PDF-1.4", "Upload a .csv or .xlsx file."),
        ("a.xlsx", b"not a zip", "The Excel file cannot be opened."),
        ("a.csv", b"", "The file is empty."),
        ("a.csv", b"P1,P2\n", "The file has a header row but no data rows."),
        ("a.csv", b"\xff\xfe\x00\xd8", "The file is not UTF-8 or TIS-620 text."),
    ],
)
def test_an_unusable_file_gets_a_clear_message(
    client_as: Any, centre: ServiceCentre, name: str, content: bytes, message: str
) -> None:
    page = upload(english(client_as("staff.pattanitown")), centre, name, content)
    assert message in page.content.decode()


def test_too_many_rows_are_refused(centre: ServiceCentre, settings: Any) -> None:
    settings.UPLOAD_MAX_ROWS = 50
    content = b"P1,date\n" + b"5,1/1/2568\n" * 50  # with the header, 51 filled rows
    with pytest.raises(imports.ImportFileError, match="50"):
        imports.read_table("big.csv", content)


# --- reading cells --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "score"),
    [
        ("5", 5),
        (4, 4),
        (3.0, 3),
        ("๒", 2),
        (" 1 ", 1),
        ("", 0),
        (None, 0),
        ("-", 0),
        ("N/A", 0),
        ("มากที่สุด", 5),
        ("น้อยที่สุด", 1),
        ("พึงพอใจมาก", 4),
        ("5 = มากที่สุด", 5),
        ("ปานกลาง (3)", 3),
        ("Very satisfied", 5),
    ],
)
def test_scores_people_write(value: Any, score: int) -> None:
    assert imports.parse_score(value, SCALE) == score


@pytest.mark.parametrize("value", ["0", "6", "7", "4.5", "ดี", "5 น้อย"])
def test_scores_refused(value: str) -> None:
    with pytest.raises(imports.CellError):
        imports.parse_score(value, SCALE)


@pytest.mark.parametrize(
    ("value", "moment"),
    [
        ("22/6/2568", bangkok(2025, 6, 22, 12, 0)),
        ("22/06/2025 09:15", bangkok(2025, 6, 22, 9, 15)),
        ("22/6/2568, 14:35:10", bangkok(2025, 6, 22, 14, 35, 10)),
        ("22 มิ.ย. 68 14.35 น.", bangkok(2025, 6, 22, 14, 35)),
        ("วันที่ 22 มิถุนายน พ.ศ. 2568 เวลา 8:05 น.", bangkok(2025, 6, 22, 8, 5)),
        ("2025-06-22", bangkok(2025, 6, 22, 12, 0)),
        ("2025-06-22T07:00:00Z", bangkok(2025, 6, 22, 14, 0)),
        ("2025-06-22 02:30:00+02:00", bangkok(2025, 6, 22, 7, 30)),
        ("22/6/2025 2:30 PM", bangkok(2025, 6, 22, 14, 30)),
        (datetime(2025, 6, 22, 16, 0), bangkok(2025, 6, 22, 16, 0)),
        (date(2025, 6, 22), bangkok(2025, 6, 22, 12, 0)),
    ],
)
def test_dates_people_write(value: Any, moment: datetime) -> None:
    assert imports.parse_moment(value, timezone.now()) == moment


@pytest.mark.parametrize(
    "value",
    ["", "tomorrow", "22/13/2568", "22/6/2568 25:00", "1/1/2557", "0", datetime(2099, 1, 1)],
)
def test_dates_refused(value: Any) -> None:
    with pytest.raises(imports.CellError):
        imports.parse_moment(value, timezone.now())


def test_a_date_of_today_without_a_time_is_never_in_the_future() -> None:
    now = bangkok(2025, 6, 22, 9, 0)
    assert imports.parse_moment("22/6/2568", now) == now
    assert imports.parse_moment("22/6/2568", now + timedelta(hours=5)) == bangkok(
        2025, 6, 22, 12, 0
    )


# --- who may import -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("staff.pattanitown", 200),
        ("admin.pattanitown", 200),
        ("overseer.pattani", 403),  # reads the centre, does not key in its answers
        ("overseer.chiangmai", 404),  # outside the scope: nothing revealed
        ("opsadmin", 403),
    ],
)
def test_only_the_centres_own_staff_import(
    client_as: Any, centre: ServiceCentre, username: str, status: int
) -> None:
    client = client_as(username)
    assert client.get(url("import_answers", centre)).status_code == status
    assert client.get(url("import_answers_template", centre)).status_code == status
    if status != 200:
        for name in ("import_answers", "import_answers_check", "import_answers_confirm"):
            assert client.post(url(name, centre), {"token": "x"}).status_code == status


def test_staff_of_another_centre_get_404(client_as: Any, chiangmai: ServiceCentre) -> None:
    client = client_as("staff.pattanitown")
    assert client.get(url("import_answers", chiangmai)).status_code == 404
    page = client.post(
        url("import_answers", chiangmai), {"file": SimpleUploadedFile("a.csv", GOOD)}
    )
    assert page.status_code == 404
    assert Response.objects.count() == 0


def test_anonymous_visitors_are_sent_to_sign_in(client: Any, centre: ServiceCentre) -> None:
    response = client.get(url("import_answers", centre))
    assert response.status_code == 302 and "/login" in response["Location"]


def test_contact_details_in_imported_comments_are_removed(
    client_as: Any, centre: ServiceCentre
) -> None:
    header = client_as("staff.pattanitown").get(url("import_answers_template", centre)).content
    row = "5," * 16 + "," * 5 + "โทร 081-234-5678 ขอบคุณ,1/1/2568\n"
    content = header + b"\n" + row.encode()
    mapping = mapping_for(imports.read_table("paper.csv", content))
    imports.commit(
        actor=None, centre=centre, filename="paper.csv", content=content, mapping=mapping
    )
    assert Response.objects.get().comment == "โทร […] ขอบคุณ"


def test_the_header_row_is_found_under_a_title(centre: ServiceCentre) -> None:
    titled = "ผลแบบสอบถามความพึงพอใจ ศูนย์ราชการสะดวก เทศบาลเมืองปัตตานี\n\n".encode() + GOOD
    table = imports.read_table("a.csv", titled)
    plain = imports.read_table("a.csv", GOOD)
    assert table.header == plain.header and table.header_row == 3
    assert [n for n, _cells in table.rows] == [n + 2 for n, _cells in plain.rows]
    assert mapping_for(table) == mapping_for(plain)
