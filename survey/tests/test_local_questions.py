import re
from typing import Any

from django.test import Client

from survey.models import LocalQuestion


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
