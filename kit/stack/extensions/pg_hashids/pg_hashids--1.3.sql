-- pg_hashids 1.3: short ids from numbers (Hashids 1.0, as hashids.js and hashids.c), written
-- for the kit in PL/pgSQL from the published algorithm. ASCII salts and alphabets give the
-- real extension's ids; the functions keep its names, arguments and volatility.

\echo Use "CREATE EXTENSION pg_hashids" to load this file. \quit

-- The salt-driven, repeatable permutation every step of Hashids uses.
CREATE FUNCTION @extschema@._kit_hashids_shuffle(chars text[], salt text[]) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT
AS $$
DECLARE
    slen int := coalesce(array_length(salt, 1), 0);
    i int := coalesce(array_length(chars, 1), 0) - 1;
    v int := 0;
    p int := 0;
    c int;
    j int;
    swap text;
BEGIN
    IF slen = 0 THEN
        RETURN chars;
    END IF;
    WHILE i > 0 LOOP
        v := v % slen;
        c := ascii(salt[v + 1]);
        p := p + c;
        j := (c + v + p) % i;
        swap := chars[i + 1];
        chars[i + 1] := chars[j + 1];
        chars[j + 1] := swap;
        i := i - 1;
        v := v + 1;
    END LOOP;
    RETURN chars;
END
$$;

-- The alphabet split into letters, separators and guards for this salt.
CREATE FUNCTION @extschema@._kit_hashids_setup(
    salt text, alphabet text, OUT letters text[], OUT seps text[], OUT guards text[]
)
LANGUAGE plpgsql IMMUTABLE STRICT
AS $$
DECLARE
    salted text[] := string_to_array(salt, NULL);
    wanted int;
    guard_count int;
BEGIN
    SELECT array_agg(ch ORDER BY n) INTO letters
    FROM (SELECT DISTINCT ON (ch) ch, n
          FROM unnest(string_to_array(alphabet, NULL)) WITH ORDINALITY AS a(ch, n)
          ORDER BY ch, n) AS firsts;
    IF coalesce(array_length(letters, 1), 0) < 16 OR ' ' = ANY (letters) THEN
        RAISE EXCEPTION 'pg_hashids: the alphabet needs at least 16 unique characters and no spaces'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    seps := ARRAY(SELECT s FROM unnest(string_to_array('cfhistuCFHISTU', NULL))
                  WITH ORDINALITY AS d(s, n) WHERE s = ANY (letters) ORDER BY n);
    letters := ARRAY(SELECT l FROM unnest(letters) WITH ORDINALITY AS a(l, n)
                     WHERE NOT l = ANY (seps) ORDER BY n);
    seps := @extschema@._kit_hashids_shuffle(seps, salted);
    IF coalesce(array_length(seps, 1), 0) = 0
       OR array_length(letters, 1)::numeric / array_length(seps, 1) > 3.5 THEN
        wanted := greatest(ceil(array_length(letters, 1) / 3.5)::int, 2);
        IF wanted > coalesce(array_length(seps, 1), 0) THEN
            wanted := wanted - coalesce(array_length(seps, 1), 0);
            seps := seps || letters[1:wanted];
            letters := letters[wanted + 1:];
        ELSE
            seps := seps[1:wanted];
        END IF;
    END IF;
    letters := @extschema@._kit_hashids_shuffle(letters, salted);
    guard_count := ceil(array_length(letters, 1) / 12.0)::int;
    IF array_length(letters, 1) < 3 THEN
        guards := seps[1:guard_count];
        seps := seps[guard_count + 1:];
    ELSE
        guards := letters[1:guard_count];
        letters := letters[guard_count + 1:];
    END IF;
END
$$;

CREATE FUNCTION @extschema@._kit_hashids_encode(
    numbers bigint[], salt text, min_length int, alphabet text
) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT
AS $$
DECLARE
    setup record := @extschema@._kit_hashids_setup(salt, alphabet);
    letters text[] := setup.letters;
    n int := coalesce(array_length(numbers, 1), 0);
    alen int := array_length(letters, 1);
    values_hash bigint := 0;
    lottery text;
    ret text;
    last text;
    num bigint;
    half int;
    excess int;
