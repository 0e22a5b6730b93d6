-- Result snapshots: the ordered internal ids of a search or $everything whose results span more
-- than one page, taken when the first page is served. Later pages (next links carry the snapshot
-- id) read slices of this list, so paging neither skips nor repeats while writes continue.
--
-- Unlogged: a snapshot is a cache of a query's answer, not record data. It costs no WAL and no
-- fsync, and after a crash PostgreSQL empties the table; a client holding a next link then gets
-- 410 Gone and searches again, as it would after expiry.
create unlogged table result_snapshot (
    snapshot_id  uuid         primary key,
    created      timestamptz  not null,
    kind         varchar(16)  not null check (kind in ('search', 'everything')),
    res_type     varchar(64)  not null,
    query        text,                    -- the search's parameters, to redo _include on each page
    total        integer,                 -- the number of matches, when known
    complete     boolean      not null,   -- false: more matches than ids (pages past them run live)
    ids          bigint[]     not null
);
create index result_snapshot_created_ix on result_snapshot (created);
