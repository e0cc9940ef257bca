-- The two episodes of the BK-1042 case, summarised into one semantic memory.
insert into public.memory_consolidations (
    id, agent_id, source_memories, consolidated_memory_id, consolidation_type, tokens_saved, created_at
)
values
    ('71000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-000000000001',
     '{70000000-0000-4000-8000-000000000001,70000000-0000-4000-8000-000000000002}',
     '70000000-0000-4000-8000-000000000010', 'summarize', 38, '2026-11-12 15:00:00+00'),
    ('71000000-0000-4000-8000-000000000002', '20000000-0000-4000-8000-000000000002',
     '{70000000-0000-4000-8000-000000000006,70000000-0000-4000-8000-000000000007}',
     null, 'abstract', 0, '2026-11-11 17:00:00+00')
on conflict (id) do nothing;
