"""The demo's letters (issue 12 §10), as seed_demo loads them: the founding letter,
Pattani's forward, who reads them and who does not."""

import io
from datetime import date
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.capabilities import letters_for
from accounts.models import User
from correspondence.models import (
    Answer,
    Enclosure,
    Letter,
    Letterhead,
    Party,
    Question,
    Recipient,
    Reference,
    RegisterYear,
)
from demo import scenario
from downloads.tests.fetch import download
from thaicalendar import dates

ALL = (Letter, Letterhead, Party, Recipient, Reference, Enclosure, Question, Answer, RegisterYear)


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(db: Any) -> str:
    return seed()


def founding() -> Letter:
    return Letter.objects.get(sender__code="DLA", year=2565, kind="single", number=7555)


def forward() -> Letter:
    return Letter.objects.get(sender__code="P94", year=2565, kind="circular", number=2110)


def reads(username: str) -> set[int]:
    return set(letters_for(User.objects.get(username=username)).values_list("pk", flat=True))


def test_the_founding_letter_is_written_as_it_was_sent(seeded: str) -> None:
    letter = founding()
    assert letter.reference == "มท 0810.7/7555"
    assert letter.official_reference == "มท ๐๘๑๐.๗/๗๕๕๕"
    assert letter.kind == Letter.Kind.SINGLE and letter.state == Letter.State.SENT
    assert letter.date == date(2022, 6, 22)
    assert letter.subject == "การขับเคลื่อนนโยบายศูนย์ราชการสะดวก"
    assert letter.salutation == "ผู้ว่าราชการจังหวัดปัตตานี"
    assert letter.signatory_name == "นายประยูร รัตนเสนีย์"
    assert letter.signatory_position == "อธิบดีกรมส่งเสริมการปกครองท้องถิ่น"
    assert letter.root == letter and letter.depth == 0
    # The body is the letter's, verbatim, with Arabic digits in storage.
    paragraphs = letter.body.split("\n\n")
    assert paragraphs[0].startswith("ตามที่กรมส่งเสริมการปกครองท้องถิ่น ขอความร่วมมือจังหวัด")
    assert paragraphs[-1] == "จึงเรียนมาเพื่อโปรดพิจารณา"
    assert "ทุกรอบ 6 เดือน และ 12 เดือน (รอบปีงบประมาณ)" in letter.body
    assert not any("๐" <= c <= "๙" for c in letter.body)
    reference = letter.references.get()
    assert reference.number == "มท 0810.7/ว 1408" and reference.date == date(2022, 5, 18)
    assert reference.cites is not None and reference.cites.reference == "มท 0810.7/ว 1408"
    assert reference.cites.recipients.filter(organisation__code__in=["P94", "P50"]).count() == 2
    enclosure = letter.enclosures.get()
    assert enclosure.description.startswith("สำเนาหนังสือกระทรวงมหาดไทย ที่ มท 0218/ว 4252")
    ministry = Letter.objects.get(sender__code="MOI", number=4252)
    assert ministry.reference == "มท 0218/ว 4252" and ministry.date == date(2022, 6, 15)
    assert letter.action == Letter.Action.ANSWER and letter.due_date == date(2022, 7, 15)
    assert [q.kind for q in letter.questions.all()] == ["yes_no", "number", "text"]
    assert letter.missing() == []
    copy = letter.recipients.get()
    assert copy.organisation.code == "P94"
    assert copy.acknowledged_by.username == "clerk.pattani"
    assert (copy.register_number, copy.register_date) == ("4321", date(2022, 6, 24))


def test_pattani_forwards_it_and_only_pattani_town_answers(seeded: str) -> None:
    letter = forward()
    assert letter.reference == "ปน 0023.3/ว 2110"
    assert letter.forwards == founding().recipients.get(organisation__code="P94")
    assert letter.root == founding() and letter.depth == 1
    assert letter.references.get().cites == founding()
    assert letter.due_date == date(2022, 7, 10)
    copies = {c.organisation.code: c for c in letter.recipients.select_related("organisation")}
    assert set(copies) == {"6940100", "5940101", "5941001", "6940103"}
    town = copies["5940101"]
    assert town.opened_by.username == "admin.pattanitown"
    assert town.acknowledged_at is not None and town.register_number
    assert town.answered_by.username == "admin.pattanitown"
    answers = {a.question.kind: a for a in town.answers.select_related("question")}
    assert answers["yes_no"].yes is True and answers["number"].number == 1
    assert answers["text"].text.startswith("เทศบาลเมืองปัตตานี")
    yarang = copies["5941001"]
    assert yarang.opened_by.username == "admin.yarang" and yarang.acknowledged_at is None
    for silent in ("6940100", "6940103"):
        assert copies[silent].opened_at is None and copies[silent].answered_at is None


