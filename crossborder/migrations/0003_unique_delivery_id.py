import uuid

from django.db import migrations, models


def fresh_ids(apps, schema_editor):  # type: ignore[no-untyped-def]
    # The column default was evaluated once for existing rows; give each lead its own id.
    Lead = apps.get_model("crossborder", "Lead")
    for lead in Lead.objects.all():
        lead.delivery_id = uuid.uuid4()
        lead.save(update_fields=["delivery_id"])


class Migration(migrations.Migration):
    dependencies = [("crossborder", "0002_delivery_appetite_audit")]

    operations = [
        migrations.RunPython(fresh_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="lead",
            name="delivery_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
