-- Breach assessment (issue 5): an incident, the four-factor risk assessment of HIPAA's breach
-- notification rule (45 CFR 164.402), its determination, the affected patients, and the
-- notifications owed with their deadlines and status (individuals within 60 days of discovery;
-- with 500 or more affected, the Secretary and the media within 60 days too; under 500, the
-- Secretary within 60 days after the end of the calendar year).
create table breach_incident (
    incident_id     bigserial     primary key,
    opened          timestamptz   not null,
    opened_by       varchar(256)  not null,
    discovered      date          not null,
    description     text          not null,
    alert_id        bigint,                   -- the privacy alert it came from, if any
    nature_extent   text,                     -- factor 1: the PHI involved, identifiers, likelihood of re-identification
    recipient       text,                     -- factor 2: the unauthorized person who used it or to whom it was disclosed
    acquired_viewed text,                     -- factor 3: whether it was actually acquired or viewed
    mitigation      text,                     -- factor 4: how far the risk has been mitigated
    risk            varchar(8),               -- low, medium, high: the probability that the PHI was compromised
    determination   varchar(16)   not null default 'pending',  -- pending, breach, not-a-breach
    assessed_by     varchar(256),
    assessed_at     timestamptz
);

create table breach_affected (
    incident_id  bigint        not null references breach_incident,
    patient      varchar(200)  not null,     -- Patient/id
    primary key (incident_id, patient)
);

create table breach_notification (
    incident_id  bigint        not null references breach_incident,
    recipient    varchar(16)   not null,     -- individuals, secretary, media
    due          date          not null,
    sent         date,
    note         text,
    primary key (incident_id, recipient)
);
