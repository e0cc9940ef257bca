-- pg_net, as migrations and database webhooks see it: schema net, net.http_get/http_post/
-- http_delete with pg_net's signatures, the net._http_response table. The local stack has no
-- background worker sending HTTP, so a request raises instead of queueing one that never goes.

\echo Use "CREATE EXTENSION pg_net" to load this file. \quit

CREATE SCHEMA IF NOT EXISTS net;

CREATE UNLOGGED TABLE net._http_response (
    id bigint,
    status_code integer,
    content_type text,
    headers jsonb,
    content text,
    timed_out boolean,
    error_msg text,
    created timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX _http_response_created_idx ON net._http_response (created);

CREATE UNLOGGED TABLE net.http_request_queue (
    id bigserial,
    method text NOT NULL,
    url text NOT NULL,
    headers jsonb NOT NULL,
    body bytea,
    timeout_milliseconds integer NOT NULL
);

CREATE FUNCTION net._kit_no_http(call text) RETURNS bigint
LANGUAGE plpgsql SET search_path = ''
AS $$
BEGIN
    RAISE EXCEPTION 'pg_net: %() cannot send HTTP requests in the Maker Kit local stack', call
        USING ERRCODE = 'feature_not_supported',
              HINT = 'The local stack has no pg_net worker and no HTTP egress; see the "pg_net" '
                     'row of "Differences from a Supabase database" in the Maker Kit README.';
END
$$;

CREATE FUNCTION net.http_get(
    url text,
    params jsonb DEFAULT '{}'::jsonb,
    headers jsonb DEFAULT '{}'::jsonb,
    timeout_milliseconds integer DEFAULT 5000
) RETURNS bigint
LANGUAGE sql VOLATILE PARALLEL SAFE SET search_path = ''
RETURN net._kit_no_http('net.http_get');

CREATE FUNCTION net.http_post(
    url text,
    body jsonb DEFAULT '{}'::jsonb,
    params jsonb DEFAULT '{}'::jsonb,
    headers jsonb DEFAULT '{"Content-Type": "application/json"}'::jsonb,
    timeout_milliseconds integer DEFAULT 5000
) RETURNS bigint
LANGUAGE sql VOLATILE PARALLEL SAFE SET search_path = ''
RETURN net._kit_no_http('net.http_post');

CREATE FUNCTION net.http_delete(
    url text,
    params jsonb DEFAULT '{}'::jsonb,
    headers jsonb DEFAULT '{}'::jsonb,
    timeout_milliseconds integer DEFAULT 5000,
    body jsonb DEFAULT NULL
) RETURNS bigint
LANGUAGE sql VOLATILE PARALLEL SAFE SET search_path = ''
RETURN net._kit_no_http('net.http_delete');

-- As Supabase grants them (issue_pg_net_access), for the roles the cluster has.
DO $$
DECLARE
    grantee text;
BEGIN
    FOR grantee IN
        SELECT rolname FROM pg_roles
        WHERE rolname IN ('postgres', 'anon', 'authenticated', 'service_role',
                          'supabase_functions_admin')
    LOOP
        EXECUTE format('GRANT USAGE ON SCHEMA net TO %I', grantee);
        EXECUTE format('GRANT EXECUTE ON FUNCTION net.http_get(text, jsonb, jsonb, integer), '
                       'net.http_post(text, jsonb, jsonb, jsonb, integer), '
                       'net.http_delete(text, jsonb, jsonb, integer, jsonb) TO %I', grantee);
    END LOOP;
END
$$;
