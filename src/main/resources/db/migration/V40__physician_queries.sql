-- A coder's query to the physician when documentation is unclear (coding.PhysicianQueries): to whom, about
-- which encounter, the question as asked (non-leading, per the AHIMA/ACDIS query practice brief), and, once
-- answered, the answer, by whom and when. Open queries are tracked until answered.
create table coding_query (
    query_id        bigserial     primary key,
    encounter       text          not null,
    patient         text          not null,
    physician       text          not null,
    question        text          not null,
    asked_by        text          not null,
    asked_at        timestamptz   not null,
    answer          text,
    answered_by     text,
    answered_at     timestamptz
);
create index coding_query_open_ix on coding_query (physician) where answered_at is null;
create index coding_query_encounter_ix on coding_query (encounter);
