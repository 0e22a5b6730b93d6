-- Keeping and destroying records lawfully (issue 12; the retention package). Schedules say how long a
-- class of record is kept; each chart gets the date it may first be destroyed; legal holds stop that;
-- a records manager decides each chart past its date (destroy, or keep to a later review); a
-- destruction leaves a certificate that is kept for ever.

-- A schedule is never edited: a change retires the row and adds a new one, so a certificate always
-- names the rule exactly as it stood when the records were destroyed.
create table retention_schedule (
    id             serial        primary key,
    name           varchar(200)  not null,
    record_class   varchar(16)   not null check (record_class in ('adult', 'minor', 'deceased', 'research', 'document')),
    jurisdiction   varchar(16)   not null,   -- an ISO 3166-2 code such as US-MA, or * where no rule of its own applies
    document_type  varchar(64),              -- class document: the LOINC code of DocumentReference.type
    trigger_event  varchar(24)   not null check (trigger_event in ('last-encounter', 'discharge', 'age-of-majority', 'death')),
    period_months  integer       check (period_months >= 0),   -- null: kept permanently
    majority_age   integer       check (majority_age between 1 and 30),
    citation       text,                     -- the law or policy the period comes from
    added_by       varchar(256)  not null,
    added_at       timestamptz   not null,
    retired_by     varchar(256),
    retired_at     timestamptz,
    check ((record_class = 'document') = (document_type is not null)),
    check ((trigger_event = 'age-of-majority') = (majority_age is not null))
);

-- Defaults a records manager reviews against the state's law before relying on them.
insert into retention_schedule (name, record_class, jurisdiction, trigger_event, period_months, majority_age, citation,
        added_by, added_at) values
    ('Adult record: 10 years after the last encounter', 'adult', '*', 'last-encounter', 120, null,
        'Common US state minimum for hospital records (7 to 10 years); AHIMA retention guidance', 'custodian', now()),
    ('Minor''s record: 10 years after the last encounter', 'minor', '*', 'last-encounter', 120, null,
        'As for adults', 'custodian', now()),
    ('Minor''s record: 3 years after the age of majority', 'minor', '*', 'age-of-majority', 36, 18,
        'Statutes of limitation run from majority for minors; AHIMA retention guidance', 'custodian', now()),
    ('Deceased patient: 10 years after death', 'deceased', '*', 'death', 120, null,
        'Estate and wrongful-death claims; hospital policy', 'custodian', now()),
    ('Research subject: 6 years after the last encounter', 'research', '*', 'last-encounter', 72, null,
        '45 CFR 164.530(j) (authorizations, 6 years); 21 CFR 312.62(c) may require longer', 'custodian', now());

-- The date each chart may first be destroyed, and why; recomputed when its care changes.
create table retention_eligibility (
    patient        varchar(64)   primary key,   -- Patient id
    classes        text[]        not null,
    schedule_id    integer       references retention_schedule (id),   -- the schedule that sets the date
    trigger_date   date,
    eligible_on    date,                        -- null: kept permanently
    basis          text          not null,      -- the reasoning, as a records manager reads it
    care_from      date,
    care_to        date,
    computed_at    timestamptz   not null
);
create index retention_eligibility_due_ix on retention_eligibility (eligible_on) where eligible_on is not null;

create table retention_watermark (
    resource_type  varchar(64)   primary key,
    reviewed_to    timestamptz   not null
);

-- A hold names the patients whose charts it covers, whatever its scope (a patient, an encounter, a
-- set of records), so that nothing of those charts is offered for destruction while it stands.
create table legal_hold (
    id              bigserial     primary key,
    matter          varchar(200)  not null,     -- the litigation, audit or investigation
    scope           varchar(16)   not null check (scope in ('patient', 'encounter', 'records')),
    patients        text[]        not null check (cardinality(patients) > 0),
    records         text[]        not null,     -- Type/id of the encounter or records named
    reason          text,
    placed_by       varchar(256)  not null,
    placed_at       timestamptz   not null,
    released_by     varchar(256),
    released_at     timestamptz,
    release_reason  text,
    check ((released_at is null) = (released_by is null))
);
create index legal_hold_patients_ix on legal_hold using gin (patients) where released_at is null;

-- A records manager's decision on a chart past its date: destroyed, or kept until a later review.
create table disposition_decision (
    id           bigserial     primary key,
    patient      varchar(64)   not null,
    decision     varchar(16)   not null check (decision in ('destroyed', 'kept')),
    keep_until   date,
    reason       text,
    decided_by   varchar(256)  not null,
    decided_at   timestamptz   not null,
    check ((decision = 'kept') = (keep_until is not null))
);
create index disposition_decision_patient_ix on disposition_decision (patient, decided_at);

-- Proof of each destruction, kept permanently: what (the chart's number and what it held, counted),
-- when, under which schedule, approved by whom, and how. It holds no clinical data.
create table destruction_certificate (
    id             bigserial     primary key,
    number         varchar(32)   not null unique,
    patient        varchar(64)   not null,      -- the chart's id, which no longer resolves
    record_number  text,                        -- the medical record number, as paper files name the chart
    schedule_id    integer       not null references retention_schedule (id),
    schedule_name  text          not null,
    trigger_date   date,
    eligible_on    date          not null,
    care_from      date,
    care_to        date,
    contents       text          not null,      -- JSON: resources and versions by type, rows by feature
    method         text          not null,
    approved_by    varchar(256)  not null,
    destroyed_at   timestamptz   not null,
    digest         varchar(64)   not null       -- SHA-256 of the fields above, to show the certificate unchanged
);

create function retention_certificate_kept() returns trigger language plpgsql as $$
begin
    raise exception 'A certificate of destruction is kept permanently: % is refused', tg_op
        using errcode = 'insufficient_privilege';
end $$;
create trigger destruction_certificate_kept before update or delete or truncate on destruction_certificate
    for each statement execute function retention_certificate_kept();