BEGIN
    IF n = 0 THEN
        RETURN '';
    END IF;
    IF EXISTS (SELECT FROM unnest(numbers) AS x WHERE x < 0 OR x IS NULL) THEN
        RAISE EXCEPTION 'pg_hashids: only non-negative numbers can be encoded'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR i IN 0 .. n - 1 LOOP
        values_hash := values_hash + numbers[i + 1] % (i + 100);
    END LOOP;
    lottery := letters[values_hash % alen + 1];
    ret := lottery;
    FOR i IN 0 .. n - 1 LOOP
        num := numbers[i + 1];
        letters := @extschema@._kit_hashids_shuffle(
            letters, (ARRAY[lottery] || string_to_array(salt, NULL) || letters)[1:alen]);
        last := '';
        LOOP
            last := letters[num % alen + 1] || last;
            num := num / alen;
            EXIT WHEN num = 0;
        END LOOP;
        ret := ret || last;
        IF i + 1 < n THEN
            num := numbers[i + 1] % (ascii(last) + i);
            ret := ret || setup.seps[num % array_length(setup.seps, 1) + 1];
        END IF;
    END LOOP;
    IF length(ret) < min_length THEN
        ret := setup.guards[(values_hash + ascii(ret)) % array_length(setup.guards, 1) + 1] || ret;
        IF length(ret) < min_length THEN
            ret := ret || setup.guards[(values_hash + ascii(substr(ret, 3, 1)))
                                       % array_length(setup.guards, 1) + 1];
        END IF;
    END IF;
    half := alen / 2;
    WHILE length(ret) < min_length LOOP
        letters := @extschema@._kit_hashids_shuffle(letters, letters);
        ret := array_to_string(letters[half + 1:], '') || ret || array_to_string(letters[1:half], '');
        excess := length(ret) - min_length;
        IF excess > 0 THEN
            ret := substr(ret, excess / 2 + 1, min_length);
        END IF;
    END LOOP;
    RETURN ret;
END
$$;

CREATE FUNCTION @extschema@._kit_hashids_decode(
    hash text, salt text, min_length int, alphabet text
) RETURNS bigint[]
LANGUAGE plpgsql IMMUTABLE STRICT
AS $$
DECLARE
    setup record := @extschema@._kit_hashids_setup(salt, alphabet);
    letters text[] := setup.letters;
    alen int := array_length(letters, 1);
    parts text[];
    body text;
    lottery text;
    piece text;
    num bigint;
    result bigint[] := '{}';
BEGIN
    -- Guards and separators never occur in an alphabet, nor do spaces: split on spaces.
    parts := string_to_array(translate(hash, array_to_string(setup.guards, ''),
                                       repeat(' ', array_length(setup.guards, 1))), ' ');
    body := parts[CASE WHEN array_length(parts, 1) IN (2, 3) THEN 2 ELSE 1 END];
    IF coalesce(body, '') = '' THEN
        RETURN result;
    END IF;
    lottery := left(body, 1);
    body := translate(substr(body, 2), array_to_string(setup.seps, ''),
                      repeat(' ', array_length(setup.seps, 1)));
    FOREACH piece IN ARRAY string_to_array(body, ' ') LOOP
        letters := @extschema@._kit_hashids_shuffle(
            letters, (ARRAY[lottery] || string_to_array(salt, NULL) || letters)[1:alen]);
        num := 0;
        FOR k IN 1 .. length(piece) LOOP
            num := num * alen + array_position(letters, substr(piece, k, 1)) - 1;
        END LOOP;
        result := result || num;
    END LOOP;
    -- As Hashids: an id that does not encode back to itself decodes to nothing.
    IF @extschema@._kit_hashids_encode(result, salt, min_length, alphabet) IS DISTINCT FROM hash THEN
        RETURN '{}';
    END IF;
    RETURN result;
EXCEPTION WHEN numeric_value_out_of_range OR null_value_not_allowed THEN
    RETURN '{}';
END
$$;


-- pg_hashids 1.3's public functions: defaults are no salt, no minimum length and the

-- Hashids alphabet.

