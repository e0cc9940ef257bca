-- Primary keys, unique constraints, foreign keys and CHECK constraints of the exposed schemas.
select
    n.nspname as schema,
    c.relname as relation,
    con.conname as name,
    con.contype::text as kind,
    array(
        select a.attname
        from unnest(con.conkey) with ordinality as k (attnum, ord)
        inner join pg_catalog.pg_attribute as a
            on a.attrelid = con.conrelid and a.attnum = k.attnum
        order by k.ord
    ) as columns,
    fn.nspname as ref_schema,
    fc.relname as ref_relation,
    array(
        select a.attname
        from unnest(con.confkey) with ordinality as k (attnum, ord)
        inner join pg_catalog.pg_attribute as a
            on a.attrelid = con.confrelid and a.attnum = k.attnum
        order by k.ord
    ) as ref_columns,
    pg_get_constraintdef(con.oid) as definition
from pg_catalog.pg_constraint as con
inner join pg_catalog.pg_class as c on con.conrelid = c.oid
inner join pg_catalog.pg_namespace as n on c.relnamespace = n.oid
left join pg_catalog.pg_class as fc on con.confrelid = fc.oid
left join pg_catalog.pg_namespace as fn on fc.relnamespace = fn.oid
where con.contype in ('p', 'u', 'f', 'c') and n.nspname = any(%(schemas)s)
order by n.nspname, c.relname, con.conname
