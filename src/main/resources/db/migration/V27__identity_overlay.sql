-- Overlay detection (identity.OverlayDetection): signals that one chart may hold two people, each
-- waiting for review. A signal is identified by its patient, kind and detail, so a later scan that
-- finds it again does not queue it twice, and one reviewed stays reviewed.
create table identity_overlay (
    patient     varchar(64)  not null,
    kind        varchar(32)  not null,
    detail      text         not null,
    found_at    timestamptz  not null,
    status      varchar(16)  not null default 'open' check (status in ('open', 'two-people', 'one-person')),
    reviewed_by varchar(200),
    reviewed_at timestamptz,
    note        text,
    primary key (patient, kind, detail)
);
create index identity_overlay_open_ix on identity_overlay (status, found_at desc);

-- Runs of the patient index are deduplication runs or overlay scans.
alter table identity_run add column kind varchar(16) not null default 'deduplication'
    check (kind in ('deduplication', 'overlay'));

-- The duplicate records a deduplication run found: in each group of charts linked by its pairs, all
-- but one (the duplicate-rate dashboard's numerator).
alter table identity_run add column duplicates integer not null default 0;
