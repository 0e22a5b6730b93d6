-- An encounter's final coding, signed by the coder (coding.EncounterCoding.sign): the codes as reported,
-- first-listed first, the ICD-10-CM release they were valid in on the date of service, who signed and when.
-- An encounter finally coded leaves the coding work queue; signing again (a correction) adds a row, the
-- latest standing.
create table coding_final (
    final_id        bigserial     primary key,
    encounter       text          not null,
    patient         text          not null,
    codes           text[]        not null,
    version         text          not null,
    date_of_service date          not null,
    coder           text          not null,
    signed_at       timestamptz   not null
);
create index coding_final_encounter_ix on coding_final (encounter, signed_at desc);
