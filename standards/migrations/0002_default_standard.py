from django.db import migrations


def forwards(apps, schema_editor):
    """Ship the default (template) standard, so a fresh database always has one.
    Idempotent: a version already stored is left as it is."""
    from standards.loader import DEFAULT_FILE, check_path
    from standards.services import ModelSet, store

    checked = check_path(DEFAULT_FILE)
    if not checked.ok:
        raise RuntimeError("\n".join(str(e) for e in checked.errors))
    content = checked.content
    Standard = apps.get_model("standards", "Standard")
    if Standard.objects.filter(
        code=content["id"], fiscal_year=content["fiscal_year"], version=content["version"]
    ).exists():
        return
    # The historical models: this migration must keep working after the models change.
    store(
        content,
        source_name=DEFAULT_FILE.name,
        using=ModelSet(
            Standard,
            apps.get_model("standards", "Level"),
            apps.get_model("standards", "Dimension"),
            apps.get_model("standards", "Criterion"),
            apps.get_model("standards", "ChecklistItem"),
        ),
    )


class Migration(migrations.Migration):
    dependencies = [("standards", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