def test_party_rows_follow_the_rule(seeded: str) -> None:
    def parties(letter: Letter) -> set[str]:
        return set(Party.objects.filter(letter=letter).values_list("organisation__code", flat=True))

    laos = {"6940100", "5940101", "5941001", "6940103"}
    assert parties(founding()) == {"DLA", "P94"} | laos
    assert parties(forward()) == {"P94", "DLA"} | laos
    ministry = Letter.objects.get(sender__code="MOI", number=4252)
    assert parties(ministry) == {"MOI", "DLA"}
    assert parties(Letter.objects.get(sender__code="DLA", number=1408)) == {"DLA", "P94", "P50"}


def test_who_reads_the_founding_letter_and_the_forward(seeded: str) -> None:
    both = {founding().pk, forward().pk}
    for username in ("clerk.dla", "clerk.pattani", "admin.pattanitown", "overseer.pattani"):
        assert both <= reads(username), username
    # Yarang receives the forward, and the letter it forwards.
    assert both <= reads("admin.yarang")
    assert not both & reads("overseer.chiangmai")
    # What Chiang Mai does read: the circulars DLA sent it.
    assert Letter.objects.get(sender__code="DLA", number=1408).pk in reads("overseer.chiangmai")


def test_clerk_dla_finds_the_founding_letter_in_its_outbox(seeded: str) -> None:
    clerk = User.objects.get(username="clerk.dla")
    outbox = letters_for(clerk).filter(sender__code="DLA", state=Letter.State.SENT)
    assert founding() in outbox


def test_chiang_mai_gets_404_on_the_founding_letter(seeded: str) -> None:
    addresses = [f"/letters/{founding().pk}/", f"/letters/{forward().pk}/"]
    client = Client()
    assert client.login(username="overseer.chiangmai", password=scenario.DEMO_PASSWORD)
    for address in addresses:
        assert client.get(address).status_code == 404
    pattani = Client()
    assert pattani.login(username="clerk.pattani", password=scenario.DEMO_PASSWORD)
    assert pattani.get(addresses[0]).status_code == 200


def test_the_registers_end_at_the_last_numbers_used(seeded: str) -> None:
    def last(code: str, year: int, kind: str) -> int:
        return RegisterYear.objects.get(organisation__code=code, year=year, kind=kind).last

    assert last("DLA", 2565, "single") + 1 == 7556
    assert last("DLA", 2565, "circular") == 1408
    assert last("P94", 2565, "circular") == 2110
    assert last("MOI", 2565, "circular") == 4252
    for letter in Letter.objects.all():
        assert letter.number is not None and letter.year is not None
        assert letter.number <= last(letter.sender.code, letter.year, letter.kind)


def test_the_current_circular_is_recent_and_unread_in_chiang_mai(seeded: str) -> None:
    current = Letter.objects.filter(sender__code="DLA", kind="circular").order_by("-date").first()
    assert current is not None and current.date is not None
    today = dates.bangkok_today()
    assert (today - current.date).days <= 3
    assert current.year == dates.be_year(current.date.year)
    assert current.action == Letter.Action.ACKNOWLEDGE
    assert current.recipients.get(organisation__code="P50").opened_at is None
    assert current.recipients.get(organisation__code="P94").acknowledged_at is None
    assert current.pk in reads("overseer.chiangmai")


def test_every_demo_organisation_that_writes_has_a_letterhead(seeded: str) -> None:
    codes = dict(Letterhead.objects.values_list("organisation__code", "letter_code"))
    assert codes["DLA"] == "มท 0810.7"
    assert codes["MOI"] == "มท 0218"
    assert codes["P94"] == "ปน 0023.3"
    assert codes["5940101"] == "ปน 52001"
    assert codes["OPSPMO"] == "นร 0105"
    head = Letterhead.objects.get(organisation__code="P94")
    assert head.address == "ศาลากลางจังหวัดปัตตานี ถนนเดชา อำเภอเมืองปัตตานี จังหวัดปัตตานี 94000"
    for letter in Letter.objects.select_related("sender__letterhead"):
        assert letter.letter_code == letter.sender.letterhead.letter_code


