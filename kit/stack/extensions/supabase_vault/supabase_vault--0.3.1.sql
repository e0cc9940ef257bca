-- supabase_vault 0.3.1, as migrations see it: vault.secrets, vault.decrypted_secrets,
-- vault.create_secret and vault.update_secret with Vault's signatures and grants.
-- Locally there is no server key: `secret` holds the secret base64-encoded, not encrypted.

\echo Use "CREATE EXTENSION supabase_vault" to load this file. \quit

CREATE TABLE vault.secrets (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text,
    description text NOT NULL DEFAULT '',
    secret text NOT NULL,
    key_id uuid,
    nonce bytea,
    created_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX secrets_name_idx ON vault.secrets (name) WHERE name IS NOT NULL;
COMMENT ON TABLE vault.secrets IS
    'Maker Kit stand-in for Supabase Vault: secret is base64-encoded, not encrypted';
SELECT pg_catalog.pg_extension_config_dump('vault.secrets', '');

CREATE VIEW vault.decrypted_secrets AS
SELECT
    s.id,
    s.name,
    s.description,
    s.secret,
    convert_from(decode(s.secret, 'base64'), 'utf8') AS decrypted_secret,
    s.key_id,
    s.nonce,
    s.created_at,
    s.updated_at
FROM vault.secrets AS s;

CREATE FUNCTION vault.create_secret(
    new_secret text,
    new_name text DEFAULT NULL,
    new_description text DEFAULT '',
    new_key_id uuid DEFAULT NULL
) RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
AS $$
DECLARE
    created uuid;
BEGIN
    INSERT INTO vault.secrets (secret, name, description, key_id)
    VALUES (encode(convert_to(new_secret, 'utf8'), 'base64'), new_name, new_description,
            new_key_id)
    RETURNING id INTO created;
    RETURN created;
END
$$;

CREATE FUNCTION vault.update_secret(
    secret_id uuid,
    new_secret text DEFAULT NULL,
    new_name text DEFAULT NULL,
    new_description text DEFAULT NULL,
    new_key_id uuid DEFAULT NULL
) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
AS $$
BEGIN
    UPDATE vault.secrets AS s
    SET secret = coalesce(encode(convert_to(new_secret, 'utf8'), 'base64'), s.secret),
        name = coalesce(new_name, s.name),
        description = coalesce(new_description, s.description),
        key_id = coalesce(new_key_id, s.key_id),
        updated_at = CURRENT_TIMESTAMP
    WHERE s.id = secret_id;
END
$$;

REVOKE ALL ON FUNCTION vault.create_secret(text, text, text, uuid) FROM PUBLIC;
REVOKE ALL ON FUNCTION vault.update_secret(uuid, text, text, text, uuid) FROM PUBLIC;

-- As Supabase's after-create script grants them, for the roles the cluster has.
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'postgres') THEN
        GRANT USAGE ON SCHEMA vault TO postgres WITH GRANT OPTION;
        GRANT SELECT, DELETE ON vault.secrets, vault.decrypted_secrets
            TO postgres WITH GRANT OPTION;
        GRANT EXECUTE ON FUNCTION vault.create_secret(text, text, text, uuid),
            vault.update_secret(uuid, text, text, text, uuid) TO postgres WITH GRANT OPTION;
    END IF;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'service_role') THEN
        GRANT USAGE ON SCHEMA vault TO service_role;
        GRANT SELECT, DELETE ON vault.secrets, vault.decrypted_secrets TO service_role;
        GRANT EXECUTE ON FUNCTION vault.create_secret(text, text, text, uuid),
            vault.update_secret(uuid, text, text, text, uuid) TO service_role;
    END IF;
END
$$;
