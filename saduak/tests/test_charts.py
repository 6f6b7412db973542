"""The server's bar chart: an accessible SVG with its labels and values written in it,
no inline style, long Thai labels wrapped, and a printable form without text."""

import re
import xml.etree.ElementTree as ET

from saduak.charts import BarChart, text_width, wrap

SVG = "{http://www.w3.org/2000/svg}"


def chart() -> BarChart:
    return BarChart.of(
        "สิ่งจูงใจ <ที่ต้องการ>",
        [
            ("การสนับสนุนงบประมาณ", 62.5, "5 (62.50 %)"),
            (
                "การสร้างขวัญและกำลังใจแก่เจ้าหน้าที่ เช่น ใบประกาศเกียรติคุณ และอื่น ๆ อีกมากมาย",
                12.5,
                "1 (12.50 %)",
            ),
            ("ไม่มี", 0, "0 (0.00 %)"),
        ],
        ident="chart-wanted",
        maximum=100,
    )


def test_an_accessible_picture_with_its_words_and_numbers() -> None:
    svg = str(chart().svg())
    root = ET.fromstring(svg)  # well-formed, the title's < escaped
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-wanted-title"
    title = root.find(f"{SVG}title")
    assert title is not None and title.get("id") == "chart-wanted-title"
    assert title.text == "สิ่งจูงใจ <ที่ต้องการ>"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "การสนับสนุนงบประมาณ" in texts and "5 (62.50 %)" in texts
    assert "Laksaman" in (root.get("font-family") or "")
    assert "style" not in svg


def test_bars_are_as_long_as_their_value_of_the_maximum() -> None:
    root = ET.fromstring(str(chart().svg()))
    widths = [float(r.get("width") or 0) for r in root.iter(f"{SVG}rect")]
    assert widths[0] == 0.625 * (400 - 110) and widths[2] == 0


def test_a_long_thai_label_is_wrapped_within_the_width() -> None:
    label = chart().bars[1].label
    lines = wrap(label, 400)
    assert len(lines) >= 2 and "".join(lines).replace(" ", "") == label.replace(" ", "")
    assert all(text_width(line) <= 400 for line in lines)
    # tone marks and vowels above take no room
    assert text_width("ที่") == text_width("ท")


def test_a_word_without_spaces_is_cut_never_before_a_mark() -> None:
    lines = wrap("ก่" * 80, 200)
    assert len(lines) > 1 and all(
        not re.match(r"[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]", line) for line in lines
    )


def test_the_printable_rows_carry_no_text() -> None:
    rows = chart().printable()
    assert len(rows) == 3
    for _bar, picture in rows:
        assert "<text" not in picture and 'aria-hidden="true"' in picture
