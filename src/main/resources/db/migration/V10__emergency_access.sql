-- Break-the-glass: a clinician's emergency access to the record of a patient it has no treatment
-- relationship with, given a reason, for a limited time. Every case stays on the privacy officer's
-- review list until reviewed.
create table emergency_access (
    access_id      uuid          primary key,
    actor          varchar(256)  not null,   -- the token subject who broke the glass
    patient_res_id bigint        not null,
    reason         text          not null,
    purpose        varchar(32)   not null,   -- HL7 v3 ActReason, ETREAT by default
    started        timestamptz   not null,
    expires        timestamptz   not null,
    reviewed_by    varchar(256),
    reviewed_at    timestamptz,
    review_note    text
);
create index emergency_access_actor_ix on emergency_access (actor, expires);
create index emergency_access_unreviewed_ix on emergency_access (started) where reviewed_at is null;
