-- Which of the given roles may execute each function of the exposed schemas.
select
    r.rolname as role,
    p.oid::regprocedure::text as signature
from pg_catalog.pg_roles as r
cross join pg_catalog.pg_proc as p
inner join pg_catalog.pg_namespace as n on p.pronamespace = n.oid
where
    r.rolname = any(%(roles)s)
    and p.prokind = 'f'
    and n.nspname = any(%(schemas)s)
    and has_function_privilege(r.oid, p.oid, 'EXECUTE')
order by r.rolname, p.oid::regprocedure::text
