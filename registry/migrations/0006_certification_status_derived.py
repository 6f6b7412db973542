"""A centre's certification status is derived from its applications and certificates
(certification.selectors.standing): the field typed by hand goes, after certification
0002 carried its values over."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0005_labels_for_the_audit_trail"),
        ("certification", "0003_integrate_legacy_status"),
    ]

    operations = [migrations.RemoveField(model_name="servicecentre", name="certification_status")]
