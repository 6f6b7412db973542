"""The server's bar chart: an accessible SVG with its labels and values written in it,
no inline style, long Thai labels wrapped, and a printable form without text."""

import re
import xml.etree.ElementTree as ET

from saduak.charts import BarChart, LineChart, Point, text_width, wrap

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


def line() -> LineChart:
    return LineChart(
        title="ความพึงพอใจโดยรวมรายรอบ <ค่าเฉลี่ย>",
        points=[
            Point("6 เดือน 2567", 4.0, "4.00", 3.5, 4.5),
            Point("12 เดือน 2567", None, "–"),
            Point("6 เดือน 2568", 4.5, "4.50", 4.25, 4.75),
            Point("12 เดือน 2568", 5.0, "5.00"),
        ],
        ident="trend",
        minimum=1,
        maximum=5,
    )


def test_a_line_chart_is_an_accessible_picture_with_its_words_and_numbers() -> None:
    svg = str(line().svg())
    root = ET.fromstring(svg)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "trend-title"
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == "ความพึงพอใจโดยรวมรายรอบ <ค่าเฉลี่ย>"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert {"4.00", "4.50", "5.00", "6 เดือน 2567"} <= set(texts)
    assert {"1", "3", "5"} <= set(texts)  # the grid's values
    assert "style" not in svg and "Sarabun" in (root.get("font-family") or "")


def test_a_line_chart_places_its_points_by_value_and_breaks_where_there_is_none() -> None:
    chart = line()
    root = ET.fromstring(str(chart.svg()))
    circles = [
        (float(c.get("cx") or 0), float(c.get("cy") or 0)) for c in root.iter(f"{SVG}circle")
    ]
    assert len(circles) == 3  # no point where there is no value
    # 5 at the top of the plot, 1 at its bottom; 4.5 halfway between 4 and 5.
    assert chart.y(5) < chart.y(4.5) < chart.y(4) < chart.y(1)
    assert chart.y(4.5) == (chart.y(4) + chart.y(5)) / 2
    assert circles[2][1] == chart.y(5) and circles[0][0] < circles[1][0] < circles[2][0]
    # The line is broken at the missing point: the first point stands alone.
    lines = [p.get("points") for p in root.iter(f"{SVG}polyline")]
    assert len(lines) == 1 and lines[0] is not None and len(lines[0].split()) == 2
    # Each interval is a whisker from its low to its high value.
    whiskers = [p.get("d") or "" for p in root.iter(f"{SVG}path")]
    assert len(whiskers) == 2 and f"{chart.y(4.75):g}" in whiskers[1]


def test_a_line_chart_wraps_long_thai_labels_within_its_column() -> None:
    chart = LineChart(
        title="t",
        points=[Point("รอบ 12 เดือน ปีงบประมาณ 2568 ของศูนย์ราชการสะดวก", 3.0, "3.00")] * 6,
        ident="long",
        minimum=1,
        maximum=5,
    )
    root = ET.fromstring(str(chart.svg()))
    labels = [t.text or "" for t in root.iter(f"{SVG}text") if t.get("text-anchor") == "middle"]
    assert all(text_width(label, 12) <= chart.column for label in labels if label != "3.00")


def test_a_printable_line_chart_carries_digits_only() -> None:
    root = ET.fromstring(str(line().svg(words=False)))
    texts = [t.text or "" for t in root.iter(f"{SVG}text")]
    assert "4.50" in texts and not any("เดือน" in text for text in texts)
