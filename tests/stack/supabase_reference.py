"""Facts of ../shared/reference/supabase-db.md (§1-§6) as data, for the catalog comparison in
test_supabase_baseline.py. Columns are the reference's own notation, copied row by row:
`name type [NN] [=default] [GENERATED(expr) STORED]`; NN = NOT NULL."""

from __future__ import annotations

# §1: attributes not named are PostgreSQL's defaults (NOSUPERUSER ... INHERIT).
ROLES: dict[str, dict[str, object]] = {
    "supabase_admin": {
        "attributes": "SUPERUSER CREATEDB CREATEROLE REPLICATION BYPASSRLS LOGIN",
        "settings": {"search_path": '"$user", public, auth, extensions'},
    },
    "postgres": {
        "attributes": "NOSUPERUSER CREATEDB CREATEROLE LOGIN REPLICATION BYPASSRLS",
        "member_of": "anon authenticated service_role supabase_superuser pg_read_all_data"
        " pg_signal_backend",
        "settings": {"search_path": '"$user", public, extensions'},
    },
    "anon": {
        "attributes": "NOLOGIN INHERIT",
        "settings": {"statement_timeout": "3s", "session_preload_libraries": "safeupdate"},
    },
    "authenticated": {
        "attributes": "NOLOGIN INHERIT",
        "settings": {"statement_timeout": "8s", "session_preload_libraries": "safeupdate"},
    },
    "service_role": {"attributes": "NOLOGIN INHERIT BYPASSRLS"},
    "authenticator": {
        "attributes": "LOGIN NOINHERIT",
        "member_of": "anon authenticated service_role",
        "settings": {
            "statement_timeout": "8s",
            "lock_timeout": "8s",
            "session_preload_libraries": "supautils, safeupdate",
        },
    },
    "supabase_auth_admin": {
        # CREATEROLE until 20260821154147, i.e. in the image the CLI pins
        "attributes": "LOGIN NOINHERIT CREATEROLE",
        "settings": {"search_path": "auth", "idle_in_transaction_session_timeout": "60000"},
    },
    "supabase_storage_admin": {
        "attributes": "LOGIN NOINHERIT CREATEROLE",
        "member_of": "authenticator",
        "settings": {"search_path": "storage"},
    },
    "supabase_realtime_admin": {
        "attributes": "LOGIN NOINHERIT CREATEROLE REPLICATION",
        "member_of": "anon authenticated service_role",
        "settings": {"search_path": "public, extensions, realtime"},
    },
    "supabase_replication_admin": {"attributes": "LOGIN REPLICATION"},
    "supabase_etl_admin": {"attributes": "LOGIN REPLICATION", "member_of": "supabase_superuser"},
    "supabase_read_only_user": {"attributes": "LOGIN BYPASSRLS", "member_of": "pg_read_all_data"},
    "supabase_superuser": {"attributes": "NOLOGIN", "member_of": "pg_monitor pg_signal_backend"},
    "dashboard_user": {"attributes": "NOLOGIN CREATEDB CREATEROLE REPLICATION"},
    "pgbouncer": {"attributes": "LOGIN"},
    "supabase_functions_admin": {
        "attributes": "LOGIN NOINHERIT CREATEROLE",
        "settings": {"search_path": "supabase_functions"},
    },
}

# §2 (owners); `graphql` is left out: the image drops pg_graphql (20260421000000) and it is off
# by default since 2026-05-18. supabase_migrations is created lazily by the CLI.
SCHEMAS: dict[str, str] = {
    "public": "pg_database_owner",
    "extensions": "postgres",
    "auth": "supabase_admin",
    "storage": "supabase_admin",
    "realtime": "supabase_admin",
    "graphql_public": "supabase_admin",
    "vault": "supabase_admin",
    "pgbouncer": "pgbouncer",
    "supabase_subscription_mgmt": "supabase_admin",
    "supabase_functions": "supabase_admin",
    "net": "supabase_admin",
    "_realtime": "postgres",
}

# §3, pre-installed locally: extension -> schema.
EXTENSIONS: dict[str, str] = {
    "uuid-ossp": "extensions",
    "pgcrypto": "extensions",
    "pg_stat_statements": "extensions",
    "supabase_vault": "vault",
    "pg_net": "extensions",
}

