"""Sightings get a random key and are kept by the hour (issue 13, the staff page's
privacy). The old rows are dropped rather than converted: their hashes were not keyed by
the campaign and their sequential keys paired them with the answers, and a sighting
only lives 30 days for the abuse checks."""

import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0001_initial"),
    ]

    operations = [
        migrations.DeleteModel(name="Sighting"),
        migrations.CreateModel(
            name="Sighting",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("device_hash", models.CharField(blank=True, max_length=64)),
                ("network_hash", models.CharField(blank=True, max_length=64)),
                ("fingerprint", models.CharField(blank=True, max_length=64)),
                ("seen_at", models.DateTimeField(db_index=True)),
                (
                    "campaign",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="campaigns.campaign",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["campaign", "device_hash"], name="campaigns_s_campaig_78b662_idx"
                    ),
                    models.Index(
                        fields=["campaign", "network_hash", "seen_at"],
                        name="campaigns_s_campaig_5d637e_idx",
                    ),
                ],
            },
        ),
    ]
