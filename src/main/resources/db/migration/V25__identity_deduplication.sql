-- Batch deduplication of the patient index (identity.DeduplicationJob): each run, and the pairs it
-- found to be likely the same person (by Patient id, the smaller first), waiting for review. A pair reviewed as "not the same person"
-- keeps that status through later runs, so it never comes back.
create table identity_run (
    run_id      bigserial    primary key,
    started     timestamptz  not null,
    started_by  varchar(200) not null,
    state       varchar(16)  not null check (state in ('running', 'finished', 'failed')),
    phase       varchar(64)  not null,
    patients    integer      not null default 0,
    candidates  integer      not null default 0,
    matches     integer      not null default 0,
    possible    integer      not null default 0,
    finished    timestamptz,
    detail      text
);

create table identity_pair (
    a_patient   varchar(64)      not null,
    b_patient   varchar(64)      not null,
    score       double precision not null,
    outcome     varchar(16)      not null check (outcome in ('match', 'possible')),
    explanation text             not null,
    run_id      bigint           not null references identity_run (run_id),
    status      varchar(16)      not null default 'open' check (status in ('open', 'not-same')),
    reviewed_by varchar(200),
    reviewed_at timestamptz,
    note        text,
    primary key (a_patient, b_patient),
    check (a_patient < b_patient)
);
create index identity_pair_open_ix on identity_pair (status, score desc);
