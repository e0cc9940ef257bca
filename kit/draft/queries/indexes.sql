-- The leading column of every index of the tables in the given schemas (filterable fast).
select distinct
    n.nspname as schema,
    c.relname as relation,
    a.attname as column_name
from pg_catalog.pg_index as i
inner join pg_catalog.pg_class as c on i.indrelid = c.oid
inner join pg_catalog.pg_namespace as n on c.relnamespace = n.oid
inner join pg_catalog.pg_attribute as a
    on a.attrelid = c.oid and a.attnum = i.indkey[0]
where n.nspname = any(%(schemas)s) and i.indkey[0] > 0
order by 1, 2, 3
