"""Repair quote amounts stored before they were validated (issue 13, High 1).

SQLite kept amounts past the column's 14 digits (1e13) as floats, and every read of such a lead
raised `decimal.InvalidOperation`, so it could not even be withdrawn; PostgreSQL kept `NaN`. The raw
values are read without Django's converters, each bad one is set to NULL (the lead stays quoted,
without an amount: the insurer quotes again) and the repair is written to the audit trail.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import migrations


def repair_quote_amounts(apps: Any, schema_editor: Any) -> None:
    from crossborder.money import parse_money

    connection = schema_editor.connection
    lead_table = apps.get_model("crossborder", "Lead")._meta.db_table
    enquiry_table = apps.get_model("crossborder", "Enquiry")._meta.db_table
    audit_event = apps.get_model("crossborder", "AuditEvent")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT l.id, e.reference, l.quote_amount FROM {lead_table} l "  # noqa: S608 (table names from the model)
            f"JOIN {enquiry_table} e ON e.id = l.enquiry_id WHERE l.quote_amount IS NOT NULL"
        )
        bad = []
        for lead_id, reference, raw in cursor.fetchall():
            try:
                parse_money(raw if isinstance(raw, (int, float)) else str(raw))
            except ValidationError:
                bad.append((lead_id, reference, str(raw)))
        for lead_id, _reference, _raw in bad:
            cursor.execute(f"UPDATE {lead_table} SET quote_amount = NULL WHERE id = %s", [lead_id])  # noqa: S608
    for lead_id, reference, raw in bad:
        audit_event.objects.create(
            enquiry_reference=reference,
            lead_id_ref=lead_id,
            actor="migration",
            action="lead.quote_amount_repaired",
            changes={"quote_amount": raw[:40], "to": None},
        )


class Migration(migrations.Migration):
    dependencies = [("crossborder", "0008_lead_quote_terms")]

    operations = [migrations.RunPython(repair_quote_amounts, migrations.RunPython.noop)]
