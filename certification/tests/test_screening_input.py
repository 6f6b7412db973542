"""Bad input to the screening pages, as the screener who may post it: a refusal or a
plain page, never a server error, and nothing saved."""

from typing import Any

from django.test import Client
from django.urls import reverse

from accounts.models import User
from certification.models import ApplicationVersion, ItemScreening
from certification.tests.factories_screen import judgement_post, make_application, make_call

JUNK = ["", "٣", "²", str(2**63), "-1", "NaN", "\x00", "ก" * 5000, "1e999"]


def test_junk_to_the_decision_saves_nothing(world: Any) -> None:
    call = make_call()
    screener = User.objects.get(username="screener")
    application = make_application(world["5940101"], call=call, screener=screener)
    client = Client(raise_request_exception=False)
    client.force_login(screener)
    url = reverse("certification:screening_decide", args=[application.pk])
    b1 = call.standard.criteria.get(code="B1")
    for value in JUNK:
        for field in ("version", "outcome", "reasons", f"c{b1.pk}-complete", f"c{b1.pk}-reasons"):
            data = {**judgement_post(call), "version": "1", "outcome": "returned", field: value}
            response = client.post(url, data)
            assert response.status_code in (302, 422), (field, value, response.status_code)
    assert ApplicationVersion.objects.get(application=application).outcome == "pending"
    assert not ItemScreening.objects.exists()
    # Notes are free text: a NUL byte in them is dropped, the rest kept.
    reason = call.standard.criteria.get(code="B2")
    data = judgement_post(call)
    data.update({f"c{reason.pk}-note": "ครบ\x00ถ้วน", "note": "\x00", "outcome": "passed"})
    assert client.post(url, {**data, "version": "1"}).status_code == 302
    assert ItemScreening.objects.get(criterion=reason).note == "ครบถ้วน"


def test_junk_in_the_addresses_filters(client_as: Any, world: Any) -> None:
    call = make_call()
    make_application(world["5940101"], call=call)
    ops = client_as("opsadmin")
    for value in JUNK:
        for url, name in (
            (reverse("certification:screening_assign"), "call"),
            (reverse("certification:screening_assign"), "province"),
            (reverse("certification:screening_assign"), "kind"),
            (reverse("certification:screening_queue"), "state"),
            (reverse("certification:screening_results", args=[call.pk]), "province"),
            (reverse("certification:screening_results", args=[call.pk]), "outcome"),
            (reverse("certification:screening_results_xlsx", args=[call.pk]), "province"),
        ):
            assert ops.get(url, {name: value, "page": value}).status_code == 200, (url, name)
    assert ops.get("/certification/screening/results/99999999/").status_code == 404
    assert ops.get(f"/certification/screening/results/{2**63}/").status_code == 404
    assert ops.get(f"/certification/reasons/{2**63}/edit/").status_code == 404
