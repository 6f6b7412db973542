from django.db import migrations


def forwards(apps, schema_editor):
    """Ship the core questionnaire, so a fresh database can take answers at once."""
    import hashlib
    import json

    from survey.questionnaire import CORE, read

    content = read(CORE)
    Questionnaire = apps.get_model("survey", "Questionnaire")
    if not Questionnaire.objects.filter(code=content["code"], version=content["version"]).exists():
        digest = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()
        Questionnaire.objects.create(
            code=content["code"], version=content["version"], content=content, content_hash=digest
        )


class Migration(migrations.Migration):
    dependencies = [("survey", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
