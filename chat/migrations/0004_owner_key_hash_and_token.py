"""Conversation owners are stored as keyed hashes, not session keys (issue 13, High 2).

Rows written before held `s:<session key>` (a live session credential, shown in admin and kept in
backups) or `c:<connection nonce>`. Each is replaced by the HMAC that chat.owners computes from the
same value, so a visitor's session still reaches its conversations after the upgrade. Adds the
conversation token's hash (issue 9, item 6).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations, models


def hash_owner_keys(apps: Any, schema_editor: Any) -> None:
    from chat.owners import owner_key_for_connection, owner_key_for_session

    conversation = apps.get_model("chat", "Conversation")
    rows = conversation.objects.filter(models.Q(owner_key__startswith="s:") | models.Q(owner_key__startswith="c:"))
    for row in rows.only("pk", "owner_key").iterator():
        kind, raw = row.owner_key[:2], row.owner_key[2:]
        row.owner_key = owner_key_for_session(raw) if kind == "s:" else owner_key_for_connection(raw)
        row.save(update_fields=["owner_key"])


class Migration(migrations.Migration):
    dependencies = [("chat", "0003_contact_request")]

    operations = [
        migrations.AddField(
            model_name="conversation",
            name="token_hash",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=64),
        ),
        migrations.AlterField(
            model_name="conversation",
            name="owner_key",
            field=models.CharField(db_index=True, editable=False, max_length=64),
        ),
        migrations.RunPython(hash_owner_keys, migrations.RunPython.noop),
    ]
