"""The share register is append-only: the database itself refuses to change or
delete an entry, whatever code or person tries (a mistake gets a reversal).

The trigger function lives once in the public schema (tenant clones copy
triggers, not functions); an advisory lock keeps tenants that migrate in
parallel from creating it at the same moment.
"""

from django.db import migrations

FORWARD = """
SELECT pg_advisory_xact_lock(hashtext('members_registerentry_append_only'));

CREATE OR REPLACE FUNCTION public.members_registerentry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the share register is append-only: write a reversing entry instead'
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER members_registerentry_append_only
    BEFORE UPDATE OR DELETE ON members_registerentry
    FOR EACH ROW EXECUTE FUNCTION public.members_registerentry_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS members_registerentry_append_only ON members_registerentry;
"""


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