CREATE FUNCTION @extschema@.id_encode(bigint) RETURNS text
LANGUAGE sql IMMUTABLE STRICT
RETURN @extschema@._kit_hashids_encode(ARRAY[$1], '', 0, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890');

CREATE FUNCTION @extschema@.id_encode(bigint, text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT
RETURN @extschema@._kit_hashids_encode(ARRAY[$1], $2, 0, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890');

CREATE FUNCTION @extschema@.id_encode(bigint, text, int) RETURNS text
LANGUAGE sql IMMUTABLE STRICT
RETURN @extschema@._kit_hashids_encode(ARRAY[$1], $2, $3, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890');

CREATE FUNCTION @extschema@.id_encode(bigint, text, int, text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT
RETURN @extschema@._kit_hashids_encode(ARRAY[$1], $2, $3, $4);

CREATE FUNCTION @extschema@.id_encode(bigint[]) RETURNS text
LANGUAGE sql IMMUTABLE STRICT
RETURN @extschema@._kit_hashids_encode($1, '', 0, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890');

CREATE FUNCTION @extschema@.id_encode(bigint[], text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT
RETURN @extschema@._kit_hashids_encode($1, $2, 0, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890');

CREATE FUNCTION @extschema@.id_encode(bigint[], text, int) RETURNS text
LANGUAGE sql IMMUTABLE STRICT
RETURN @extschema@._kit_hashids_encode($1, $2, $3, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890');

CREATE FUNCTION @extschema@.id_encode(bigint[], text, int, text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT
RETURN @extschema@._kit_hashids_encode($1, $2, $3, $4);

CREATE FUNCTION @extschema@.id_decode(text) RETURNS bigint[]
LANGUAGE sql IMMUTABLE STRICT
RETURN @extschema@._kit_hashids_decode($1, '', 0, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890');

CREATE FUNCTION @extschema@.id_decode(text, text) RETURNS bigint[]
LANGUAGE sql IMMUTABLE STRICT
RETURN @extschema@._kit_hashids_decode($1, $2, 0, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890');

CREATE FUNCTION @extschema@.id_decode(text, text, int) RETURNS bigint[]
LANGUAGE sql IMMUTABLE STRICT
RETURN @extschema@._kit_hashids_decode($1, $2, $3, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890');

CREATE FUNCTION @extschema@.id_decode(text, text, int, text) RETURNS bigint[]
LANGUAGE sql IMMUTABLE STRICT
RETURN @extschema@._kit_hashids_decode($1, $2, $3, $4);

CREATE FUNCTION @extschema@.id_decode_once(text) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT
RETURN (@extschema@._kit_hashids_decode($1, '', 0, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890'))[1];

CREATE FUNCTION @extschema@.id_decode_once(text, text) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT
RETURN (@extschema@._kit_hashids_decode($1, $2, 0, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890'))[1];

CREATE FUNCTION @extschema@.id_decode_once(text, text, int) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT
RETURN (@extschema@._kit_hashids_decode($1, $2, $3, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890'))[1];

CREATE FUNCTION @extschema@.id_decode_once(text, text, int, text) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT
RETURN (@extschema@._kit_hashids_decode($1, $2, $3, $4))[1];


-- The 1.0 names, kept by 1.3.

CREATE FUNCTION @extschema@.hash_encode(bigint) RETURNS text
LANGUAGE sql IMMUTABLE STRICT
RETURN @extschema@._kit_hashids_encode(ARRAY[$1], '', 0, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890');

CREATE FUNCTION @extschema@.hash_encode(bigint, text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT
RETURN @extschema@._kit_hashids_encode(ARRAY[$1], $2, 0, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890');

CREATE FUNCTION @extschema@.hash_encode(bigint, text, int) RETURNS text
LANGUAGE sql IMMUTABLE STRICT
RETURN @extschema@._kit_hashids_encode(ARRAY[$1], $2, $3, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890');

CREATE FUNCTION @extschema@.hash_decode(text, text, int) RETURNS int
LANGUAGE sql IMMUTABLE STRICT
RETURN (@extschema@._kit_hashids_decode($1, $2, $3, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890'))[1];
