-- The coder's decision on each suggested code (coding.EncounterCoding): accepted, rejected, or edited to
-- another code, and codes the coder added that were not suggested. Kept to measure the suggestions'
-- accuracy (how many were accepted, at which rank) and to improve them.
create table coding_decision (
    decision_id     bigserial     primary key,
    encounter       text          not null,
    patient         text          not null,
    code            varchar(16)   not null,
    decision        varchar(8)    not null check (decision in ('accepted', 'rejected', 'edited', 'added')),
    final_code      varchar(16),
    suggested_rank  integer,
    suggested_score double precision,
    reason          text,
    coder           text          not null,
    decided_at      timestamptz   not null
);
create index coding_decision_encounter_ix on coding_decision (encounter, decided_at);
