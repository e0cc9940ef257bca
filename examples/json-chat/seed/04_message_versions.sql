-- Message 6 was edited once (the amount was wrong): version 1 is the original, version 2 the
-- content the message holds now.
insert into public.message_versions (
    id, message_id, version_number, content, metadata, changed_by, change_reason, created_at
)
values
    ('61000000-0000-4000-8000-000000000001', '60000000-0000-4000-8000-000000000006', 1,
     '{"type": "text", "text": "I have refunded 43.90 EUR for order BK-1042. It reaches your card in 3 to 5 working days."}',
     '{"tokens": {"total": 29}, "confidence": 0.97}', null, 'original', '2026-11-12 14:01:00+00'),
    ('61000000-0000-4000-8000-000000000002', '60000000-0000-4000-8000-000000000006', 2,
     '{"type": "text", "text": "I have refunded 34.90 EUR for order BK-1042. It reaches your card in 3 to 5 working days."}',
     '{"tokens": {"total": 29}, "confidence": 0.97}', '10000000-0000-4000-8000-000000000001',
     'amount corrected to match the order total', '2026-11-12 14:03:00+00')
on conflict (id) do nothing;
