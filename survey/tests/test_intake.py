"""The intake: a sent answer is one insert, then judged and counted in batches."""

import io
import threading
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from registry.models import Counter
from survey import intake, protection, questionnaire, tallies
from survey.models import Arrival, LocalQuestion, Questionnaire, Response, Tally
from survey.public import form_fields
from survey.tests.test_citizen import FORM_ENCODED, answers


@pytest.fixture
def counter(world: Any) -> Counter:
    return world["5940101"].centres.get().counters.get(number=1)


def _send(counter: Counter, how_many: int) -> None:
    """Answers taken at the counter, each from its own device, all counted when folded."""
    version = questionnaire.current()
    for n in range(how_many):
        assert intake.receive(
            code=counter.survey_code,
            questionnaire=version,
            scores="4" * len(version.item_codes),
            fingerprint=f"f{n}",
            device_hash=protection.salted_hash(f"device {n}"),
        )


@settings(max_examples=500, deadline=None)
@given(
    body=st.lists(
        st.tuples(
            st.text(alphabet="ab1=%+ ก&", max_size=6),
            st.sampled_from(["", "=", "==", "=%41", "=%E0%B8%81", "=%ZZ", "=%E0"]),
        ),
        max_size=8,
    ).map(lambda pairs: "&".join(name + rest for name, rest in pairs))
)
def test_form_fields_are_read_as_django_reads_them(body: str) -> None:
    assert form_fields(body) == QueryDict(body).dict()


def test_too_many_form_fields_are_left_to_django() -> None:
    with override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=3):
        assert form_fields("a=1&b=2&c=3") == {"a": "1", "b": "2", "c": "3"}
        assert form_fields("a=1&b=2&c=3&d=4") is None


@pytest.mark.django_db
def test_a_browser_form_is_taken_in_one_statement(counter: Counter) -> None:
    client = Client()
    data = answers(client, counter, comment="  ดีมาก  ")
    later = timezone.now() + timedelta(seconds=30)
    with time_machine.travel(later), CaptureQueriesContext(connection) as queries:
        response = client.post(
            f"/q/{counter.survey_code}/", urlencode(data), content_type=FORM_ENCODED
        )
    assert response.status_code == 302
    assert response["Location"] == f"/q/{counter.survey_code}/thanks/"
    # One statement: the insert finds the counter and the questionnaire itself.
    assert len(queries.captured_queries) == 1
    arrival = Arrival.objects.get()
    assert (arrival.counter_id, arrival.centre_id) == (counter.pk, counter.centre_id)
    assert arrival.comment == "ดีมาก" and arrival.reasons == []


@pytest.mark.django_db
def test_a_form_sent_to_a_counter_closed_meanwhile_keeps_nothing(counter: Counter) -> None:
    client = Client()
    data = answers(client, counter)
    Counter.objects.filter(pk=counter.pk).update(is_active=False)
    page = client.post(f"/q/{counter.survey_code}/", urlencode(data), content_type=FORM_ENCODED)
    assert "ช่องบริการนี้ปิดให้บริการ" in page.content.decode()
    assert not Arrival.objects.exists()


@pytest.mark.django_db
def test_a_new_questionnaire_version_is_used_at_once(counter: Counter) -> None:
    client = Client()
    data = answers(client, counter)
    first = questionnaire.current()
    client.post(f"/q/{counter.survey_code}/", urlencode(data), content_type=FORM_ENCODED)
    second = Questionnaire.objects.create(
        code=first.code, version=first.version + 1, content=first.content, content_hash="v2"
    )
    # This process still remembers the first version: the insert refuses it and the
    # form path takes the answer on the second.
    assert questionnaire.last_seen() == first
    client.post(f"/q/{counter.survey_code}/", urlencode(data), content_type=FORM_ENCODED)
    assert list(Arrival.objects.order_by("pk").values_list("questionnaire_id", flat=True)) == [
        first.pk,
        second.pk,
    ]


@pytest.mark.django_db
def test_local_answers_are_taken_quickly_and_foreign_ones_ignored(counter: Counter) -> None:
    asked = LocalQuestion.objects.create(centre=counter.centre, text_th="ความสะอาด")
    elsewhere = LocalQuestion.objects.create(
        centre=Counter.objects.exclude(centre=counter.centre).first().centre, text_th="อื่น"
    )
    client = Client()
    data = answers(client, counter)
    data[asked.code], data[elsewhere.code] = "4", "5"
    later = timezone.now() + timedelta(seconds=30)
    with time_machine.travel(later), CaptureQueriesContext(connection) as queries:
        client.post(f"/q/{counter.survey_code}/", urlencode(data), content_type=FORM_ENCODED)
    assert len(queries.captured_queries) == 2  # the centre's questions, then the insert
    assert Arrival.objects.get().local_scores == {str(asked.pk): 4}


