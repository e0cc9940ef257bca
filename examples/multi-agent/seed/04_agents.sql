-- Named agents: Kyra (active) and Atlas (draft) at Acme, Nova (active) at Globex.
insert into public.agent (
    id, team_id, name, slug, tagline, avatar_emoji, personality_prompt, model_name,
    model_config, memory_config, boundaries, skill_names, custom_skill_names,
    disabled_skill_names, status, created_by, created_at, updated_at
)
values
    ('30000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-000000000001',
     'Kyra', 'kyra', 'Your friendly AI companion', '🦊',
     'You are Kyra, a friendly and curious assistant. {memory_context} {skills}',
     'anthropic/claude-sonnet-4.5',
     '{"temperature": 0.7, "max_output_tokens": 4096}',
     '{"token_budget": 2000, "auto_extract": true, "summarize_interval": 20, "retrieval_weights": {"semantic": 0.35, "recency": 0.2, "importance": 0.2, "continuity": 0.15, "relationship": 0.1}}',
     '{"can_do": ["answer questions"], "cannot_do": ["give medical advice"], "max_autonomy": "suggest", "max_tool_calls_per_turn": 10}',
     '{web_search,summarize}', '{sql_review}', '{}', 'active',
     '10000000-0000-4000-8000-000000000001', '2026-01-10 09:00:00+00', '2026-01-10 09:00:00+00'),
    ('30000000-0000-4000-8000-000000000002', '20000000-0000-4000-8000-000000000001',
     'Atlas', 'atlas', 'Release notes, on time', '📦',
     'You are Atlas. You write concise release notes.',
     'openai/gpt-4.1-mini',
     '{"temperature": 0.2, "max_output_tokens": 2000}',
     '{"token_budget": 1000, "auto_extract": false}',
     '{"max_autonomy": "ask"}',
     '{summarize}', '{}', '{web_search}', 'draft',
     '10000000-0000-4000-8000-000000000004', '2026-01-11 09:00:00+00', '2026-01-11 09:00:00+00'),
    ('30000000-0000-4000-8000-000000000003', '20000000-0000-4000-8000-000000000002',
     'Nova', 'nova', 'Globex support, day and night', '🌟',
     'You are Nova, Globex''s support agent. Be empathetic and precise.',
     'anthropic/claude-sonnet-4.5',
     '{"temperature": 0.4, "max_output_tokens": 4096}',
     '{"token_budget": 3000, "auto_pin_preferences": true}',
     '{"cannot_do": ["give legal advice"], "escalates_to": null, "max_autonomy": "execute"}',
     '{ticket_lookup}', '{refund_policy}', '{}', 'active',
     '10000000-0000-4000-8000-000000000002', '2026-01-12 09:00:00+00', '2026-01-12 09:00:00+00')
on conflict (id) do nothing;
