"""The template clone is a faithful copy: same tables, rows, names and sequences."""

import pytest
from django.db import connection

from tenants.clone import clone_schema
from tenants.errors import BuurtpuntError

pytestmark = pytest.mark.django_db

TEMPLATE = "test_template"

CATALOGUE = {
    "columns": """
        SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
               a.attidentity, pg_get_expr(d.adbin, d.adrelid)
          FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
          LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
         WHERE c.relnamespace = %(ns)s::regnamespace AND c.relkind = 'r'
           AND a.attnum > 0 AND NOT a.attisdropped""",
    "constraints": """
        SELECT c.relname, con.conname, con.contype,
               replace(pg_get_constraintdef(con.oid), quote_ident(%(ns)s) || '.', 'S.')
          FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
         WHERE con.connamespace = %(ns)s::regnamespace""",
    # Predicates of partial indexes are compared by presence: PostgreSQL may print
    # an equivalent expression differently after it has been parsed again.
    "indexes": """
        SELECT t.relname, c.relname, i.indisunique, i.indisprimary,
               (SELECT array_agg(a.attname ORDER BY k.ord)
                  FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
                  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum),
               i.indclass::text, am.amname, i.indpred IS NOT NULL,
               pg_get_expr(i.indexprs, i.indrelid)
          FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
          JOIN pg_class t ON t.oid = i.indrelid JOIN pg_am am ON am.oid = c.relam
         WHERE c.relnamespace = %(ns)s::regnamespace""",
    # Sequences by the column they number (a copy names them after today's table
    # names; Django finds them with pg_get_serial_sequence, never by name).
    "triggers": """
        SELECT c.relname, t.tgname, t.tgtype, t.tgfoid::regprocedure::text
          FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
         WHERE c.relnamespace = %(ns)s::regnamespace AND NOT t.tgisinternal""",
    "sequences": """
        SELECT c.relname, a.attname, s.last_value
          FROM pg_sequences s
          JOIN pg_class seq ON seq.relname = s.sequencename
               AND seq.relnamespace = %(ns)s::regnamespace
          JOIN pg_depend d ON d.objid = seq.oid AND d.deptype IN ('i', 'a')
          JOIN pg_class c ON c.oid = d.refobjid
          JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.refobjsubid
         WHERE s.schemaname = %(ns)s""",
}


def catalogue(schema):
    result = {}
    with connection.cursor() as cursor:
        for name, query in CATALOGUE.items():
            cursor.execute(query, {"ns": schema})
            result[name] = sorted(map(tuple, cursor.fetchall()), key=repr)
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relnamespace = %s::regnamespace AND relkind = 'r'",
            [schema],
        )
        tables = [row[0] for row in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{schema}"."{table}"')  # noqa: S608
            counts[table] = cursor.fetchone()[0]
        result["rows"] = counts
    return result


def test_clone_equals_the_template(db):
    clone_schema(TEMPLATE, "kopie")
    original, copy = catalogue(TEMPLATE), catalogue("kopie")
    assert len(original["columns"]) > 300 and len(original["constraints"]) > 100
    assert len(original["sequences"]) > 40
    assert copy["columns"] == original["columns"]
    assert copy["constraints"] == original["constraints"]
    assert copy["indexes"] == original["indexes"]
    assert copy["sequences"] == original["sequences"]
    assert copy["triggers"] == original["triggers"]
    assert ("members_registerentry", "members_registerentry_append_only") in {
        trigger[:2] for trigger in copy["triggers"]
    }
    assert copy["rows"] == original["rows"]
    assert original["rows"]["django_migrations"] > 50


def test_clone_keeps_its_own_sequences_and_foreign_keys(db):
    clone_schema(TEMPLATE, "kopie")
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT max(id) FROM "{TEMPLATE}".django_content_type')  # noqa: S608
        highest = cursor.fetchone()[0]
        cursor.execute(
            "INSERT INTO kopie.django_content_type (app_label, model)"
            " VALUES ('x', 'y') RETURNING id"
        )
        assert cursor.fetchone()[0] == highest + 1
        cursor.execute(f'SELECT count(*) FROM "{TEMPLATE}".django_content_type')  # noqa: S608
        template_count = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM kopie.django_content_type")
        assert cursor.fetchone()[0] == template_count + 1
        # A foreign key of the copy points into the copy, not into the template.
        cursor.execute(
            "SELECT confrelid::regclass::text FROM pg_constraint"
            " WHERE connamespace = 'kopie'::regnamespace AND conname LIKE %s LIMIT 1",
            ["auth_permission_content_type_id%"],
        )
        assert cursor.fetchone()[0] == "kopie.django_content_type"


def test_clone_refuses_a_template_with_objects_it_cannot_copy(db):
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE VIEW "{TEMPLATE}".extra AS SELECT 1 AS one')
    with pytest.raises(BuurtpuntError, match="extra"):
        clone_schema(TEMPLATE, "kopie")


def test_a_trigger_of_the_copy_guards_the_copy(db):
    clone_schema(TEMPLATE, "kopie")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgrelid::regclass::text FROM pg_trigger"
            " WHERE tgname = 'members_registerentry_append_only'"
            " AND tgrelid::regclass::text LIKE 'kopie.%%'"
        )
        assert cursor.fetchall() == [("kopie.members_registerentry",)]


def test_clone_refuses_a_function_in_the_template(db):
    with connection.cursor() as cursor:
        cursor.execute(
            f'CREATE FUNCTION "{TEMPLATE}".extra() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql'
        )
    with pytest.raises(BuurtpuntError, match="extra"):
        clone_schema(TEMPLATE, "kopie")
