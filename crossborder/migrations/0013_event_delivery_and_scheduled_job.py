# One outbox (issue 13, item 4): EventDelivery + EventDeliveryAttempt for every webhook event, and
# the scheduler's ScheduledJob rows. 0014 moves the two old outboxes' rows in; 0015 drops them.

import uuid

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('crossborder', '0012_withdrawal_feed_and_conversation'),
        ('portal', '0002_keyfact'),
    ]

    operations = [
        migrations.CreateModel(
            name='ScheduledJob',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=40, unique=True)),
                ('next_run_at', models.DateTimeField()),
                ('last_started_at', models.DateTimeField(blank=True, null=True)),
                ('last_finished_at', models.DateTimeField(blank=True, null=True)),
                ('last_result', models.CharField(blank=True, max_length=300)),
                ('last_error', models.CharField(blank=True, max_length=300)),
                ('runs', models.PositiveIntegerField(default=0)),
            ],
            options={
                'verbose_name': 'scheduled job',
                'verbose_name_plural': 'scheduled jobs',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='EventDelivery',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('event_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('event', models.CharField(max_length=40)),
                ('lead_delivery_id', models.UUIDField(help_text="The lead's delivery id, as the insurer knows it.")),
                ('reference', models.CharField(db_index=True, max_length=16)),
                ('payload', models.JSONField(default=dict, help_text="The event's `lead` object, as sent.")),
                ('state', models.CharField(choices=[('pending', 'pending'), ('delivered', 'delivered'), ('dead', 'dead letter'), ('cancelled', 'not sent: the lead expired')], db_index=True, default='pending', max_length=10)),
                ('next_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('lease_until', models.DateTimeField(blank=True, null=True)),
                ('attempted_at', models.DateTimeField(blank=True, null=True)),
                ('run_attempts', models.PositiveSmallIntegerField(default=0)),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                ('insurer', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='event_deliveries', to='portal.insurer')),
                ('lead', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='events', to='crossborder.lead')),
            ],
            options={
                'verbose_name': 'webhook event',
                'verbose_name_plural': 'webhook events',
                'ordering': ['-created_at'],
                'indexes': [models.Index(fields=['state', 'next_at'], name='event_delivery_due')],
                'constraints': [models.UniqueConstraint(fields=('event', 'lead_delivery_id'), name='one_delivery_per_event_and_lead')],
            },
        ),
        migrations.CreateModel(
            name='EventDeliveryAttempt',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveSmallIntegerField()),
                ('at', models.DateTimeField(default=django.utils.timezone.now)),
                ('status_code', models.PositiveSmallIntegerField(blank=True, null=True)),
                ('error', models.CharField(blank=True, max_length=300)),
                ('duration_ms', models.PositiveIntegerField(default=0)),
                ('delivery', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attempts', to='crossborder.eventdelivery')),
            ],
            options={
                'verbose_name': 'webhook attempt',
                'verbose_name_plural': 'webhook attempts',
                'ordering': ['delivery', 'number'],
            },
        ),
    ]
