-- What each of the given roles may do, per column and per function (grants only; RLS aside).
select
    r.rolname as role,
    n.nspname as schema,
    c.relname as relation,
    a.attname as column_name,
    has_column_privilege(r.oid, c.oid, a.attnum, 'SELECT') as can_select,
    has_column_privilege(r.oid, c.oid, a.attnum, 'INSERT') as can_insert,
    has_column_privilege(r.oid, c.oid, a.attnum, 'UPDATE') as can_update,
    has_table_privilege(r.oid, c.oid, 'DELETE') as can_delete
from pg_catalog.pg_roles as r
cross join pg_catalog.pg_class as c
inner join pg_catalog.pg_namespace as n on c.relnamespace = n.oid
inner join pg_catalog.pg_attribute as a on a.attrelid = c.oid and a.attnum > 0
where
    r.rolname = any(%(roles)s)
    and c.relkind in ('r', 'v', 'm', 'p', 'f')
    and n.nspname = any(%(schemas)s)
    and not a.attisdropped
order by r.rolname, n.nspname, c.relname, a.attnum
