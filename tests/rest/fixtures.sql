-- Extra objects for the gateway's own tests, on the gateway tests' own server (never the
-- session database other tests read): every relationship kind, write targets, functions of
-- each result kind, RLS keyed on auth.uid().
create table public.directors (id int primary key, name text not null);
create table public.films (
    id int primary key,
    title text not null,
    year int,
    tags text[],
    meta jsonb,
    tsv tsvector,
    director_id int references public.directors (id)
);
create table public.actors (id int primary key, name text not null);
create table public.roles (
    film_id int references public.films (id),
    actor_id int references public.actors (id),
    character text,
    primary key (film_id, actor_id)
);
create table public.people (id int primary key, name text);
create table public.tasks (
    id int primary key,
    title text,
    owner_id int references public.people (id),
    reviewer_id int references public.people (id)
);
create table public.items (
    id serial primary key,
    name text not null unique,
    qty int default 7 check (qty >= 0),
    note text default 'none'
);
create table public.notes (
    id serial primary key,
    owner uuid default auth.uid(),
    body text
);
alter table public.notes enable row level security;
create policy notes_own on public.notes for all to authenticated
using (owner = auth.uid()) with check (owner = auth.uid());
create view public.film_titles_view as select id, title from public.films;

insert into public.directors values (1, 'Agnès Varda'), (2, 'Akira Kurosawa');
insert into public.films values
(1, 'Cléo from 5 to 7', 1962, '{drama,paris}', '{"lang": "fr", "rating": {"imdb": 7.8}}',
    to_tsvector('english', 'a singer waits for results'), 1),
(2, 'Seven Samurai', 1954, '{action,epic}', '{"lang": "ja", "rating": {"imdb": 8.6}}',
    to_tsvector('english', 'farmers hire samurai'), 2),
(3, 'Ikiru', 1952, '{drama}', '{"lang": "ja"}', to_tsvector('english', 'a bureaucrat'), 2),
(4, 'Untitled', null, null, null, null, null);
insert into public.actors values (1, 'Corinne Marchand'), (2, 'Toshiro Mifune'), (3, 'Takashi Shimura');
insert into public.roles values (1, 1, 'Cléo'), (2, 2, 'Kikuchiyo'), (2, 3, 'Kambei'), (3, 3, 'Watanabe');
insert into public.people values (1, 'Ann'), (2, 'Bob');
insert into public.tasks values (1, 'write', 1, 2);

create function public.add(a int, b int) returns int language sql immutable as $$ select a + b $$;
create function public.noop() returns void language sql volatile as $$ select $$;
create function public.echo_json(jsonb) returns jsonb language sql immutable as $$ select $1 $$;
create function public.film_years(min_year int default 0) returns setof int language sql stable
as $$ select year from public.films where year >= min_year order by year $$;
create function public.films_after(y int) returns setof public.films language sql stable
as $$ select * from public.films where year > y order by id $$;
create function public.film_by_id(fid int) returns public.films language sql stable
as $$ select * from public.films where id = fid $$;
create function public.film_stats() returns table (total bigint, newest int) language sql stable
as $$ select count(*), max(year) from public.films $$;
create function public.whoami() returns json language sql stable as $$
    select json_build_object(
        'user', current_user, 'uid', auth.uid(), 'claims', auth.jwt(),
        'method', current_setting('request.method', true),
        'path', current_setting('request.path', true),
        'headers', current_setting('request.headers', true)::json,
        'cookies', current_setting('request.cookies', true)::json,
        'search_path', current_setting('search_path'),
        'read_only', current_setting('transaction_read_only'),
        'timeout', current_setting('statement_timeout'))
$$;
create function public.pay() returns void language plpgsql as $$
begin
    raise sqlstate 'PT402' using message = 'Payment required';
end $$;
create function public.boom() returns void language plpgsql as $$
begin
    raise exception 'boom' using hint = 'it blew up';
