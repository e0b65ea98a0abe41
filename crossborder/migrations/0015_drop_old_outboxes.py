# The two old outboxes, emptied into EventDelivery by 0014.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('crossborder', '0014_move_outbox_rows'),
    ]

    operations = [
        migrations.RemoveField(model_name='webhookeventattempt', name='event'),
        migrations.RemoveField(model_name='webhookevent', name='insurer'),
        migrations.RemoveField(model_name='lead', name='webhook_lease_until'),
        migrations.RemoveField(model_name='lead', name='webhook_next_at'),
        migrations.RemoveField(model_name='lead', name='webhook_state'),
        migrations.DeleteModel(name='WebhookAttempt'),
        migrations.DeleteModel(name='WebhookEvent'),
        migrations.DeleteModel(name='WebhookEventAttempt'),
    ]
