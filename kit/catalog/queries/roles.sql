-- Which of the given roles exist.
select rolname as role from pg_catalog.pg_roles where rolname = any(%(roles)s) order by rolname
