"""Following a sent letter: coverage by province and level, the silent, the answers and
their spreadsheet, the median time to acknowledge, the cascade, one recipient's
history, and who may see them."""

import io
import re
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from correspondence import tracking
from correspondence.models import Letter, Question
from correspondence.tests.factories_follow import (
    acknowledged,
    answered,
    copy_of,
    opened,
    sent_letter,
)
from downloads.tests.fetch import download
from registry.models import Organisation

K = Question.Kind
QUESTIONS = [
    (K.YES_NO, "พร้อมเปิดศูนย์หรือไม่"),
    (K.NUMBER, "จำนวนเจ้าหน้าที่"),
    (K.TEXT, "ข้อเสนอแนะ"),
    (K.FILE, "แผนการดำเนินงาน"),
]
ALL = ["P94", "P50", "5940101", "5941001", "6940100", "6940103", "3500101"]


@pytest.fixture
def circular(world: dict[str, Organisation]) -> Letter:
    """DLA's circular straight to two provinces and five local governments, asking for
    an answer by yesterday: Pattani Town answered (one answer formula-like), Pattani
    province and Chiang Mai City acknowledged, Yarang only opened it, the rest silent."""
    letter = sent_letter(
        sender=world["DLA"],
        recipients=[world[code] for code in ALL],
        action=Letter.Action.ANSWER,
        due_date=timezone.localdate() - timedelta(days=1),
        questions=QUESTIONS,
    )
    answered(
        copy_of(letter, world["5940101"]),
        {
            "พร้อมเปิดศูนย์หรือไม่": True,
            "จำนวนเจ้าหน้าที่": "12",
            "ข้อเสนอแนะ": "=1+1",
            "แผนการดำเนินงาน": "แผน.pdf",
        },
    )
    acknowledged(copy_of(letter, world["P94"]), after=timedelta(hours=2))
    acknowledged(copy_of(letter, world["3500101"]), after=timedelta(hours=4))
    opened(copy_of(letter, world["5941001"]))
    return letter


def test_coverage_by_province_and_by_level(circular: Letter) -> None:
    result = tracking.coverage(circular)
    rows = {row.key: row for row in result.provinces}
    pattani, chiangmai = rows["94"], rows["50"]
    assert (
        pattani.recipients,
        pattani.delivered,
        pattani.opened,
        pattani.acknowledged,
        pattani.answered,
        pattani.overdue,
    ) == (5, 5, 3, 2, 1, 4)
    assert pattani.percent == 40.0
    assert (chiangmai.recipients, chiangmai.acknowledged, chiangmai.overdue) == (2, 1, 2)
    levels = {row.key: (row.recipients, row.acknowledged, row.answered) for row in result.levels}
    assert levels == {
        "province": (2, 1, 0),
        "pao": (1, 0, 0),
        "city_municipality": (1, 1, 0),
        "town_municipality": (1, 1, 1),
        "subdistrict_municipality": (1, 0, 0),
        "sao": (1, 0, 0),
    }
    total = result.total
    assert (total.recipients, total.acknowledged, total.answered, total.overdue, total.silent) == (
        7,
        3,
        1,
        6,
        6,
    )


def test_nobody_is_overdue_before_the_due_date(circular: Letter) -> None:
    circular.due_date = timezone.localdate()
    circular.save()
    assert tracking.coverage(circular).total.overdue == 0


def test_the_tables_sort_by_any_column_without_script(circular: Letter, client_as: Any) -> None:
    by_most = tracking.coverage(circular, sort="-recipients")
    assert [row.key for row in by_most.provinces] == ["94", "50"]
    by_share = tracking.coverage(circular, sort="-percent")
    assert [row.key for row in by_share.provinces] == ["50", "94"]
    assert tracking.coverage(circular, sort="no-such-column").sort == "name"

    client = client_as("clerk.dla")
    url = f"/letters/{circular.pk}/tracking/"
    page = client.get(url, {"sort": "recipients"}).content.decode()
    section = page[page.index('id="provinces"') : page.index('id="levels"')]
    assert section.index("เชียงใหม่") < section.index("ปัตตานี")  # 2 before 5
    # The header of the column sorted now turns the order round, and says how it sorts.
    assert 'aria-sort="ascending"><a href="?sort=-recipients#provinces"' in section
    page = client.get(url, {"sort": "-recipients"}).content.decode()
    section = page[page.index('id="provinces"') : page.index('id="levels"')]
    assert section.index("ปัตตานี") < section.index("เชียงใหม่")


