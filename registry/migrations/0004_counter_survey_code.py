from django.db import migrations, models

import registry.models


def give_codes(apps, schema_editor):
    Counter = apps.get_model("registry", "Counter")
    for counter in Counter.objects.filter(survey_code__isnull=True):
        counter.survey_code = registry.models.new_survey_code()
        counter.save(update_fields=["survey_code"])


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_centre_certification_status")]

    operations = [
        migrations.AddField(
            model_name="counter",
            name="survey_code",
            field=models.CharField(max_length=12, null=True, editable=False),
        ),
        migrations.RunPython(give_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="counter",
            name="survey_code",
            field=models.CharField(
                default=registry.models.new_survey_code,
                editable=False,
                max_length=12,
                unique=True,
                verbose_name="survey code",
            ),
        ),
    ]
