-- Two tenants; the webhook secret is a placeholder, never a real one.
insert into public.team (
    id, name, slug, owner_id, settings, shared_skill_names, webhook_url, webhook_secret,
    conversation_retention_days, created_at, updated_at
)
values
    ('20000000-0000-4000-8000-000000000001', 'Acme Platform', 'acme',
     '10000000-0000-4000-8000-000000000001', '{"default_language": "en-GB", "timezone": "Europe/London"}',
     '{web_search,summarize}', 'https://hooks.acme.example/agents', 'whsec_placeholder_acme', 90,
     '2026-01-05 09:10:00+00', '2026-01-05 09:10:00+00'),
    ('20000000-0000-4000-8000-000000000002', 'Globex Support', 'globex-support',
     '10000000-0000-4000-8000-000000000002', '{"default_language": "en-US"}',
     '{ticket_lookup}', null, null, null,
     '2026-01-06 10:10:00+00', '2026-01-06 10:10:00+00')
on conflict (id) do nothing;