end $$;
create function public.custom_response() returns int language plpgsql as $$
begin
    perform set_config('response.status', '202', true);
    perform set_config('response.headers', '[{"X-Custom": "yes"}]', true);
    return 1;
end $$;
create function public.set_response(status text, headers text) returns int language plpgsql as $$
begin
    perform set_config('response.status', status, true);
    perform set_config('response.headers', headers, true);
    return 1;
end $$;
create function public.twin(x int) returns int language sql immutable as $$ select x $$;
create function public.twin(x text) returns text language sql immutable as $$ select x $$;
create function public.add_item(item_name text) returns int language sql volatile as $$
    insert into public.items (name) values (item_name) returning id
$$;

grant select, insert, update, delete on all tables in schema public to anon, authenticated, service_role;
grant usage on all sequences in schema public to anon, authenticated, service_role;
grant execute on all functions in schema public to anon, authenticated, service_role;
-- The flagship's tables stay closed to anon and authenticated (their migration revoked them).
revoke all on table
public.conversations, public.messages, public.generated_code, public.user_preferences,
public.memory_long_term
from anon, authenticated;
revoke all on function public.search_memories(text, text, text), public.touch_memory(uuid)
from public, anon, authenticated;

create function public.shout(text) returns text language sql immutable as $$ select upper($1) $$;
grant execute on function public.shout(text) to anon, authenticated, service_role;

create view public.film_cards as select id, title, director_id from public.films;
grant select on public.film_cards to anon, authenticated, service_role;

-- Insert-only for authenticated: no SELECT policy (the classic Supabase surprise).
create table public.inbox (id serial primary key, body text);
alter table public.inbox enable row level security;
create policy inbox_insert on public.inbox for insert to authenticated with check (true);
grant select, insert on public.inbox to authenticated;
grant usage on sequence public.inbox_id_seq to authenticated;

create function public.teapot() returns void language plpgsql as $$
begin
    raise sqlstate 'PGRST' using
        message = '{"code": "418", "message": "I am a teapot", "details": "short", "hint": "stout"}',
        detail = '{"status": 418, "headers": {"X-Powered-By": "tea"}}';
end $$;
create function public.bad_raise() returns void language plpgsql as $$
begin
    raise sqlstate 'PGRST' using message = 'not json';
end $$;
grant execute on function public.teapot(), public.bad_raise() to anon, authenticated, service_role;

-- A computed field: a function of the row type, usable as a column (PostgreSQL's attribute notation).
create function public.label(public.films) returns text language sql stable
as $$ select $1.title || ' (' || coalesce($1.year::text, '?') || ')' $$;
grant execute on function public.label(public.films) to anon, authenticated, service_role;

-- A self-referencing table, embedded through computed relationships (functions of a row).
create table public.staff (id int primary key, name text, boss_id int references public.staff (id));
insert into public.staff values (1, 'ann', null), (2, 'bob', 1), (3, 'cy', 1);
grant select on public.staff to anon, authenticated, service_role;
create function public.boss(public.staff) returns setof public.staff rows 1 stable
language sql as $$ select * from public.staff where id = $1.boss_id $$;
create function public.reports(public.staff) returns setof public.staff stable
language sql as $$ select * from public.staff where boss_id = $1.id order by id $$;

-- Single unnamed parameters of each raw type, and overloads whose defaults overlap.
create function public.blob_size(bytea) returns int language sql immutable
as $$ select octet_length($1) $$;
create function public.xml_text(xml) returns text language sql immutable
as $$ select $1::text $$;
create function public.plus_one(int) returns int language sql immutable as $$ select $1 + 1 $$;
create function public.greet(name text default 'you') returns text language sql immutable
as $$ select 'hi ' || name $$;
create function public.greet(name text, punct text default '!') returns text language sql immutable
as $$ select 'hi ' || name || punct $$;
grant execute on all functions in schema public to anon, authenticated, service_role;
