-- The gateway's schema cache in one round trip: relations, columns, keys, functions and the
-- per-role settings PostgREST applies as transaction-local settings. %(schemas)s = exposed schemas.
with rels as (
    select c.oid, n.nspname as schema, c.relname as name, c.relkind as kind,
        obj_description(c.oid, 'pg_class') as description,
        pg_catalog.pg_relation_is_updatable(c.oid::regclass, true) as updatable
    from pg_catalog.pg_class as c
    inner join pg_catalog.pg_namespace as n on c.relnamespace = n.oid
    where c.relkind in ('r', 'v', 'm', 'f', 'p') and n.nspname = any(%(schemas)s)
),

cols as (
    select r.schema, r.name, a.attname as column_name, a.attnum as position,
        pg_catalog.format_type(a.atttypid, a.atttypmod) as type,
        coalesce(bt.typname, t.typname) as udt,
        t.typcategory = 'A' as is_array,
        not a.attnotnull as nullable,
        a.attgenerated <> '' or a.attidentity = 'a' as generated,
        pg_catalog.pg_get_expr(d.adbin, d.adrelid) as default_expr,
        pg_catalog.col_description(r.oid, a.attnum) as description,
        case when t.typname in ('varchar', 'bpchar') and a.atttypmod > 4 then a.atttypmod - 4 end
        as max_length,
        array(
            select e.enumlabel from pg_catalog.pg_enum as e
            where e.enumtypid = coalesce(bt.oid, t.oid) order by e.enumsortorder
        ) as enum_values
    from rels as r
    inner join pg_catalog.pg_attribute as a on a.attrelid = r.oid
    inner join pg_catalog.pg_type as t on a.atttypid = t.oid
    left join pg_catalog.pg_type as bt on t.typtype = 'd' and t.typbasetype = bt.oid
    left join pg_catalog.pg_attrdef as d on d.adrelid = a.attrelid and d.adnum = a.attnum
    where a.attnum > 0 and not a.attisdropped
),

cons as (
    select con.contype as kind, con.conname as name, n.nspname as schema, c.relname as table_name,
        array(
            select a.attname from unnest(con.conkey) with ordinality as k (num, ord)
            inner join pg_catalog.pg_attribute as a on a.attrelid = con.conrelid and a.attnum = k.num
            order by k.ord
        ) as columns,
        fn.nspname as foreign_schema, fc.relname as foreign_table,
        array(
            select a.attname from unnest(con.confkey) with ordinality as k (num, ord)
            inner join pg_catalog.pg_attribute as a on a.attrelid = con.confrelid and a.attnum = k.num
            order by k.ord
        ) as foreign_columns
    from pg_catalog.pg_constraint as con
    inner join pg_catalog.pg_class as c on con.conrelid = c.oid
    inner join pg_catalog.pg_namespace as n on c.relnamespace = n.oid
    left join pg_catalog.pg_class as fc on con.confrelid = fc.oid
    left join pg_catalog.pg_namespace as fn on fc.relnamespace = fn.oid
    where con.contype in ('p', 'u', 'f') and n.nspname = any(%(schemas)s)
),

funcs as (
    select n.nspname as schema, p.proname as name, p.provolatile as volatility,
        p.proretset as returns_set, p.pronargs as nargs, p.pronargdefaults as ndefaults,
        pg_catalog.format_type(p.prorettype, null) as return_type,
        rt.typtype as return_typtype,
        p.prorettype = 'pg_catalog.void'::pg_catalog.regtype as returns_void,
        rn.nspname as return_schema, rc.relname as return_table,
        coalesce(p.proargnames, '{}') as arg_names,
        coalesce(p.proargmodes::text[], '{}') as arg_modes,
        array(
            select pg_catalog.format_type(t.oid, null)
            from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality as x (oid, ord)
            inner join pg_catalog.pg_type as t on x.oid = t.oid
            order by x.ord
        ) as arg_types,
        pg_catalog.obj_description(p.oid, 'pg_proc') as description,
        p.prorows as est_rows,
        -- A function of one table row: a computed relationship candidate.
        (
            select pg_catalog.jsonb_build_array(an.nspname, ac.relname)
            from pg_catalog.pg_type as at
            inner join pg_catalog.pg_class as ac on at.typrelid = ac.oid
            inner join pg_catalog.pg_namespace as an on ac.relnamespace = an.oid
            where p.pronargs = 1 and at.oid = p.proargtypes[0]
        ) as arg_table
    from pg_catalog.pg_proc as p
    inner join pg_catalog.pg_namespace as n on p.pronamespace = n.oid
    inner join pg_catalog.pg_type as rt on p.prorettype = rt.oid
    left join pg_catalog.pg_class as rc on rt.typrelid = rc.oid and rt.typrelid <> 0
    left join pg_catalog.pg_namespace as rn on rc.relnamespace = rn.oid
    where p.prokind = 'f' and n.nspname = any(%(schemas)s)
),

-- Base-table columns each view reads (through its rewrite rule), to give views the foreign
-- keys of their tables, as PostgREST does.
view_deps as (
    select distinct vn.nspname as view_schema, v.relname as view_name,
        tn.nspname as table_schema, t.relname as table_name, a.attname as column_name
    from pg_catalog.pg_class as v
    inner join pg_catalog.pg_namespace as vn on v.relnamespace = vn.oid
    inner join pg_catalog.pg_rewrite as r on r.ev_class = v.oid
    inner join pg_catalog.pg_depend as d
        on
            d.objid = r.oid
            and d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass
            and d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
            and d.refobjsubid > 0
    inner join pg_catalog.pg_class as t on d.refobjid = t.oid and t.oid <> v.oid
    inner join pg_catalog.pg_namespace as tn on t.relnamespace = tn.oid
    inner join pg_catalog.pg_attribute as a on a.attrelid = t.oid and a.attnum = d.refobjsubid
    where v.relkind in ('v', 'm') and vn.nspname = any(%(schemas)s)
),

settings as (
    select r.rolname as role, s.setconfig as config, s.setdatabase as database
    from pg_catalog.pg_db_role_setting as s
    inner join pg_catalog.pg_roles as r on s.setrole = r.oid
    where s.setdatabase in (
        0, (select d.oid from pg_catalog.pg_database as d where d.datname = current_database())
    )
)

select json_build_object(
    'relations', (select coalesce(json_agg(r.* order by r.schema, r.name), '[]') from rels as r),
    'columns', (
        select coalesce(json_agg(c.* order by c.schema, c.name, c.position), '[]') from cols as c
    ),
    'constraints', (select coalesce(json_agg(k.* order by k.name), '[]') from cons as k),
    'functions', (select coalesce(json_agg(f.* order by f.schema, f.name), '[]') from funcs as f),
    -- database-specific settings after global ones, so they win
    'settings', (select coalesce(json_agg(s.* order by s.database), '[]') from settings as s),
    'user', current_user,
    'view_deps', (select coalesce(json_agg(v.*), '[]') from view_deps as v),
    'roles', (select json_agg(r.rolname) from pg_catalog.pg_roles as r)
)::text
