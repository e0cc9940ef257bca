-- Row level security of every table in the given schemas: on or off, and its policies.
select
    n.nspname as schema,
    c.relname as relation,
    c.relrowsecurity as rls,
    coalesce(
        (
            select
                jsonb_agg(
                    jsonb_build_object(
                        'name', p.policyname,
                        'command', lower(p.cmd),
                        'roles', to_jsonb(p.roles),
                        'using', p.qual,
                        'check', p.with_check
                    )
                    order by p.policyname
                )
            from pg_catalog.pg_policies as p
            where p.schemaname = n.nspname and p.tablename = c.relname
        ),
        '[]'::jsonb
    ) as policies
from pg_catalog.pg_class as c
inner join pg_catalog.pg_namespace as n on c.relnamespace = n.oid
where n.nspname = any(%(schemas)s) and c.relkind in ('r', 'p')
order by n.nspname, c.relname
