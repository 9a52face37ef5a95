"""Migration 0008_h7 recodes the guardian relationships already recorded
(docs/development.md "Glossary"): a consent keeps who gave it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("accounts", "0007_h7_capabilities")]
AFTER = [("accounts", "0008_h7_relationship_codes")]


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def test_recorded_relationships_keep_their_meaning():
    old = _migrate(BEFORE)
    try:
        ConsentRecord = old.get_model("accounts", "ConsentRecord")
        for name, relationship in [("Maria", "ibu"), ("Yohanes", "wali"), ("", "")]:
            ConsentRecord.objects.create(
                method="device",
                guardian_name=name,
                guardian_relationship=relationship,
                notice_version="1",
            )
        new = _migrate(AFTER)
        ConsentRecord = new.get_model("accounts", "ConsentRecord")
        assert dict(
            ConsentRecord.objects.values_list("guardian_name", "guardian_relationship")
        ) == {"Maria": "mother", "Yohanes": "guardian", "": ""}
        old = _migrate(BEFORE)
        ConsentRecord = old.get_model("accounts", "ConsentRecord")
        assert set(
            ConsentRecord.objects.values_list("guardian_relationship", flat=True)
        ) == {"ibu", "wali", ""}
    finally:
        _migrate(AFTER)
