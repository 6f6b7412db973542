"""The LAO register import: every error named with row and column, all rows or none,
and a second import updates instead of duplicating."""

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from audit.models import AuditEvent
from registry import lao_register
from registry.models import Organisation

DATA = Path(__file__).parent / "data"
GOOD = (DATA / "lao_register_good.csv").read_bytes()
BAD = (DATA / "lao_register_bad.csv").read_bytes()


def upload(client: Any, name: str, content: bytes) -> Any:
    return client.post("/registry/import/", {"file": SimpleUploadedFile(name, content)})


def test_a_good_file_is_previewed_then_imported(client_as: Any, world: Any) -> None:
    client = client_as("opsadmin")
    before = Organisation.objects.count()
    page = upload(client, "register.csv", GOOD).content.decode()
    assert "องค์การบริหารส่วนตำบลดอนทราย" in page
    assert Organisation.objects.count() == before  # the preview writes nothing
    token = client.session["lao_import"]["token"]
    response = client.post("/registry/import/confirm/", {"token": token})
    assert response.status_code == 302
    assert Organisation.objects.count() == before + 2
    donsai = Organisation.objects.get(code="6940804")
    assert (donsai.lao_type, donsai.province_id, donsai.district_id) == ("sao", "94", "9408")
    assert donsai.parent == world["DLA-94"]  # the province's Provincial Office by default
    assert donsai.is_within(world["DLA"])
    # Pattani Town was already registered exactly so: no change, no record.
    assert AuditEvent.objects.filter(action="import", actor_label="opsadmin").count() == 2


def test_importing_the_same_file_again_updates_and_never_duplicates(world: Any) -> None:
    lao_register.commit(actor=None, filename="r.csv", content=GOOD)
    count = Organisation.objects.count()
    events = AuditEvent.objects.count()
    lao_register.commit(actor=None, filename="r.csv", content=GOOD)
    assert Organisation.objects.count() == count
    assert AuditEvent.objects.count() == events  # nothing changed, nothing recorded
    renamed = GOOD.replace(b"Don Sai SAO", b"Don Sai Subdistrict Administrative Organisation")
    lao_register.commit(actor=None, filename="r.csv", content=renamed)
    assert Organisation.objects.count() == count
    assert (
        Organisation.objects.get(code="6940804").name_en
        == "Don Sai Subdistrict Administrative Organisation"
    )
    change = AuditEvent.objects.latest("id")
    assert change.changes["name_en"] == [
        "Don Sai SAO",
        "Don Sai Subdistrict Administrative Organisation",
    ]


def test_every_bad_row_is_listed_with_row_and_column_and_nothing_is_written(
    client_as: Any, world: Any
) -> None:
    client = client_as("opsadmin")
    before = Organisation.objects.count()
    checked = lao_register.preview("bad.csv", BAD)
    found = {(e.row, e.column) for e in checked.errors}
    assert found == {
        (3, "name_th"),
        (4, "lao_type"),
        (5, "province_code"),
        (6, "district_code"),
        (7, "code"),
        (8, "district_code"),
        (9, "parent_code"),
    }
    page = upload(client, "bad.csv", BAD).content.decode()
    assert "ไม่มีการนำเข้าข้อมูลใดจนกว่าจะแก้ไข" in page
    assert "ไม่พบจังหวัดรหัส “99”" in page
    assert "อำเภอ 5001 ไม่ได้อยู่ในจังหวัด 94" in page
    assert "รหัส 6940804 ซ้ำกับแถวที่ 2" in page
    assert "นำเข้า" in page and "/registry/import/confirm/" not in page  # no import button
    with pytest.raises(lao_register.RegisterFileError):
        lao_register.commit(actor=None, filename="bad.csv", content=BAD)
    assert Organisation.objects.count() == before  # the good first row was not written either


def test_an_excel_file_is_read_like_a_csv(world: Any) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["code", "name_th", "lao_type", "province_code", "district_code"])
    sheet.append([6940804, "องค์การบริหารส่วนตำบลดอนทราย", "อบต", 94, 9408])
    buffer = io.BytesIO()
    book.save(buffer)
    lao_register.commit(actor=None, filename="register.xlsx", content=buffer.getvalue())
    assert Organisation.objects.get(code="6940804").district_id == "9408"


