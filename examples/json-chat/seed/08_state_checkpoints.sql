-- Checkpoints copy a state's partitions (and its hash) from agent_states, as create_checkpoint
-- does, so the seed stays consistent with the states above.
with wanted (id, state_id, checkpoint_type, trigger_reason, retention_policy, expires_at, created_at) as (
    values
    ('81000000-0000-4000-8000-000000000001'::uuid, '80000000-0000-4000-8000-000000000001'::uuid,
     'milestone', 'support queue set up', 'permanent', null::timestamptz, '2026-11-01 08:00:05+00'::timestamptz),
    ('81000000-0000-4000-8000-000000000002'::uuid, '80000000-0000-4000-8000-000000000002'::uuid,
     'automatic', 'after refund BK-1042', 'temporary', '2099-01-01 00:00:00+00'::timestamptz,
     '2026-11-12 14:01:05+00'::timestamptz),
    ('81000000-0000-4000-8000-000000000003'::uuid, '80000000-0000-4000-8000-000000000003'::uuid,
     'manual', 'before switching research topic', 'archive', null::timestamptz,
     '2026-11-11 16:00:05+00'::timestamptz)
),

snapshot as (
    select
        s.id as state_id,
        s.agent_id,
        jsonb_build_object(
            'version', s.version,
            'state_hash', s.state_hash,
            'local_state', s.local_state,
            'shared_state', coalesce(s.shared_state, '{}'),
            'session_state', coalesce(s.session_state, '{}'),
            'persistent_state', s.persistent_state
        ) as state_data
    from public.agent_states as s
)

insert into public.state_checkpoints (
    id, agent_id, state_id, checkpoint_type, trigger_reason, state_data, size_bytes,
    restoration_count, retention_policy, expires_at, created_at
)
select
    w.id,
    snap.agent_id,
    w.state_id,
    w.checkpoint_type,
    w.trigger_reason,
    snap.state_data,
    octet_length(snap.state_data::text) as size_bytes,
    0 as restoration_count,
    w.retention_policy,
    w.expires_at,
    w.created_at
from wanted as w
inner join snapshot as snap on w.state_id = snap.state_id
on conflict (id) do nothing;
