-- pgjwt 0.2.0: HS256/HS384/HS512 JSON Web Tokens, signed with pgcrypto's hmac().
-- Written for the kit from RFC 7515/7519 and pgjwt's documented signatures.

\echo Use "CREATE EXTENSION pgjwt" to load this file. \quit

-- base64url without padding (RFC 7515 §2).
CREATE FUNCTION @extschema@.url_encode(data bytea) RETURNS text
LANGUAGE sql IMMUTABLE
RETURN translate(encode(data, 'base64'), E'+/=\n', '-_');

CREATE FUNCTION @extschema@.url_decode(data text) RETURNS bytea
LANGUAGE sql IMMUTABLE
RETURN decode(
    translate(data, '-_', '+/') || repeat('=', (4 - length(data) % 4) % 4), 'base64');

CREATE FUNCTION @extschema@.algorithm_sign(signables text, key text, algorithm text)
RETURNS text
LANGUAGE sql IMMUTABLE
RETURN @extschema@.url_encode(@extschema:pgcrypto@.hmac(
    signables, key,
    CASE algorithm WHEN 'HS256' THEN 'sha256' WHEN 'HS384' THEN 'sha384'
                   WHEN 'HS512' THEN 'sha512' ELSE '' END));

CREATE FUNCTION @extschema@.sign(payload json, secret text, algorithm text DEFAULT 'HS256')
RETURNS text
LANGUAGE sql IMMUTABLE
BEGIN ATOMIC
    SELECT signables || '.' || @extschema@.algorithm_sign(signables, secret, algorithm)
    FROM (
        SELECT @extschema@.url_encode(convert_to(
                   '{"alg":"' || algorithm || '","typ":"JWT"}', 'utf8'))
               || '.' || @extschema@.url_encode(convert_to(payload::text, 'utf8'))
               AS signables
    ) AS parts;
END;

CREATE FUNCTION @extschema@.try_cast_double(inp text) RETURNS double precision
LANGUAGE plpgsql IMMUTABLE
AS $$
BEGIN
    RETURN inp::double precision;
EXCEPTION WHEN OTHERS THEN
    RETURN NULL;
END
$$;

-- valid: the signature matches, and `exp`/`nbf` (when numeric) admit the current time.
CREATE FUNCTION @extschema@.verify(token text, secret text, algorithm text DEFAULT 'HS256')
RETURNS TABLE (header json, payload json, valid boolean)
LANGUAGE sql IMMUTABLE
BEGIN ATOMIC
    SELECT
        jwt.header AS header,
        jwt.payload AS payload,
        jwt.signature_ok
        AND coalesce(extract(epoch FROM CURRENT_TIMESTAMP)
                     < @extschema@.try_cast_double(jwt.payload ->> 'exp'), true)
        AND coalesce(extract(epoch FROM CURRENT_TIMESTAMP)
                     >= @extschema@.try_cast_double(jwt.payload ->> 'nbf'), true) AS valid
    FROM (
        SELECT
            convert_from(@extschema@.url_decode(r[1]), 'utf8')::json AS header,
            convert_from(@extschema@.url_decode(r[2]), 'utf8')::json AS payload,
            r[3] = @extschema@.algorithm_sign(r[1] || '.' || r[2], secret, algorithm)
                AS signature_ok
        FROM regexp_split_to_array(token, '\.') AS r
    ) AS jwt;
END;