@pytest.mark.django_db
def test_a_fold_that_fails_leaves_every_answer_waiting(counter: Counter, monkeypatch: Any) -> None:
    _send(counter, 3)

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr("survey.tallies.count_many", broken)
    with pytest.raises(RuntimeError):
        intake.fold()
    assert Arrival.objects.count() == 3
    assert not Response.objects.exists() and not Tally.objects.exists()
    monkeypatch.undo()
    assert intake.fold() == 3 and not Arrival.objects.exists()
    assert Tally.objects.get(centre=counter.centre).responses == 3


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's shared in-memory test database refuses a second writer instead of"
    " making it wait as a database file does; CI runs this on PostgreSQL",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_folds_at_the_same_time_count_each_answer_once(world: Any) -> None:
    counter = world["5940101"].centres.get().counters.get(number=1)
    _send(counter, 240)
    errors: list[BaseException] = []

    def folding() -> None:
        try:
            intake.fold(size=30)
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=folding) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert not Arrival.objects.exists()
    assert Response.objects.filter(status="counted").count() == 240
    assert Tally.objects.get(centre=counter.centre).responses == 240
    assert Tally.objects.get(centre=None, province=None).responses == 240


@pytest.mark.django_db
def test_senders_are_forgotten_after_the_days_the_notice_promises(counter: Counter) -> None:
    version = questionnaire.current()

    def answered(days_ago: float) -> Response:
        return Response.objects.create(
            centre=counter.centre,
            questionnaire=version,
            submitted_at=timezone.now() - timedelta(days=days_ago),
            scores="5" * len(version.item_codes),
            device_hash="d" * 64,
            network_hash="n" * 64,
        )

    recent, old, older = answered(29), answered(31), answered(45)
    # Between them, a day of imported answers only, which never had a sender.
    Response.objects.filter(pk=answered(35).pk).update(
        source=Response.Source.IMPORT, device_hash="", network_hash=""
    )
    assert protection.forget_old_senders() == 2
    for answer in (recent, old, older):
        answer.refresh_from_db()
    assert (recent.device_hash, recent.network_hash) == ("d" * 64, "n" * 64)
    assert old.device_hash == old.network_hash == older.device_hash == older.network_hash == ""
    assert "30" in version.content["privacy"]["th"]  # what the notice says
    assert protection.forget_old_senders() == 0


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="tidy() vacuums on PostgreSQL; SQLite has none"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_intake_process_vacuums_the_arrivals_it_folded(counter: Counter) -> None:
    def vacuums() -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = %s",
                [Arrival._meta.db_table],
            )
            return int(cursor.fetchone()[0])

    _send(counter, 3)
    before = vacuums()
    out = io.StringIO()
    call_command("survey_intake", "--once", stdout=out)
    assert "folded 3 answers" in out.getvalue()
    assert vacuums() == before + 1
    assert not Arrival.objects.exists()


@pytest.mark.django_db
def test_one_fold_counts_many_centres_and_two_months_as_the_answers_say(world: Any) -> None:
    """A batch from centres in several provinces, on both sides of a Bangkok month's
    end: afterwards every tally agrees with a count of the counted answers themselves."""
    version = questionnaire.current()
    codes = version.item_codes
    counters = list(
        Counter.objects.filter(is_active=True, centre__is_active=True).select_related(
            "centre__organisation"
        )
    )
    assert len({c.centre.organisation.province_id for c in counters}) >= 2
    # 23:20 on 30 November and 00:40 on 1 December in Bangkok.
    for n, moment in enumerate(["2026-11-30 16:20Z", "2026-11-30 17:40Z"] * 2):
        with time_machine.travel(moment, tick=False):
            for counter in counters:
                assert intake.receive(
                    code=counter.survey_code,
                    questionnaire=version,
                    scores="".join(str(1 + (n + i + counter.pk) % 5) for i in range(len(codes))),
                    fingerprint=f"{counter.pk}-{n}",
                    device_hash=protection.salted_hash(f"{counter.pk}-{n}"),
                )
    assert intake.fold() == 4 * len(counters)

    expected: dict[tuple[Any, ...], list[Any]] = {}
    for answer in Response.objects.filter(status="counted").select_related("centre__organisation"):
        month = tallies.month_of(answer.submitted_at)
        province = answer.centre.organisation.province_id
        for key in [(answer.centre_id, None, month), (None, province, month), (None, None, month)]:
            total = expected.setdefault(key, [0, {}])
            total[0] += 1
            for code, digit in zip(codes, answer.scores, strict=False):
                if digit != "0":
                    total[1].setdefault(code, [0] * 5)[int(digit) - 1] += 1
    found = {
        (t.centre_id, None if t.centre_id else t.province_id, t.month): [
            t.responses,
            {code: row for code, row in t.counts.items() if code in codes},
        ]
        for t in Tally.objects.all()
    }
    assert {key for key in expected if key[2].month in (11, 12)} >= {
        (c.centre_id, None, month)
        for c in counters
        for month in (date(2026, 11, 1), date(2026, 12, 1))
    }
    assert found == expected
