-- pg_jsonschema, as migrations see it: the four functions with their signatures, so CHECK
-- constraints that use them are created. The kit has no JSON Schema validator in the
-- database: a call raises (and so does a write such a CHECK guards) rather than passing data
-- it never checked.

\echo Use "CREATE EXTENSION pg_jsonschema" to load this file. \quit

CREATE FUNCTION @extschema@._kit_no_jsonschema(call text) RETURNS boolean
LANGUAGE plpgsql VOLATILE SET search_path = ''
AS $$
BEGIN
    RAISE EXCEPTION 'pg_jsonschema: %() cannot validate in the Maker Kit local stack', call
        USING ERRCODE = 'feature_not_supported',
              HINT = 'See the "pg_jsonschema" row of "Differences from a Supabase database" '
                     'in the Maker Kit README.';
END
$$;

CREATE FUNCTION @extschema@.json_matches_schema(schema json, instance json) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN @extschema@._kit_no_jsonschema('json_matches_schema');

CREATE FUNCTION @extschema@.jsonb_matches_schema(schema json, instance jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN @extschema@._kit_no_jsonschema('jsonb_matches_schema');

CREATE FUNCTION @extschema@.jsonschema_is_valid(schema json) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN @extschema@._kit_no_jsonschema('jsonschema_is_valid');

CREATE FUNCTION @extschema@.jsonschema_validation_errors(schema json, instance json)
RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE WHEN @extschema@._kit_no_jsonschema('jsonschema_validation_errors')
            THEN ARRAY[]::text[] END;