def test_a_thai_windows_csv_is_read(world: Any) -> None:
    lao_register.commit(actor=None, filename="r.csv", content=GOOD.decode().encode("cp874"))
    assert Organisation.objects.get(code="5940701").name_th == "เทศบาลตำบลตะลุบัน"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("r.pdf", b"%PDF-1.4", "อัปโหลดไฟล์ .csv หรือ .xlsx"),
        ("r.csv", b"name,type\nx,y\n", "“รหัส”, “ชื่อ”, “ประเภท”, “รหัสจังหวัด”"),
        ("r.xlsx", b"not a zip", "ไม่สามารถเปิดไฟล์ Excel"),
        ("r.csv", b"", "ไฟล์ว่างเปล่า"),
    ],
)
def test_an_unreadable_file_gets_a_clear_message(
    client_as: Any, name: str, content: bytes, message: str
) -> None:
    page = upload(client_as("opsadmin"), name, content).content.decode()
    assert message in page


def test_a_stale_confirmation_imports_nothing(client_as: Any, world: Any) -> None:
    client = client_as("opsadmin")
    upload(client, "register.csv", GOOD)
    before = Organisation.objects.count()
    response = client.post("/registry/import/confirm/", {"token": "not-the-token"}, follow=True)
    assert "หมดอายุ" in response.content.decode()
    assert Organisation.objects.count() == before


@pytest.mark.parametrize("username", ["overseer.dla", "admin.pattanitown", "screener"])
def test_only_ops_pmo_administrators_import(client_as: Any, username: str) -> None:
    client = client_as(username)
    assert upload(client, "register.csv", GOOD).status_code == 403
    assert client.post("/registry/import/confirm/", {"token": "x"}).status_code == 403


TITLED = (
    "ทะเบียนองค์กรปกครองส่วนท้องถิ่น จังหวัดปัตตานี ปีงบประมาณ 2568,,,,,\n"
    ",,,,,\n"
    "รหัส อปท.,ชื่อ อปท.,ประเภท อปท.,รหัสจังหวัด,รหัสอำเภอ,หมายเหตุ\n"
    "6940804,องค์การบริหารส่วนตำบลดอนทราย,อบต.,94,9408,\n"
    "6940901,อบต.ไม่มีอำเภอ,อบต.,94,,\n"
).encode()


def test_the_header_row_is_found_under_a_title_and_errors_name_the_files_headings(
    client_as: Any, world: Any
) -> None:
    checked = lao_register.preview("register.csv", TITLED)
    # The spreadsheet's own row numbers, and the column as the file heads it.
    assert [(e.row, e.column) for e in checked.errors] == [(5, "รหัสอำเภอ")]
    page = upload(client_as("opsadmin"), "register.csv", TITLED).content.decode()
    assert "<tr><td>5</td><td><code>รหัสอำเภอ</code></td>" in page


def test_types_are_shown_in_thai_not_as_codes(client_as: Any, world: Any) -> None:
    page = upload(client_as("opsadmin"), "register.csv", TITLED.replace(b"94,,", b"94,9409,"))
    html = page.content.decode()
    assert "<td>องค์การบริหารส่วนตำบล</td>" in html
    assert "<td>sao</td>" not in html


def test_a_code_of_another_kind_names_that_kind_in_thai(client_as: Any, world: Any) -> None:
    taken = TITLED.replace(b"6940901", world["DLA-94"].code.encode())
    page = upload(client_as("opsadmin"), "register.csv", taken).content.decode()
    assert "ซึ่งลงทะเบียนเป็น “หน่วยงานส่วนภูมิภาคระดับจังหวัด”" in page


def test_importing_the_same_file_again_says_nothing_changed(client_as: Any, world: Any) -> None:
    client = client_as("opsadmin")
    upload(client, "register.csv", GOOD)
    client.post("/registry/import/confirm/", {"token": client.session["lao_import"]["token"]})
    page = upload(client, "register.csv", GOOD).content.decode()
    assert "ไม่มีอะไรเปลี่ยนแปลง" in page
    assert "/registry/import/confirm/" not in page  # nothing to confirm
    events = AuditEvent.objects.count()
    # Confirmed anyway (a second tab): nothing written, and the page says so.
    lao_register.commit(actor=None, filename="r.csv", content=GOOD)
    assert AuditEvent.objects.count() == events
    assert lao_register.preview("r.csv", GOOD).changes_nothing
