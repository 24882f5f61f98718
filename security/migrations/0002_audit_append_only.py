"""On PostgreSQL the database itself refuses UPDATE and DELETE on the audit log (a trigger), so
not even a bug or a hand-typed query in the application's account can rewrite history."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION security_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'security_auditentry is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER security_auditentry_append_only
    BEFORE UPDATE OR DELETE ON security_auditentry
    FOR EACH ROW EXECUTE FUNCTION security_audit_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS security_auditentry_append_only ON security_auditentry;
DROP FUNCTION IF EXISTS security_audit_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("security", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
