-- Functions of the exposed schemas that PostgREST can call (not from extensions).
select
    n.nspname as schema,
    p.proname as name,
    p.oid::regprocedure::text as signature,
    coalesce(p.proargnames, '{}') as arg_names,
    coalesce(p.proargmodes::text[], '{}') as arg_modes,
    array(
        select format_type(u.t, null)
        from unnest(p.proargtypes) with ordinality as u (t, ord)
        order by u.ord
    ) as arg_types,
    array(
        select coalesce(elem.typname, t.typname)
        from unnest(p.proargtypes) with ordinality as u (t, ord)
        inner join pg_catalog.pg_type as t on u.t = t.oid
        left join pg_catalog.pg_type as elem on elem.oid = t.typelem and t.typlen = -1
        order by u.ord
    ) as arg_base_types,
    array(
        select elem.oid is not null
        from unnest(p.proargtypes) with ordinality as u (t, ord)
        inner join pg_catalog.pg_type as t on u.t = t.oid
        left join pg_catalog.pg_type as elem on elem.oid = t.typelem and t.typlen = -1
        order by u.ord
    ) as arg_is_array,
    -- Every argument, OUT and TABLE columns included (empty when all are IN).
    array(
        select format_type(u.t, null)
        from unnest(p.proallargtypes) with ordinality as u (t, ord)
        order by u.ord
    ) as all_arg_types,
    array(
        select coalesce(elem.typname, t.typname)
        from unnest(p.proallargtypes) with ordinality as u (t, ord)
        inner join pg_catalog.pg_type as t on u.t = t.oid
        left join pg_catalog.pg_type as elem on elem.oid = t.typelem and t.typlen = -1
        order by u.ord
    ) as all_arg_base_types,
    array(
        select elem.oid is not null
        from unnest(p.proallargtypes) with ordinality as u (t, ord)
        inner join pg_catalog.pg_type as t on u.t = t.oid
        left join pg_catalog.pg_type as elem on elem.oid = t.typelem and t.typlen = -1
        order by u.ord
    ) as all_arg_is_array,
    p.pronargdefaults as n_defaults,
    p.proretset as returns_set,
    format_type(p.prorettype, null) as return_type,
    rt.typname as return_base_type,
    rn.nspname as return_schema,
    rc.relname as return_relation,
    p.provolatile::text as volatility,
    obj_description(p.oid, 'pg_proc') as comment
from pg_catalog.pg_proc as p
inner join pg_catalog.pg_namespace as n on p.pronamespace = n.oid
inner join pg_catalog.pg_type as rt on p.prorettype = rt.oid
left join pg_catalog.pg_class as rc on rt.typrelid = rc.oid and rc.relkind in ('r', 'v', 'm', 'p', 'f')
left join pg_catalog.pg_namespace as rn on rc.relnamespace = rn.oid
where
    p.prokind = 'f'
    and n.nspname = any(%(schemas)s)
    and not exists (
        select from pg_catalog.pg_depend as dep
        where dep.objid = p.oid and dep.deptype = 'e'
    )
order by n.nspname, p.proname, p.oid::regprocedure::text
