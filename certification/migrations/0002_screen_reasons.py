"""A starter catalogue of screening reasons, in Thai and English, that OPS PMO may edit
or retire (docs/certification.md, "Document screening")."""

from typing import Any

from django.db import migrations

STARTER = [
    ("R01", "ไม่มีเอกสารหลักฐานตามเกณฑ์", "A required document is missing"),
    ("R02", "ไฟล์เอกสารไม่ชัดเจน อ่านไม่ได้ หรือเปิดไม่ได้", "The file is illegible or cannot be opened"),
    ("R03", "หลักฐานไม่สอดคล้องกับเกณฑ์ที่อ้าง", "The evidence does not match the criterion"),
    ("R04", "เอกสารไม่มีลายมือชื่อหัวหน้าหน่วยงาน", "Not signed by the head of the unit"),
    ("R05", "เอกสารไม่เป็นปัจจุบัน (เกินรอบระยะเวลาที่กำหนด)", "The document is out of date"),
    ("R06", "หลักฐานไม่สนับสนุนคะแนนที่ประเมินตนเอง", "The evidence does not support the self-score"),
    ("R07", "ข้อมูลในใบสมัครไม่ครบถ้วน", "The application form is incomplete"),
    ("R08", "หน่วยงานไม่มีคุณสมบัติตามประกาศรับสมัคร", "The unit does not meet the call's eligibility terms"),
]


def forwards(apps: Any, schema_editor: Any) -> None:
    reason = apps.get_model("certification", "ScreeningReason")
    for code, text_th, text_en in STARTER:
        reason.objects.get_or_create(code=code, defaults={"text_th": text_th, "text_en": text_en})


class Migration(migrations.Migration):
    dependencies = [("certification", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
