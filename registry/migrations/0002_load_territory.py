from django.db import migrations


def forwards(apps, schema_editor):
    from registry.territory import load_territory

    load_territory(apps.get_model("registry", "Province"), apps.get_model("registry", "District"))


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