def test_seeding_twice_makes_nothing_new(seeded: str) -> None:
    counts = [model.objects.count() for model in ALL]
    lasts = list(RegisterYear.objects.order_by("pk").values_list("last", flat=True))
    again = seed()
    assert [model.objects.count() for model in ALL] == counts
    assert list(RegisterYear.objects.order_by("pk").values_list("last", flat=True)) == lasts

    # The same letters, described the same way (the sample answers are made once).
    def letters(printed: str) -> list[str]:
        return [line for line in printed.splitlines() if "/" in line and "มท" in line]

    assert letters(again) == letters(seeded)


def test_seed_demo_names_the_letters_and_the_clerks(seeded: str) -> None:
    assert "มท 0810.7/7555" in seeded
    assert "ปน 0023.3/ว 2110" in seeded
    assert "clerk.dla" in seeded and "clerk.pattani" in seeded
    assert "2022" not in seeded


def test_dla_reads_the_answers_of_pattanis_local_governments(seeded: str, client_as: Any) -> None:
    """A forward copies the reply form, so the first sender's answers table and its
    Excel gather the answers of the units the letter was passed down to."""
    from openpyxl import load_workbook

    clerk = client_as("clerk.dla")
    page = clerk.get(f"/letters/{founding().pk}/tracking/").content.decode()
    answers = page[page.index('id="answers"') :]
    assert "เทศบาลเมืองปัตตานี" in answers
    assert "ผ่านหนังสือที่ ปน ๐๐๒๓.๓/ว ๒๑๑๐" in answers
    sheet = load_workbook(
        io.BytesIO(download(clerk, f"/letters/{founding().pk}/tracking/answers.xlsx").content)
    ).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    town = next(row for row in rows if "เทศบาลเมืองปัตตานี" in row)
    assert "ปน ๐๐๒๓.๓/ว ๒๑๑๐" in town
    assert "ใช่" in town  # the yes/no question, answered through Pattani's covering letter


def test_the_reference_line_names_the_letter_once(seeded: str, client_as: Any) -> None:
    """อ้างถึง หนังสือกรมส่งเสริมการปกครองท้องถิ่น ที่ …: "หนังสือ" is printed once, on the
    founding letter and on Pattani's covering letter alike."""
    for letter, reader in ((founding(), "clerk.dla"), (forward(), "clerk.pattani")):
        page = client_as(reader).get(f"/letters/{letter.pk}/").content.decode()
        assert "หนังสือกรมส่งเสริมการปกครองท้องถิ่น ที่" in page
        assert "หนังสือหนังสือ" not in page


def test_dla_sees_and_reminds_the_silent_down_the_chain(seeded: str, client_as: Any) -> None:
    """The founding letter went to Pattani, which passed it to its local governments:
    DLA's silent list and its reminder reach the local governments that did not answer
    Pattani's covering letter, each about the letter it received."""
    from notices.models import Notice

    clerk = client_as("clerk.dla")
    page = clerk.get(f"/letters/{founding().pk}/tracking/").content.decode()
    silent = page[page.index('id="silent"') : page.index('id="answers"')]
    assert "เทศบาลตำบลยะรัง" in silent and "ผ่านหนังสือที่ ปน ๐๐๒๓.๓/ว ๒๑๑๐" in silent
    assert "เทศบาลเมืองปัตตานี" not in silent  # it answered
    clerk.post(f"/letters/{founding().pk}/tracking/remind/")
    reminded = {
        (n.organisation.code, n.letter_id)
        for n in Notice.objects.filter(kind=Notice.Kind.REMINDER, channel=Notice.Channel.INBOX)
    }
    assert ("5941001", forward().pk) in reminded  # Yarang, about Pattani's letter
    yarang = Notice.objects.get(
        kind=Notice.Kind.REMINDER, channel=Notice.Channel.INBOX, organisation__code="5941001"
    )
    assert yarang.body.startswith("กรมส่งเสริมการปกครองท้องถิ่น ขอแจ้งเตือนหนังสือที่ ปน ๐๐๒๓.๓/ว ๒๑๑๐")
    assert "ซึ่งจังหวัดปัตตานีส่งต่อถึงท่าน" in yarang.body
    assert ("6940103", forward().pk) in reminded
    assert all(code != "5940101" for code, _letter in reminded)


def test_a_reminded_unit_sees_the_reminder_in_its_inbox_and_on_the_letter(
    seeded: str, client_as: Any
) -> None:
    client_as("clerk.dla").post(f"/letters/{founding().pk}/tracking/remind/")
    yarang = client_as("admin.yarang")
    inbox = yarang.get("/letters/inbox/").content.decode()
    assert "ติดตามแล้ว" in inbox
    letter = yarang.get(f"/letters/{forward().pk}/").content.decode()
    assert "ผู้ส่งติดตามหนังสือเมื่อ" in letter
