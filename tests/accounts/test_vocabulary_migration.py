"""Migration 0008_h7 recodes the guardian relationships already recorded
(docs/development.md "Glossary"): a consent keeps who gave it."""

BEFORE = [("accounts", "0007_h7_capabilities")]
AFTER = [("accounts", "0008_h7_relationship_codes")]


def test_recorded_relationships_keep_their_meaning(migrate_to):
    old = migrate_to(BEFORE)
    ConsentRecord = old.get_model("accounts", "ConsentRecord")
    for name, relationship in [("Maria", "ibu"), ("Yohanes", "wali"), ("", "")]:
        ConsentRecord.objects.create(
            method="device",
            guardian_name=name,
            guardian_relationship=relationship,
            notice_version="1",
        )
    new = migrate_to(AFTER)
    ConsentRecord = new.get_model("accounts", "ConsentRecord")
    assert dict(
        ConsentRecord.objects.values_list("guardian_name", "guardian_relationship")
    ) == {"Maria": "mother", "Yohanes": "guardian", "": ""}
    old = migrate_to(BEFORE)
    ConsentRecord = old.get_model("accounts", "ConsentRecord")
    assert set(
        ConsentRecord.objects.values_list("guardian_relationship", flat=True)
    ) == {"ibu", "wali", ""}
