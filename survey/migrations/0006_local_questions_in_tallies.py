"""Centre tallies now count the centre's local questions too (survey/tallies.py): add
the local answers of the answers counted before, so that whole months show them."""

from zoneinfo import ZoneInfo

from django.db import migrations

BANGKOK = ZoneInfo("Asia/Bangkok")


def add_local_answers(apps, schema_editor):  # type: ignore[no-untyped-def]
    Response = apps.get_model("survey", "Response")
    Tally = apps.get_model("survey", "Tally")
    added: dict[tuple[int, object], dict[str, list[int]]] = {}
    answers = (
        Response.objects.filter(status="counted")
        .exclude(local_scores={})
        .values_list("centre_id", "submitted_at", "local_scores")
    )
    for centre_id, submitted_at, local_scores in answers.iterator(chunk_size=2000):
        month = submitted_at.astimezone(BANGKOK).date().replace(day=1)
        counts = added.setdefault((centre_id, month), {})
        for question_id, score in local_scores.items():
            counts.setdefault(f"local-{question_id}", [0, 0, 0, 0, 0])[score - 1] += 1
    for (centre_id, month), counts in added.items():
        tally = Tally.objects.get(centre_id=centre_id, month=month)
        for code, row in counts.items():
            # Set, not added: a tally that already counts them (answers folded after this
            # change) is made right, not doubled.
            tally.counts[code] = row
        tally.save(update_fields=["counts"])


class Migration(migrations.Migration):
    dependencies = [("survey", "0005_leaner_answer_indexes")]

    operations = [migrations.RunPython(add_local_answers, migrations.RunPython.noop)]
