-- pg_cron 1.6, as migrations see it: cron.job, cron.job_run_details, schedule, unschedule,
-- alter_job, schedule_in_database. Jobs are recorded (with pg_cron's checks) but the local
-- stack has no scheduler: scheduling one says so with a WARNING, and nothing ever runs.

\echo Use "CREATE EXTENSION pg_cron" to load this file. \quit

CREATE SCHEMA cron;

CREATE TABLE cron.job (
    jobid bigserial PRIMARY KEY,
    schedule text NOT NULL,
    command text NOT NULL,
    nodename text NOT NULL DEFAULT 'localhost',
    nodeport integer NOT NULL DEFAULT inet_server_port(),
    database text NOT NULL DEFAULT current_database(),
    username text NOT NULL DEFAULT current_user,
    active boolean NOT NULL DEFAULT true,
    jobname text,
    CONSTRAINT jobname_username_uniq UNIQUE (jobname, username)
);

CREATE TABLE cron.job_run_details (
    jobid bigint,
    runid bigserial PRIMARY KEY,
    job_pid integer,
    database text,
    username text,
    command text,
    status text,
    return_message text,
    start_time timestamptz,
    end_time timestamptz
);

SELECT pg_catalog.pg_extension_config_dump('cron.job', '');
SELECT pg_catalog.pg_extension_config_dump('cron.job_run_details', '');

ALTER TABLE cron.job ENABLE ROW LEVEL SECURITY;
ALTER TABLE cron.job_run_details ENABLE ROW LEVEL SECURITY;
CREATE POLICY cron_job_policy ON cron.job USING (username = current_user);
CREATE POLICY cron_job_run_details_policy ON cron.job_run_details
    USING (username = current_user);
-- pg_cron lets each user manage their own jobs; here its functions run as the caller, so the
-- caller writes cron.job itself, and row level security keeps it to its own rows.
GRANT USAGE ON SCHEMA cron TO PUBLIC;
GRANT SELECT ON cron.job, cron.job_run_details TO PUBLIC;
GRANT INSERT, UPDATE, DELETE ON cron.job TO PUBLIC;
GRANT USAGE ON SEQUENCE cron.job_jobid_seq TO PUBLIC;

-- pg_cron accepts five cron fields, '[1-59] seconds', and the @-shortcuts.
CREATE FUNCTION cron._kit_check_schedule(schedule text) RETURNS void
LANGUAGE plpgsql IMMUTABLE SET search_path = ''
AS $$
BEGIN
    IF schedule !~* '^\s*(@(yearly|annually|monthly|weekly|daily|hourly|reboot)'
        '|([1-9]|[1-5][0-9]) seconds?'
        '|[0-9a-z*,/\-$]+(\s+[0-9a-z*,/\-$]+){4})\s*$' THEN
        RAISE EXCEPTION 'invalid schedule: %', schedule
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Use cron format (e.g. 5 4 * * *), or interval format ''[1-59] seconds''';
    END IF;
END
$$;

CREATE FUNCTION cron._kit_never_runs(job bigint, job_name text) RETURNS void
LANGUAGE plpgsql SET search_path = ''
AS $$
BEGIN
    RAISE WARNING 'pg_cron: job % (%) is recorded but never runs in the Maker Kit local stack',
        job, coalesce(job_name, 'unnamed')
        USING HINT = 'There is no scheduler locally; see the "pg_cron" row of "Differences '
                     'from a Supabase database" in the Maker Kit README.';
END
$$;

CREATE FUNCTION cron.schedule_in_database(
    job_name text,
    schedule text,
    command text,
    database text,
    username text DEFAULT NULL,
    active boolean DEFAULT true
) RETURNS bigint
LANGUAGE plpgsql SET search_path = ''
AS $$
DECLARE
    owner text := coalesce(username, current_user);
    job bigint;
BEGIN
    PERFORM cron._kit_check_schedule(schedule);
    IF job_name IS NULL THEN
        INSERT INTO cron.job (schedule, command, database, username, active)
        VALUES (schedule, command, database, owner, active)
        RETURNING jobid INTO job;
    ELSE
        -- As pg_cron: a name already scheduled by this user is updated in place.
        INSERT INTO cron.job (schedule, command, database, username, active, jobname)
        VALUES (schedule, command, database, owner, active, job_name)
        ON CONFLICT ON CONSTRAINT jobname_username_uniq DO UPDATE
        SET schedule = excluded.schedule, command = excluded.command,
            database = excluded.database, active = excluded.active
        RETURNING jobid INTO job;
    END IF;
    PERFORM cron._kit_never_runs(job, job_name);
    RETURN job;
END
$$;

CREATE FUNCTION cron.schedule(job_name text, schedule text, command text) RETURNS bigint
LANGUAGE sql SET search_path = ''
RETURN cron.schedule_in_database(job_name, schedule, command, current_database());

CREATE FUNCTION cron.schedule(schedule text, command text) RETURNS bigint
LANGUAGE sql SET search_path = ''
RETURN cron.schedule_in_database(NULL, schedule, command, current_database());

CREATE FUNCTION cron.unschedule(job_id bigint) RETURNS boolean
LANGUAGE plpgsql SET search_path = ''
AS $$
BEGIN
    DELETE FROM cron.job WHERE jobid = job_id AND username = current_user;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'could not find valid entry for job %', job_id;
    END IF;
    RETURN true;
END
$$;

CREATE FUNCTION cron.unschedule(job_name text) RETURNS boolean
LANGUAGE plpgsql SET search_path = ''
AS $$
BEGIN
    DELETE FROM cron.job WHERE jobname = job_name AND username = current_user;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'could not find valid entry for job ''%''', job_name;
    END IF;
    RETURN true;
END
$$;

CREATE FUNCTION cron.alter_job(
    job_id bigint,
    schedule text DEFAULT NULL,
    command text DEFAULT NULL,
    database text DEFAULT NULL,
    username text DEFAULT NULL,
    active boolean DEFAULT NULL
) RETURNS void
LANGUAGE plpgsql SET search_path = ''
AS $$
BEGIN
    IF schedule IS NOT NULL THEN
        PERFORM cron._kit_check_schedule(schedule);
    END IF;
    UPDATE cron.job AS j
    SET schedule = coalesce(alter_job.schedule, j.schedule),
        command = coalesce(alter_job.command, j.command),
        database = coalesce(alter_job.database, j.database),
        username = coalesce(alter_job.username, j.username),
        active = coalesce(alter_job.active, j.active)
    WHERE j.jobid = job_id AND j.username = current_user;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'could not find valid entry for job %', job_id;
    END IF;
END
$$;
