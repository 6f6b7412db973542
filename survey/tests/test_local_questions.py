import re
from datetime import datetime, timedelta
from typing import Any

import time_machine
from django.test import Client
from django.utils import timezone

from survey import intake
from survey.models import LocalQuestion, Tally
from thaicalendar.dates import BANGKOK


def test_a_unit_administrator_adds_a_local_question_and_citizens_see_it(
    client_as: Any, world: Any
) -> None:
    centre = world["5940101"].centres.get()
    client = client_as("admin.pattanitown")
    response = client.post(
        f"/survey/centres/{centre.pk}/questions/",
        {"text_th": "ความสะอาดของจุดบริการ", "text_en": "Cleanliness of the service point"},
    )
    assert response.status_code == 302
    page = Client().get(f"/q/{centre.counters.first().survey_code}/").content.decode()
    assert "ความสะอาดของจุดบริการ" in page
    question = LocalQuestion.objects.get()
    client.post(f"/survey/centres/{centre.pk}/questions/{question.pk}/toggle/")
    page = Client().get(f"/q/{centre.counters.first().survey_code}/").content.decode()
    assert "ความสะอาดของจุดบริการ" not in page


def test_at_most_five_and_only_the_unit_changes_them(client_as: Any, world: Any) -> None:
    centre = world["5940101"].centres.get()
    for n in range(5):
        LocalQuestion.objects.create(centre=centre, text_th=f"คำถาม {n}")
    page = (
        client_as("admin.pattanitown")
        .post(f"/survey/centres/{centre.pk}/questions/", {"text_th": "คำถามที่หก"})
        .content.decode()
    )
    assert re.search(r"ไม่เกิน 5", page)
    assert LocalQuestion.objects.count() == 5
    assert (
        client_as("overseer.pattani")
        .post(f"/survey/centres/{centre.pk}/questions/", {"text_th": "x"})
        .status_code
        == 403
    )
    assert (
        client_as("overseer.chiangmai").get(f"/survey/centres/{centre.pk}/questions/").status_code
        == 404
    )


@time_machine.travel(datetime(2026, 11, 15, 10, 0, tzinfo=BANGKOK), tick=False)
def test_local_answers_are_counted_in_the_centres_own_figures(client_as: Any, world: Any) -> None:
    centre = world["5940101"].centres.get()
    asked = LocalQuestion.objects.create(centre=centre, text_th="ความสะอาดของจุดบริการ")
    code = centre.counters.first().survey_code
    for score in ("5", "4", ""):  # the last citizen skips it: it is not required
        citizen = Client(REMOTE_ADDR=f"198.51.100.{score or 9}")
        page = citizen.get(f"/q/{code}/").content.decode()
        data = dict.fromkeys(re.findall(r'type="radio" name="([A-Z]\w*)" value="5"', page), "3")
        data["started"] = re.findall(r'name="started" value="([^"]+)"', page)[0]
        data[asked.code] = score
        with time_machine.travel(timezone.now() + timedelta(seconds=30)):
            assert citizen.post(f"/q/{code}/", data).status_code == 302
    intake.fold()  # as the intake process does within a second
    staff = client_as("admin.pattanitown")
    # November 2569 so far cuts the month (read from the answers); the whole month is
    # read from the centre's tally.
    for end in ("15/11/2569", "30/11/2569"):
        page = staff.get(
            f"/survey/centres/{centre.pk}/results/", {"start": "1/11/2569", "end": end}
        ).content.decode()
        row = re.search(r"L1 ความสะอาดของจุดบริการ.*?</tr>", page, re.S)
        assert row, "the local question has its row"
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), re.S)
        # 2 answers: one 5 and one 4 → mean 4.50, 90.00 %.
        assert cells[5].strip() == "2" and cells[6].strip() == "4.50" and "90.00" in cells[7]
    tally = Tally.objects.get(centre=centre)
    assert tally.counts[asked.code] == [0, 0, 0, 1, 1]
    # The province's figures know nothing of the centre's own questions.
    province = Tally.objects.get(centre=None, province_id="94")
    assert asked.code not in province.counts
