-- Every column of every table and view in the exposed schemas, in table order.
select
    n.nspname as schema,
    c.relname as relation,
    c.relkind::text as kind,
    obj_description(c.oid, 'pg_class') as relation_comment,
    a.attname as name,
    format_type(a.atttypid, a.atttypmod) as type,
    -- The type that decides the JSON shape: a domain's base type, an array's element type.
    coalesce(elem.typname, base.typname, t.typname) as base_type,
    coalesce(elem.typtype, base.typtype, t.typtype)::text as base_kind,
    elem.oid is not null as is_array,
    a.attnotnull as not_null,
    pg_get_expr(d.adbin, d.adrelid) as column_default,
    a.attidentity <> '' as is_identity,
    a.attgenerated <> '' as is_generated,
    col_description(c.oid, a.attnum) as comment,
    array(
        select e.enumlabel
        from pg_catalog.pg_enum as e
        where e.enumtypid = coalesce(elem.oid, base.oid, t.oid)
        order by e.enumsortorder
    ) as enum_labels
from pg_catalog.pg_class as c
inner join pg_catalog.pg_namespace as n on c.relnamespace = n.oid
inner join pg_catalog.pg_attribute as a on a.attrelid = c.oid and a.attnum > 0
inner join pg_catalog.pg_type as t on a.atttypid = t.oid
left join pg_catalog.pg_type as base on t.typtype = 'd' and t.typbasetype = base.oid
left join pg_catalog.pg_type as elem
    on elem.oid = coalesce(base.typelem, t.typelem) and coalesce(base.typlen, t.typlen) = -1
left join pg_catalog.pg_attrdef as d on d.adrelid = c.oid and d.adnum = a.attnum
where
    c.relkind in ('r', 'v', 'm', 'p', 'f')
    and n.nspname = any(%(schemas)s)
    and not a.attisdropped
order by n.nspname, c.relname, a.attnum