TABLES: dict[str, str] = {
    # §4
    "auth.audit_log_entries": (
        "instance_id uuid; id uuid NN; payload json; created_at timestamptz; "
        "ip_address varchar(64) NN =''"
    ),
    "auth.custom_oauth_providers": (
        "id uuid NN =gen_random_uuid(); provider_type text NN; identifier text NN; "
        "name text NN; client_id text NN; client_secret text NN; "
        "acceptable_client_ids text[] NN ='{}'; scopes text[] NN ='{}'; "
        "pkce_enabled bool NN =true; attribute_mapping jsonb NN ='{}'; "
        "authorization_params jsonb NN ='{}'; enabled bool NN =true; "
        "email_optional bool NN =false; issuer text; discovery_url text; "
        "skip_nonce_check bool NN =false; cached_discovery jsonb; "
        "discovery_cached_at timestamptz; authorization_url text; token_url text; "
        "userinfo_url text; jwks_uri text; created_at timestamptz NN =now(); "
        "updated_at timestamptz NN =now(); custom_claims_allowlist text[] NN ='{}'"
    ),
    "auth.flow_state": (
        "id uuid NN; user_id uuid; auth_code text; "
        "code_challenge_method code_challenge_method; code_challenge text; "
        "provider_type text NN; provider_access_token text; provider_refresh_token text; "
        "created_at timestamptz; updated_at timestamptz; authentication_method text NN; "
        "auth_code_issued_at timestamptz; invite_token text; referrer text; "
        "oauth_client_state_id uuid; linking_target_id uuid; "
        "email_optional bool NN =false"
    ),
    "auth.identities": (
        "provider_id text NN; user_id uuid NN; identity_data jsonb NN; provider text NN; "
        "last_sign_in_at timestamptz; created_at timestamptz; updated_at timestamptz; "
        "email text GENERATED(lower(identity_data->>'email')) STORED; "
        "id uuid NN =gen_random_uuid()"
    ),
    "auth.instances": (
        "id uuid NN; uuid uuid; raw_base_config text; created_at timestamptz; "
        "updated_at timestamptz"
    ),
    "auth.mfa_amr_claims": (
        "session_id uuid NN; created_at timestamptz NN; updated_at timestamptz NN; "
        "authentication_method text NN; id uuid NN"
    ),
    "auth.mfa_challenges": (
        "id uuid NN; factor_id uuid NN; created_at timestamptz NN; "
        "verified_at timestamptz; ip_address inet NN; otp_code text; "
        "web_authn_session_data jsonb"
    ),
    "auth.mfa_factors": (
        "id uuid NN; user_id uuid NN; friendly_name text; factor_type factor_type NN; "
        "status factor_status NN; created_at timestamptz NN; updated_at timestamptz NN; "
        "secret text; phone text; last_challenged_at timestamptz; "
        "web_authn_credential jsonb; web_authn_aaguid uuid; "
        "last_webauthn_challenge_data jsonb"
    ),
    "auth.oauth_authorizations": (
        "id uuid NN; authorization_id text NN; client_id uuid NN; user_id uuid; "
        "redirect_uri text NN; scope text NN; state text; resource text; "
        "code_challenge text; code_challenge_method code_challenge_method; "
        "response_type oauth_response_type NN ='code'; "
        "status oauth_authorization_status NN ='pending'; authorization_code text; "
        "created_at timestamptz NN =now(); expires_at timestamptz NN =now()+3 min; "
        "approved_at timestamptz; nonce text"
    ),
    "auth.oauth_client_states": (
        "id uuid NN; provider_type text NN; code_verifier text; created_at timestamptz NN"
    ),
    "auth.oauth_clients": (
        "id uuid NN; client_secret_hash text; "
        "registration_type oauth_registration_type NN; redirect_uris text NN; "
        "grant_types text NN; client_name text; client_uri text; logo_uri text; "
        "created_at timestamptz NN =now(); updated_at timestamptz NN =now(); "
        "deleted_at timestamptz; client_type oauth_client_type NN ='confidential'; "
        "token_endpoint_auth_method text NN"
    ),
    "auth.oauth_consents": (
        "id uuid NN; user_id uuid NN; client_id uuid NN; scopes text NN; "
        "granted_at timestamptz NN =now(); revoked_at timestamptz"
    ),
    "auth.one_time_tokens": (
        "id uuid NN; user_id uuid NN; token_type one_time_token_type NN; "
        "token_hash text NN; relates_to text NN; created_at timestamp NN =now(); "
        "updated_at timestamp NN =now()"
    ),
    "auth.refresh_tokens": (
        "instance_id uuid; id bigint NN =nextval(auth.refresh_tokens_id_seq); "
        "token varchar(255); user_id varchar(255); revoked bool; created_at timestamptz; "
        "updated_at timestamptz; parent varchar(255); session_id uuid"
    ),
    "auth.saml_providers": (
        "id uuid NN; sso_provider_id uuid NN; entity_id text NN; metadata_xml text NN; "
        "metadata_url text; attribute_mapping jsonb; created_at timestamptz; "
        "updated_at timestamptz; name_id_format text"
    ),
    "auth.saml_relay_states": (
        "id uuid NN; sso_provider_id uuid NN; request_id text NN; for_email text; "
        "redirect_to text; created_at timestamptz; updated_at timestamptz; "
        "flow_state_id uuid"
    ),
    "auth.schema_migrations": ("version varchar(255) NN"),
    "auth.sessions": (
        "id uuid NN; user_id uuid NN; created_at timestamptz; updated_at timestamptz; "
        "factor_id uuid; aal aal_level; not_after timestamptz; refreshed_at timestamp; "
        "user_agent text; ip inet; tag text; oauth_client_id uuid; "
        "refresh_token_hmac_key text; refresh_token_counter bigint; scopes text"
    ),
    "auth.sso_domains": (
        "id uuid NN; sso_provider_id uuid NN; domain text NN; created_at timestamptz; "
        "updated_at timestamptz"
    ),
    "auth.sso_providers": (
        "id uuid NN; resource_id text; created_at timestamptz; updated_at timestamptz; "
        "disabled bool"
    ),
    "auth.users": (
        "instance_id uuid; id uuid NN; aud varchar(255); role varchar(255); "
        "email varchar(255); encrypted_password varchar(255); "
        "email_confirmed_at timestamptz; invited_at timestamptz; "
        "confirmation_token varchar(255); confirmation_sent_at timestamptz; "
        "recovery_token varchar(255); recovery_sent_at timestamptz; "
        "email_change_token_new varchar(255); email_change varchar(255); "
        "email_change_sent_at timestamptz; last_sign_in_at timestamptz; "
        "raw_app_meta_data jsonb; raw_user_meta_data jsonb; is_super_admin bool; "
        "created_at timestamptz; updated_at timestamptz; phone text =NULL; "
        "phone_confirmed_at timestamptz; phone_change text =''; "
        "phone_change_token varchar(255) =''; phone_change_sent_at timestamptz; "
        "confirmed_at timestamptz GENERATED(LEAST(email_confirmed_at, phone_confirmed_at)) STORED; "
        "email_change_token_current varchar(255) =''; "
        "email_change_confirm_status smallint =0; banned_until timestamptz; "
        "reauthentication_token varchar(255) =''; reauthentication_sent_at timestamptz; "
        "is_sso_user bool NN =false; deleted_at timestamptz; is_anonymous bool NN =false"
    ),
    "auth.webauthn_challenges": (
        "id uuid NN =gen_random_uuid(); user_id uuid; challenge_type text NN; "
        "session_data jsonb NN; created_at timestamptz NN =now(); "
        "expires_at timestamptz NN"
    ),
    "auth.webauthn_credentials": (
        "id uuid NN =gen_random_uuid(); user_id uuid NN; credential_id bytea NN; "
        "public_key bytea NN; attestation_type text NN =''; aaguid uuid; "
        "sign_count bigint NN =0; transports jsonb NN ='[]'; "
        "backup_eligible bool NN =false; backed_up bool NN =false; "
        "friendly_name text NN =''; created_at timestamptz NN =now(); "
        "updated_at timestamptz NN =now(); last_used_at timestamptz"
    ),
    # §5
    "storage.buckets": (
        "id text NN; name text NN; owner uuid; created_at timestamptz =now(); "
        "updated_at timestamptz =now(); public bool =false; "
        "avif_autodetection bool =false; file_size_limit bigint; "
        "allowed_mime_types text[]; owner_id text; "
        "type storage.buckettype NN ='STANDARD'; versioning_status text NN ='DISABLED'"
    ),
    "storage.buckets_analytics": (
        "name text NN; type storage.buckettype NN ='ANALYTICS'; "
        "format text NN ='ICEBERG'; created_at timestamptz NN =now(); "
        "updated_at timestamptz NN =now(); id uuid NN =gen_random_uuid(); "
        "deleted_at timestamptz"
    ),
    "storage.buckets_vectors": (
        "id text NN; type storage.buckettype NN ='VECTOR'; "
        "created_at timestamptz NN =now(); updated_at timestamptz NN =now()"
    ),
    "storage.iceberg_namespaces": (
        "id uuid NN =gen_random_uuid(); bucket_name text NN; name text NN; "
        "created_at timestamptz NN =now(); updated_at timestamptz NN =now(); "
        "metadata jsonb NN ='{}'; catalog_id uuid NN"
    ),
    "storage.iceberg_tables": (
        "id uuid NN =gen_random_uuid(); namespace_id uuid NN; bucket_name text NN; "
        "name text NN; location text NN; created_at timestamptz NN =now(); "
        "updated_at timestamptz NN =now(); remote_table_id text; shard_key text; "
        "shard_id text; catalog_id uuid NN"
    ),
    "storage.migrations": (
        "id int NN; name varchar(100) NN; hash varchar(40) NN; "
        "executed_at timestamp =CURRENT_TIMESTAMP"
    ),
    "storage.objects": (
        "id uuid NN =gen_random_uuid(); bucket_id text; name text; owner uuid; "
        "created_at timestamptz =now(); updated_at timestamptz =now(); "
        "last_accessed_at timestamptz =now(); metadata jsonb; "
        "path_tokens text[] GENERATED(string_to_array(name, '/')) STORED; version text; "
        "owner_id text; user_metadata jsonb; archived_at timestamptz; "
        "is_delete_marker bool NN =false; is_versioned bool NN =false"
    ),
    "storage.s3_multipart_uploads": (
        "id text NN; in_progress_size bigint NN =0; upload_signature text NN; "
        "bucket_id text NN; key text NN; version text NN; owner_id text; "
        "created_at timestamptz NN =now(); user_metadata jsonb; metadata jsonb"
    ),
    "storage.s3_multipart_uploads_parts": (
        "id uuid NN =gen_random_uuid(); upload_id text NN; size bigint NN =0; "
        "part_number int NN; bucket_id text NN; key text NN; etag text NN; "
        "owner_id text; version text NN; created_at timestamptz NN =now()"
    ),
    "storage.vector_indexes": (
        "id text NN =gen_random_uuid(); name text NN; bucket_id text NN; "
        "data_type text NN; dimension int NN; distance_metric text NN; "
        "metadata_configuration jsonb; created_at timestamptz NN =now(); "
        "updated_at timestamptz NN =now()"
    ),
    # §6
    "realtime.messages": (
        "topic text NN; extension text NN; payload jsonb; event text; private bool =false; "
        "updated_at timestamp NN =now(); inserted_at timestamp NN =now(); "
        "id uuid NN =gen_random_uuid(); binary_payload bytea"
    ),
    # Ecto's bookkeeping (columns as Ecto creates them; the reference names only the table)
    "realtime.schema_migrations": "version bigint NN; inserted_at timestamp(0)",
    "realtime.subscription": (
        "id bigint NN; subscription_id uuid NN; entity regclass NN; "
        "filters realtime.user_defined_filter[] NN ='{}'; claims jsonb NN; "
        "claims_role regrole NN GENERATED(to_regrole(claims->>'role')) STORED; "
        "created_at timestamp NN =timezone('utc', now()); action_filter text ='*'; "
        "selected_columns text[]"
    ),
}
