-- Patient merges (identity.PatientMerge): who merged which chart into which, why, and exactly which
-- versions the merge wrote, so that it can be undone. Each item is one resource the merge changed:
-- its version before the merge and the version the merge wrote. The source and target patients are
-- items too (role 'source' / 'target'); moved records have role 'moved'.
create table identity_merge (
    merge_id         bigserial    primary key,
    source_patient   varchar(64)  not null,
    target_patient   varchar(64)  not null,
    merged_by        varchar(200) not null,
    merged_at        timestamptz  not null,
    reason           text         not null,
    provenance       varchar(64)  not null,
    added_identifiers text        not null,  -- JSON array of the source's identifiers copied to the target
    state            varchar(16)  not null default 'merged' check (state in ('merged', 'undone')),
    undone_by        varchar(200),
    undone_at        timestamptz,
    undo_reason      text,
    undo_provenance  varchar(64),
    check (source_patient <> target_patient)
);
-- A chart is merged away at most once at a time.
create unique index identity_merge_source_ux on identity_merge (source_patient) where state = 'merged';
create index identity_merge_target_ix on identity_merge (target_patient);

create table identity_merge_item (
    merge_id        bigint       not null references identity_merge (merge_id),
    role            varchar(8)   not null check (role in ('source', 'target', 'moved')),
    res_type        varchar(64)  not null,
    fhir_id         varchar(64)  not null,
    version_before  integer      not null,
    version_after   integer      not null,
    primary key (merge_id, res_type, fhir_id)
);

-- A pair in the review queue can be resolved by merging it.
alter table identity_pair drop constraint identity_pair_status_check;
alter table identity_pair add constraint identity_pair_status_check check (status in ('open', 'not-same', 'merged'));
-- An undone merge records its pair as "not the same person" even when no deduplication run proposed it.
alter table identity_pair alter column run_id drop not null;
