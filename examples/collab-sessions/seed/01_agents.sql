-- The background agents of source document 003, plus one that is offline.
insert into public.agents (id, name, capabilities, status, metadata)
values
    ('memory_keeper', 'Memory Keeper', '{store_memory,query_memories,consolidate}', 'active',
     '{"version": "1.2.0", "max_batch": 50}'),
    ('conversation_processor', 'Conversation Processor', '{chunk,summarize,extract_action_items}',
     'idle', '{"version": "1.0.3", "chunk_size": 4000}'),
    ('research_agent', 'Research Agent', '{web_search,summarize}', 'offline',
     '{"version": "0.1.0", "note": "planned in Next Steps"}')
on conflict (id) do nothing;
