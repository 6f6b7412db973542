"""The data migration that adds earlier answers' local questions to the centre tallies."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from demo import scenario
from registry.models import District, Province
from registry.territory import load_territory
from survey import questionnaire

BEFORE = [("survey", "0005_leaner_answer_indexes")]
AFTER = [("survey", "0006_local_questions_in_tallies")]


@pytest.mark.django_db(transaction=True)
def test_local_answers_counted_before_are_added_to_the_centre_tallies() -> None:
    # Runs among the tests that commit, perhaps after one whose flush took away what the
    # migrations loaded: put back the territory and the questionnaire, then the demo.
    if not Province.objects.exists():
        load_territory(Province, District)
    questionnaire.current()
    scenario.load()
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    # Only the id: the historical model still has the typed certification status,
    # which a later registry migration removed from the table.
    centre_id = (
        apps.get_model("registry", "ServiceCentre")
        .objects.filter(organisation__code="5940101")
        .values_list("pk", flat=True)
        .get()
    )
    Questionnaire = apps.get_model("survey", "Questionnaire")
    Response = apps.get_model("survey", "Response")
    Tally = apps.get_model("survey", "Tally")
    version = Questionnaire.objects.order_by("-version").first()
    # 1 November 2025 01:00 in Bangkok is 31 October in UTC: it belongs to November.
    november = datetime(2025, 10, 31, 18, 0, tzinfo=UTC)
    for status, local in [("counted", {"7": 4}), ("counted", {"7": 5}), ("suspect", {"7": 1})]:
        Response.objects.create(
            centre_id=centre_id,
            questionnaire=version,
            submitted_at=november,
            scores="5",
            status=status,
            local_scores=local,
        )
    Tally.objects.create(
        centre_id=centre_id, month="2025-11-01", responses=2, counts={"O1": [0] * 5}
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    tally = apps.get_model("survey", "Tally").objects.get(centre_id=centre_id)
    assert tally.counts["local-7"] == [0, 0, 0, 1, 1]  # the suspect answer is not counted
    assert tally.counts["O1"] == [0] * 5  # the core's counts untouched

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # back to the present
