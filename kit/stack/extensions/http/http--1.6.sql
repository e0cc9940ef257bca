-- pgsql-http 1.6, as migrations see it: its types, http_header(), urlencode() and the byte
-- helpers work; every request (http() and the http_<method> shortcuts) raises, because the
-- local stack sends no HTTP.

\echo Use "CREATE EXTENSION http" to load this file. \quit

CREATE DOMAIN @extschema@.http_method AS text;
CREATE DOMAIN @extschema@.content_type AS text CHECK (VALUE ~ '^\S+\/\S+');

CREATE TYPE @extschema@.http_header AS (field varchar, value varchar);
CREATE TYPE @extschema@.http_response AS (
    status integer,
    content_type varchar,
    headers @extschema@.http_header[],
    content varchar
);
CREATE TYPE @extschema@.http_request AS (
    method @extschema@.http_method,
    uri varchar,
    headers @extschema@.http_header[],
    content_type varchar,
    content varchar
);

CREATE FUNCTION @extschema@.http(request @extschema@.http_request)
RETURNS @extschema@.http_response
LANGUAGE plpgsql SET search_path = ''
AS $$
BEGIN
    RAISE EXCEPTION 'http: % % cannot be sent from the Maker Kit local stack',
        request.method, request.uri
        USING ERRCODE = 'feature_not_supported',
              HINT = 'The local stack has no HTTP egress; see the "http" row of "Differences '
                     'from a Supabase database" in the Maker Kit README.';
END
$$;

CREATE FUNCTION @extschema@.http_set_curlopt(curlopt varchar, value varchar) RETURNS boolean
LANGUAGE plpgsql SET search_path = ''
AS $$
BEGIN
    RAISE EXCEPTION 'http: http_set_curlopt() has no effect in the Maker Kit local stack'
        USING ERRCODE = 'feature_not_supported',
              HINT = 'See the "http" row of "Differences from a Supabase database" in the '
                     'Maker Kit README.';
END
$$;

CREATE FUNCTION @extschema@.http_reset_curlopt() RETURNS boolean
LANGUAGE sql RETURN @extschema@.http_set_curlopt(NULL, NULL);

CREATE FUNCTION @extschema@.http_list_curlopt() RETURNS TABLE (curlopt text, value text)
LANGUAGE sql
BEGIN ATOMIC
    SELECT NULL::text, NULL::text WHERE @extschema@.http_set_curlopt(NULL, NULL);
END;

CREATE FUNCTION @extschema@.http_header(field varchar, value varchar)
RETURNS @extschema@.http_header
LANGUAGE sql RETURN ROW(field, value)::@extschema@.http_header;

CREATE FUNCTION @extschema@.http_get(uri varchar) RETURNS @extschema@.http_response
LANGUAGE sql
RETURN @extschema@.http(ROW('GET', uri, NULL, NULL, NULL)::@extschema@.http_request);

CREATE FUNCTION @extschema@.http_post(uri varchar, content varchar, content_type varchar)
RETURNS @extschema@.http_response
LANGUAGE sql
RETURN @extschema@.http(ROW('POST', uri, NULL, content_type, content)::@extschema@.http_request);

CREATE FUNCTION @extschema@.http_put(uri varchar, content varchar, content_type varchar)
RETURNS @extschema@.http_response
LANGUAGE sql
RETURN @extschema@.http(ROW('PUT', uri, NULL, content_type, content)::@extschema@.http_request);

CREATE FUNCTION @extschema@.http_patch(uri varchar, content varchar, content_type varchar)
RETURNS @extschema@.http_response
LANGUAGE sql
RETURN @extschema@.http(ROW('PATCH', uri, NULL, content_type, content)::@extschema@.http_request);

CREATE FUNCTION @extschema@.http_delete(uri varchar) RETURNS @extschema@.http_response
LANGUAGE sql
RETURN @extschema@.http(ROW('DELETE', uri, NULL, NULL, NULL)::@extschema@.http_request);

CREATE FUNCTION @extschema@.http_delete(uri varchar, content varchar, content_type varchar)
RETURNS @extschema@.http_response
LANGUAGE sql
RETURN @extschema@.http(
    ROW('DELETE', uri, NULL, content_type, content)::@extschema@.http_request);

CREATE FUNCTION @extschema@.http_head(uri varchar) RETURNS @extschema@.http_response
LANGUAGE sql
RETURN @extschema@.http(ROW('HEAD', uri, NULL, NULL, NULL)::@extschema@.http_request);

-- Percent-encoding as curl_easy_escape does it: every byte but A-Z a-z 0-9 - . _ ~.
CREATE FUNCTION @extschema@.urlencode(string bytea) RETURNS text
LANGUAGE sql IMMUTABLE STRICT
BEGIN ATOMIC
    SELECT coalesce(string_agg(
        CASE WHEN b BETWEEN 48 AND 57 OR b BETWEEN 65 AND 90 OR b BETWEEN 97 AND 122
                  OR b IN (45, 46, 95, 126) THEN chr(b)
             ELSE '%' || upper(lpad(to_hex(b), 2, '0')) END, '' ORDER BY i), '')
    FROM generate_series(0, length(string) - 1) AS i,
         LATERAL get_byte(string, i) AS b;
END;

CREATE FUNCTION @extschema@.urlencode(string varchar) RETURNS text
LANGUAGE sql IMMUTABLE STRICT
RETURN @extschema@.urlencode(convert_to(string, 'UTF8'));

-- key=value pairs joined with &, each side percent-encoded.
CREATE FUNCTION @extschema@.urlencode(data jsonb) RETURNS text
LANGUAGE sql IMMUTABLE STRICT
BEGIN ATOMIC
    SELECT coalesce(string_agg(
        @extschema@.urlencode(key::varchar) || '=' || @extschema@.urlencode(value::varchar),
        '&'), '')
    FROM jsonb_each_text(data);
END;

CREATE FUNCTION @extschema@.http_get(uri varchar, data jsonb) RETURNS @extschema@.http_response
LANGUAGE sql
RETURN @extschema@.http(ROW('GET', uri || '?' || @extschema@.urlencode(data), NULL, NULL,
                            NULL)::@extschema@.http_request);

CREATE FUNCTION @extschema@.http_post(uri varchar, data jsonb) RETURNS @extschema@.http_response
LANGUAGE sql
RETURN @extschema@.http(ROW('POST', uri, NULL, 'application/x-www-form-urlencoded',
                            @extschema@.urlencode(data))::@extschema@.http_request);

CREATE FUNCTION @extschema@.text_to_bytea(data text) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT RETURN convert_to(data, pg_catalog.getdatabaseencoding());

CREATE FUNCTION @extschema@.bytea_to_text(data bytea) RETURNS text
LANGUAGE sql IMMUTABLE STRICT RETURN convert_from(data, pg_catalog.getdatabaseencoding());
