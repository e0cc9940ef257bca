-- pgsodium (deprecated on Supabase), as migrations see it: the schema and the functions
-- projects call. libsodium and a server root key are not part of the local stack, so every
-- call raises instead of returning bytes that were never encrypted.

\echo Use "CREATE EXTENSION pgsodium" to load this file. \quit

CREATE FUNCTION pgsodium._kit_no_sodium(call text) RETURNS bytea
LANGUAGE plpgsql SET search_path = ''
AS $$
BEGIN
    RAISE EXCEPTION 'pgsodium: %() is not available in the Maker Kit local stack', call
        USING ERRCODE = 'feature_not_supported',
              HINT = 'There is no libsodium or server key locally; see the "pgsodium" row of '
                     '"Differences from a Supabase database" in the Maker Kit README.';
END
$$;

CREATE FUNCTION pgsodium.randombytes_random() RETURNS integer
LANGUAGE sql RETURN length(pgsodium._kit_no_sodium('randombytes_random'));
CREATE FUNCTION pgsodium.randombytes_buf(size integer) RETURNS bytea
LANGUAGE sql RETURN pgsodium._kit_no_sodium('randombytes_buf');
CREATE FUNCTION pgsodium.crypto_secretbox_keygen() RETURNS bytea
LANGUAGE sql RETURN pgsodium._kit_no_sodium('crypto_secretbox_keygen');
CREATE FUNCTION pgsodium.crypto_secretbox_noncegen() RETURNS bytea
LANGUAGE sql RETURN pgsodium._kit_no_sodium('crypto_secretbox_noncegen');
CREATE FUNCTION pgsodium.crypto_secretbox(message bytea, nonce bytea, key bytea) RETURNS bytea
LANGUAGE sql RETURN pgsodium._kit_no_sodium('crypto_secretbox');
CREATE FUNCTION pgsodium.crypto_secretbox_open(ciphertext bytea, nonce bytea, key bytea)
RETURNS bytea
LANGUAGE sql RETURN pgsodium._kit_no_sodium('crypto_secretbox_open');
CREATE FUNCTION pgsodium.crypto_aead_det_noncegen() RETURNS bytea
LANGUAGE sql RETURN pgsodium._kit_no_sodium('crypto_aead_det_noncegen');
CREATE FUNCTION pgsodium.crypto_aead_det_encrypt(
    message bytea, additional bytea, key_uuid uuid, nonce bytea DEFAULT NULL
) RETURNS bytea
LANGUAGE sql RETURN pgsodium._kit_no_sodium('crypto_aead_det_encrypt');
CREATE FUNCTION pgsodium.crypto_aead_det_decrypt(
    message bytea, additional bytea, key_uuid uuid, nonce bytea DEFAULT NULL
) RETURNS bytea
LANGUAGE sql RETURN pgsodium._kit_no_sodium('crypto_aead_det_decrypt');
