-- Sample rows for the example table (`kit verify` takes its examples from here).
insert into public.notes (id, user_id, title, body) values
('00000000-0000-4000-8000-000000000001', 'user_ada', 'Favourite colour', 'Ada likes teal.'),
('00000000-0000-4000-8000-000000000002', 'user_ada', 'Project', 'Ada is building a CRM.')
on conflict (id) do nothing;