def test_the_silent_list_by_province_and_by_page(
    circular: Letter, client_as: Any, monkeypatch: Any
) -> None:
    silent = tracking.silent(circular)
    assert {c.organisation.code for c in silent} == set(ALL) - {"5940101"}
    in_chiang_mai = tracking.silent(circular, province="50")
    assert {c.organisation.code for c in in_chiang_mai} == {"P50", "3500101"}

    monkeypatch.setattr(tracking, "SILENT_PAGE", 2)
    client = client_as("clerk.dla")
    url = f"/letters/{circular.pk}/tracking/"
    page = client.get(url, {"province": "94"}).content.decode()
    section = page[page.index('id="silent"') :]
    assert "ผู้รับ 4 ราย" in section
    assert "page=2#silent" in section  # the next page keeps the province
    assert "province=94&amp;page=2" in section
    second = client.get(url, {"province": "94", "page": "2"}).content.decode()
    section = second[second.index('id="silent"') : second.index('id="answers"')]
    names = re.findall(r'/recipients/\d+/">([^<]+)</a>', section)
    assert len(names) == 2
    # Hostile filters are ignored, not a server error.
    for value in ["\x00", "9" * 500, "-1", "๙๔"]:
        assert client.get(url, {"province": value, "sort": value, "page": value}).status_code == 200


def test_the_answers_table_links_file_answers(circular: Letter, client_as: Any) -> None:
    answers = tracking.answers_page(circular)
    assert [q.label for q in answers.questions] == [label for _kind, label in QUESTIONS]
    (row,) = answers.rows
    assert row.copy.organisation.code == "5940101"
    assert [cell.text for cell in row.cells] == ["ใช่", "12", "=1+1", "แผน.pdf"]
    answer = row.copy.answers.get(question__kind=K.FILE)
    assert row.cells[3].url.endswith(f"/letters/copies/{row.copy.pk}/answer-files/{answer.pk}/")
    page = client_as("clerk.dla").get(f"/letters/{circular.pk}/tracking/").content.decode()
    assert f'href="{row.cells[3].url}">แผน.pdf</a>' in page


