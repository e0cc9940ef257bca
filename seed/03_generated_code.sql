-- Archived components, linked to the message that produced them.
insert into public.generated_code (
    id, conversation_id, message_id, component_name, code, prompt, variant_label, created_at
)
values
    ('e0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000001',
     'd0000000-0000-4000-8000-000000000003', 'PricingHero',
     'export function PricingHero() { return <section className="py-24 text-center"><h1>Simple pricing</h1></section>; }',
     'Build a hero section for a pricing page with a headline and two buttons.', 'default',
     '2026-11-02 09:00:25+00'),
    ('e0000000-0000-4000-8000-000000000002', 'c0000000-0000-4000-8000-000000000002',
     'd0000000-0000-4000-8000-000000000006', 'SettingsPanel',
     'export function SettingsPanel() { return <form><label>Dark mode <input type="checkbox" /></label></form>; }',
     'I need a settings panel with a dark mode toggle.', 'default',
     '2026-11-03 14:30:30+00'),
    ('e0000000-0000-4000-8000-000000000003', 'c0000000-0000-4000-8000-000000000003',
     'd0000000-0000-4000-8000-000000000008', 'KpiGrid',
     'export function KpiGrid() { return <div className="grid gap-2" />; }',
     'Four KPI cards: revenue, users, churn, NPS.', 'dense',
     '2026-11-04 08:15:40+00'),
    ('e0000000-0000-4000-8000-000000000004', 'c0000000-0000-4000-8000-000000000003',
     'd0000000-0000-4000-8000-000000000008', 'KpiGrid',
     'export function KpiGrid() { return <div className="grid gap-8" />; }',
     'Four KPI cards: revenue, users, churn, NPS.', 'airy',
     '2026-11-04 08:15:41+00'),
    ('e0000000-0000-4000-8000-000000000005', 'c0000000-0000-4000-8000-000000000005',
     'd0000000-0000-4000-8000-000000000011', 'LoginForm',
     'export function LoginForm() { return <form noValidate><input type="email" required /></form>; }',
     'A login form that validates the email before submitting.', 'default',
     '2026-11-05 11:45:45+00')
on conflict (id) do nothing;
