-- Disclosures made (disclosure.Disclosures): one row per release of records outside the organization,
-- whatever the path, kept at least six years (45 CFR 164.528(d), 164.530(j)). Whether it must appear
-- in an accounting follows from its basis (164.528(a)(1) excludes disclosures to the patient, for
-- treatment, payment and operations, and under the patient's authorization, among others).
create table disclosure (
    disclosure_id   bigserial    primary key,
    patient         varchar(64)  not null,
    disclosed_at    timestamptz  not null,
    recipient       text         not null,
    recipient_address text,
    description     text         not null,
    purpose         text         not null,
    basis           varchar(40)  not null,
    accountable     boolean      not null,
    request_id      bigint       references roi_request (request_id),
    made_by         varchar(200) not null
);
create index disclosure_patient_ix on disclosure (patient, disclosed_at);

-- A health oversight agency's or law enforcement official's written statement that an accounting of
-- its disclosures would impede its activities (164.528(a)(2)): those disclosures are left out of
-- accountings until the date given.
create table disclosure_suspension (
    suspension_id   bigserial    primary key,
    agency          text         not null,
    statement       text         not null,
    until           date         not null,
    recorded_by     varchar(200) not null,
    recorded_at     timestamptz  not null
);

alter table roi_request add column released_at timestamptz;
alter table roi_request add column released_description text;