def test_the_answers_export_writes_text_never_a_formula(circular: Letter, client_as: Any) -> None:
    response = download(client_as("clerk.dla"), f"/letters/{circular.pk}/tracking/answers.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows())
    header = next(r for r in rows if r[0].value == "ลำดับ")
    labels = [c.value for c in header]
    assert labels[-4:] == [label for _kind, label in QUESTIONS]
    line = rows[header[0].row]  # the row after the header
    values = dict(zip(labels, line, strict=False))
    assert values["หน่วยงาน"].value == "เทศบาลเมืองปัตตานี"
    formula = values["ข้อเสนอแนะ"]
    assert formula.value == "=1+1" and formula.data_type == "s" and formula.quotePrefix
    assert values["จำนวนเจ้าหน้าที่"].value == 12
    assert values["ตอบเมื่อ"].number_format.startswith("[$-107041E]")  # BE
    assert values["แผนการดำเนินงาน"].hyperlink.target.endswith(
        "/answer-files/"
        + str(
            copy_of(circular, Organisation.objects.get(code="5940101"))
            .answers.get(question__kind=K.FILE)
            .pk
        )
        + "/"
    )


def test_the_median_time_to_acknowledge_in_words(circular: Letter, client_as: Any) -> None:
    # Acknowledged after 1, 2 and 4 hours.
    median = tracking.median_time_to_acknowledge(circular, 3)
    assert median == timedelta(hours=2)
    page = client_as("clerk.dla").get(f"/letters/{circular.pk}/tracking/").content.decode()
    assert "2 ชั่วโมง" in page
    # An even count takes the middle two.
    acknowledged(copy_of(circular, Organisation.objects.get(code="P50")), after=timedelta(hours=8))
    assert tracking.median_time_to_acknowledge(circular, 4) == timedelta(hours=3)


@pytest.fixture
def cascade(world: dict[str, Organisation]) -> dict[str, Letter]:
    """DLA → Pattani and Chiang Mai provinces → their local governments."""
    root = sent_letter(sender=world["DLA"], recipients=[world["P94"], world["P50"]])
    pattani = sent_letter(
        sender=world["P94"],
        recipients=[world[c] for c in ["5940101", "5941001", "6940100", "6940103"]],
        forwards=acknowledged(copy_of(root, world["P94"])),
        letter_code="ปน 0023.3",
    )
    chiangmai = sent_letter(
        sender=world["P50"],
        recipients=[world["3500101"]],
        forwards=copy_of(root, world["P50"]),
        letter_code="ชม 0023.3",
    )
    acknowledged(copy_of(pattani, world["5940101"]))
    acknowledged(copy_of(pattani, world["6940100"]))
    return {"root": root, "pattani": pattani, "chiangmai": chiangmai}


def test_the_cascade_tree_counts_each_level(cascade: dict[str, Letter]) -> None:
    tree = tracking.cascade(cascade["root"])
    top = tree.top
    assert (top.figures.recipients, top.figures.acknowledged, top.forwarded) == (2, 1, 2)
    children = {node.forwarded_by: node for node in top.children}
    assert set(children) == {"จังหวัดปัตตานี", "จังหวัดเชียงใหม่"}
    assert children["จังหวัดปัตตานี"].figures.recipients == 4
    assert children["จังหวัดปัตตานี"].figures.acknowledged == 2
    assert children["จังหวัดเชียงใหม่"].figures.recipients == 1
    assert [(lv.recipients, lv.acknowledged) for lv in tree.levels] == [(2, 1), (5, 2)]

    # A province sees its own part.
    part = tracking.cascade(cascade["pattani"])
    assert part.top.pk == cascade["pattani"].pk
    assert [lv.recipients for lv in part.levels] == [4]


def test_the_first_sender_sees_the_whole_cascade_a_province_its_part(
    cascade: dict[str, Letter], client_as: Any
) -> None:
    root, pattani = cascade["root"], cascade["pattani"]
    page = client_as("clerk.dla").get(f"/letters/{root.pk}/tracking/").content.decode()
    tree = page[page.index('id="cascade"') : page.index('id="silent"')]
    assert "จังหวัดปัตตานี" in tree and "จังหวัดเชียงใหม่" in tree
    assert f"/letters/{pattani.pk}/tracking/" in tree
    # The first sender follows the province's forward too.
    assert client_as("clerk.dla").get(f"/letters/{pattani.pk}/tracking/").status_code == 200

    clerk = client_as("clerk.pattani")
    page = clerk.get(f"/letters/{pattani.pk}/tracking/").content.decode()
    tree = page[page.index('id="cascade"') : page.index('id="silent"')]
    assert "จังหวัดเชียงใหม่" not in page
    # Pattani reads DLA's letter (it received it) but does not follow it.
    assert clerk.get(f"/letters/{root.pk}/tracking/").status_code == 403


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("clerk.dla", 200),
        ("overseer.dla", 200),  # overseers of the sender follow its letters
        ("opsadmin", 200),  # OPS PMO reads every letter
        ("clerk.pattani", 403),  # a recipient: reads the letter, does not follow it
        ("admin.pattanitown", 403),  # likewise
        ("admin.yarang", 404),  # not a party: nothing is revealed
        ("overseer.chiangmai", 404),
        ("screener", 404),
    ],
)
def test_who_may_follow_a_letter(
    world: dict[str, Organisation], client_as: Any, persona: str, status: int
) -> None:
    letter = sent_letter(
        sender=world["DLA"],
        recipients=[world["P94"], world["5940101"]],
        action=Letter.Action.ANSWER,
        due_date=timezone.localdate() + timedelta(days=7),
        questions=QUESTIONS[:1],
    )
    client = client_as(persona)
    for url in [f"/letters/{letter.pk}/tracking/", f"/letters/{letter.pk}/tracking/answers.xlsx"]:
        assert client.get(url).status_code == status, url


def test_a_draft_has_no_tracking(world: dict[str, Organisation], client_as: Any) -> None:
    letter = sent_letter(sender=world["DLA"], recipients=[world["P94"]])
    Letter.objects.filter(pk=letter.pk).update(state=Letter.State.DRAFT, number=None)
    assert client_as("clerk.dla").get(f"/letters/{letter.pk}/tracking/").status_code == 404


def test_one_recipients_history(cascade: dict[str, Letter], client_as: Any) -> None:
    root = cascade["root"]
    copy = copy_of(root, Organisation.objects.get(code="P94"))
    url = f"/letters/{root.pk}/recipients/{copy.pk}/"
    page = client_as("clerk.dla").get(url).content.decode()
    assert "จังหวัดปัตตานี" in page
    assert "1234" in page  # the incoming register number
    assert "ปน 0023.3/ว" in page  # forwarded with its covering letter
    assert "ยังไม่เคยแจ้งเตือน" in page
    # The recipient's own people read their copy's history too; a neighbour does not.
    assert client_as("clerk.pattani").get(url).status_code == 200
    assert client_as("admin.yarang").get(url).status_code == 404
    # The copy must belong to the letter in the address.
    other = cascade["pattani"]
    elsewhere = f"/letters/{other.pk}/recipients/{copy.pk}/"
    assert client_as("clerk.dla").get(elsewhere).status_code == 404


