-- Changes to how a search parameter is indexed that need the stored resources indexed again, each
-- recorded once done (the first: the phonetic parameter indexed by sound, search.PhoneticBackfill).
create table index_upgrade (
    name    varchar(100) primary key,
    done_at timestamptz  not null default now()
);
