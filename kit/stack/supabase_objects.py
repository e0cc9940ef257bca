"""Is a missing object one a Supabase database has? Then a failed migration says so.

A migration written for Supabase may reference platform objects (schemas such as `storage`,
extensions such as `pg_cron`, roles such as `supabase_admin`). When PostgreSQL reports one of
them missing, the error names it as Supabase's and points to the README's table of what the
kit's local database lacks, rather than leaving the user to guess at a typo.
"""

from __future__ import annotations

import re

import psycopg

README_ROW = 'the README\'s "Differences from a Supabase database" table'

SCHEMAS = frozenset(
    "auth storage realtime _realtime vault graphql graphql_public extensions net cron "
    "supabase_functions pgsodium pgsodium_masks pgmq pgbouncer supabase_migrations "
    "_analytics supabase_realtime".split()
)
EXTENSIONS = frozenset(
    "uuid-ossp pgcrypto pg_stat_statements supabase_vault pg_graphql pg_net pgjwt pgsodium "
    "pg_cron http pg_hashids pg_jsonschema wrappers pgmq postgis postgis_topology "
    "postgis_raster postgis_tiger_geocoder address_standardizer pgrouting pg_repack "
    "pgaudit pgtap plpgsql_check plv8 timescaledb rum hypopg index_advisor pg_partman "
    "pgroonga pgroonga_database orioledb pg_tle pg_safeupdate safeupdate supautils "
    "pg_stat_monitor pgvector vector postgres_fdw".split()
)
ROLES = frozenset(
    "supabase_admin supabase_auth_admin supabase_storage_admin supabase_realtime_admin "
    "supabase_replication_admin supabase_read_only_user supabase_functions_admin "
    "supabase_etl_admin supabase_privileged_role dashboard_user pgbouncer pgsodium_keyholder "
    "pgsodium_keyiduser pgsodium_keymaker authenticator anon authenticated service_role".split()
)
# Functions projects call unqualified, from extensions Supabase pre-installs.
FUNCTIONS = frozenset(
    "uuid_generate_v1 uuid_generate_v1mc uuid_generate_v3 uuid_generate_v4 uuid_generate_v5 "
    "uuid_nil uuid_ns_dns uuid_ns_url uuid_ns_oid uuid_ns_x500 gen_random_bytes digest hmac "
    "crypt gen_salt pgp_sym_encrypt pgp_sym_decrypt pgp_pub_encrypt pgp_pub_decrypt armor "
    "dearmor encrypt decrypt sign verify http_get http_post http_request".split()
)

_PATTERNS = (
    (re.compile(r'relation "(?:(?P<schema>[^".]+)\.)?(?P<name>[^"]+)" does not exist'), "table"),
    (re.compile(r'schema "(?P<schema>[^"]+)" does not exist'), "schema"),
    (re.compile(r"function (?:(?P<schema>[\w$]+)\.)?(?P<name>[\w$]+)\(.*\) does not exist"), "fn"),
    (re.compile(r'extension "(?P<name>[^"]+)" (?:is not available|does not exist)'), "ext"),
    (re.compile(r'could not open extension control file ".*/(?P<name>[^/"]+)\.control"'), "ext"),
    (re.compile(r'role "(?P<name>[^"]+)" does not exist'), "role"),
    (re.compile(r'type "(?:(?P<schema>[^".]+)\.)?(?P<name>[^"]+)" does not exist'), "type"),
)


def missing_supabase_object(exc: psycopg.Error) -> str | None:
    """A sentence naming the Supabase object the error says is missing, or None."""
    message = exc.diag.message_primary or ""
    for pattern, kind in _PATTERNS:
        match = pattern.search(message)
        if match is None:
            continue
        found = match.groupdict()
        schema, name = found.get("schema"), found.get("name") or ""
        what = _describe(kind, schema, name)
        if what:
            return f"{what} is part of a Supabase database but not of the kit's; see {README_ROW}"
    return None


def _describe(kind: str, schema: str | None, name: str) -> str | None:
    if kind == "ext" and name in EXTENSIONS:
        return f"the extension `{name}`"
    if kind == "role" and name in ROLES:
        return f"the role `{name}`"
    if kind == "schema" and schema in SCHEMAS:
        return f"the schema `{schema}`"
    qualified = f"{schema}.{name}" if schema else name
    if schema in SCHEMAS:
        label = {"table": "relation", "fn": "function", "type": "type"}.get(kind, "object")
        return f"the {label} `{qualified}`"
    if kind == "fn" and name in FUNCTIONS:
        return f"the function `{qualified}` (from an extension Supabase pre-installs)"
    return None
