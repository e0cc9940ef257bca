-- As seeds written for `supabase db reset` insert users: a bcrypt password from pgcrypto (on the
-- search path through extensions), the token columns '' (a NULL there breaks Auth's sign-in).
insert into auth.users (
    instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
    raw_app_meta_data, raw_user_meta_data, created_at, updated_at, confirmation_token,
    email_change, email_change_token_new, recovery_token
) values (
    '00000000-0000-0000-0000-000000000000', 'a1b2c3d4-0000-4000-8000-000000000001',
    'authenticated', 'authenticated', 'ada@example.com', crypt('password123', gen_salt('bf')), now(),
    '{"provider": "email", "providers": ["email"]}', '{"username": "ada"}', now(), now(),
    '', '', '', ''
);

insert into auth.identities (
    provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at
) values (
    'a1b2c3d4-0000-4000-8000-000000000001', 'a1b2c3d4-0000-4000-8000-000000000001',
    '{"sub": "a1b2c3d4-0000-4000-8000-000000000001", "email": "Ada@Example.com"}', 'email',
    now(), now(), now()
);
