-- pg_graphql, as migrations see it: schema graphql and graphql.resolve(). The kit's local
-- stack serves REST only; resolving a GraphQL query raises instead of answering wrongly.

\echo Use "CREATE EXTENSION pg_graphql" to load this file. \quit

CREATE SCHEMA IF NOT EXISTS graphql;

CREATE FUNCTION graphql.resolve(
    query text,
    variables jsonb DEFAULT '{}'::jsonb,
    "operationName" text DEFAULT NULL,
    extensions jsonb DEFAULT NULL
) RETURNS jsonb
LANGUAGE plpgsql SET search_path = ''
AS $$
BEGIN
    RAISE EXCEPTION 'pg_graphql: graphql.resolve() cannot answer GraphQL in the Maker Kit local stack'
        USING ERRCODE = 'feature_not_supported',
              HINT = 'The local stack serves /rest/v1 only; see the "pg_graphql" row of '
                     '"Differences from a Supabase database" in the Maker Kit README.';
END
$$;

GRANT USAGE ON SCHEMA graphql TO PUBLIC;
