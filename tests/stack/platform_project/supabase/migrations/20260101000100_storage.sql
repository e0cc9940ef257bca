insert into storage.buckets (id, name, public) values ('avatars', 'avatars', true);

create policy "avatars are public" on storage.objects for select
using (bucket_id = 'avatars');
create policy "users upload into their own folder" on storage.objects for insert
to authenticated
with check (
    bucket_id = 'avatars' and (storage.foldername(name))[1] = (select auth.uid())::text
);