def test_the_panel_on_the_letter_page(circular: Letter) -> None:
    from django.template.loader import render_to_string

    html = render_to_string(
        "correspondence/_tracking_panel.html", {"letter": circular, "may_follow": True}
    )
    assert f"/letters/{circular.pk}/tracking/" in html
    text = " ".join(html.split())
    assert "ผู้รับ 7 ราย: เปิดอ่าน 4 ราย ลงรับ 3 ราย, ตอบกลับ 1 ราย" in text
    assert "ยังไม่ดำเนินการตามหนังสือ 6 ราย (เกินกำหนด 6 ราย)" in text
    hidden = render_to_string(
        "correspondence/_tracking_panel.html", {"letter": circular, "may_follow": False}
    )
    assert "/tracking/" not in hidden


# --- a fixed number of queries, whatever the number of recipients -----------------------


def _many(world: dict[str, Organisation], count: int) -> list[Organisation]:
    Organisation.objects.bulk_create(
        [
            Organisation(
                code=f"T{count}-{n:05d}",
                name_th=f"องค์การบริหารส่วนตำบลทดสอบ {n}",
                kind="local_government",
                lao_type=["sao", "subdistrict_municipality", "pao"][n % 3],
                parent=world["DLA-94"],
                province_id=["94", "50"][n % 2],
            )
            for n in range(count)
        ]
    )
    return list(Organisation.objects.filter(code__startswith=f"T{count}-"))


def _busy_letter(world: dict[str, Organisation], count: int) -> Letter:
    orgs = _many(world, count)
    letter = sent_letter(
        sender=world["DLA"],
        recipients=[world["P94"], world["P50"], *orgs],
        action=Letter.Action.ANSWER,
        due_date=timezone.localdate() - timedelta(days=1),
        questions=QUESTIONS,
    )
    for n, org in enumerate(orgs):
        copy = copy_of(letter, org)
        if n % 3 == 0:
            answered(copy, {"จำนวนเจ้าหน้าที่": n, "แผนการดำเนินงาน": f"{n}.pdf"})
        elif n % 3 == 1:
            acknowledged(copy, after=timedelta(hours=n))
    sent_letter(sender=world["P94"], recipients=orgs[:3], forwards=copy_of(letter, world["P94"]))
    return letter


def _queries(client: Any, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("count", [6, 120])
def test_the_pages_take_a_fixed_number_of_queries(
    world: dict[str, Organisation],
    client_as: Any,
    django_assert_max_num_queries: Any,
    count: int,
) -> None:
    letter = _busy_letter(world, count)
    client = client_as("clerk.dla")
    copy = copy_of(letter, Organisation.objects.get(code=f"T{count}-00000"))
    urls = [
        f"/letters/{letter.pk}/tracking/",
        f"/letters/{letter.pk}/tracking/?sort=-percent&province=94&page=2&answers=2",
        f"/letters/{letter.pk}/tracking/answers.xlsx",
        f"/letters/{letter.pk}/recipients/{copy.pk}/",
    ]
    for url in urls:
        client.get(url)
        kind = "answers" if "xlsx" in url else "recipients" if "recipients" in url else "tracking"
        with django_assert_max_num_queries(LIMITS[kind]):
            assert client.get(url).status_code == 200


# The most each page may take, the same at 6 and at 120 recipients.
LIMITS = {"tracking": 24, "answers": 12, "recipients": 12}


def test_the_query_count_does_not_grow_with_the_recipients(
    world: dict[str, Organisation], client_as: Any
) -> None:
    small, large = _busy_letter(world, 6), _busy_letter(world, 120)
    client = client_as("clerk.dla")
    for path in ["tracking/", "tracking/?province=94&page=2&answers=2", "tracking/answers.xlsx"]:
        assert _queries(client, f"/letters/{small.pk}/{path}") == _queries(
            client, f"/letters/{large.pk}/{path}"
        ), path


def test_columns_only_for_what_the_letter_asks(cascade: dict[str, Letter], client_as: Any) -> None:
    # An acknowledgement without a due date: no answers, nobody can be overdue.
    page = client_as("clerk.dla").get(f"/letters/{cascade['root'].pk}/tracking/").content.decode()
    table = page[page.index('id="provinces"') : page.index('id="levels"')]
    assert "?sort=-acknowledged" in table
    assert "?sort=-answered" not in table and "?sort=-overdue" not in table
