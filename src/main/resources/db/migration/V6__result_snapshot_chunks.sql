-- Result snapshots keep their ids in chunks of 200 (1.6 kB, stored inline): a page reads the one or
-- two chunks it needs instead of decompressing the whole list, which for a patient's $everything of
-- 35,000 resources cost some 3 ms on each of its 1,700 default-size pages. The number of ids is kept
-- with the snapshot for the same reason.
--
-- The snapshots are an unlogged cache (see V3); dropping them costs a client with a next link from
-- before the upgrade a 410 Gone, after which it searches again.
drop table result_snapshot;

create unlogged table result_snapshot (
    snapshot_id  uuid         primary key,
    created      timestamptz  not null,
    kind         varchar(16)  not null check (kind in ('search', 'everything')),
    res_type     varchar(64)  not null,
    query        text,                    -- the search's parameters, to redo _include on each page
    total        integer,                 -- the number of matches, when known
    complete     boolean      not null,   -- false: more matches than ids (pages past them run live)
    size         integer      not null    -- the number of ids
);
create index result_snapshot_created_ix on result_snapshot (created);

create unlogged table result_snapshot_chunk (
    snapshot_id  uuid         not null references result_snapshot on delete cascade,
    chunk        integer      not null,   -- ids chunk * 200 to chunk * 200 + 199 of the list
    ids          bigint[]     not null,
    primary key (snapshot_id, chunk)
);
