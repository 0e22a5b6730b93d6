-- Release of information (disclosure.ReleaseRequests): each request for records as received, its
-- deadline, the authorization it rests on (the elements of 45 CFR 164.508(c) as the specialist read
-- them off the signed form, whose scan is a DocumentReference in the record), and the outcome of its
-- legal-basis decision. The decision's reasons are not stored: they follow from the request, the
-- authorization and the day it was decided (disclosure.LegalBasis is a pure function of them).
create table roi_request (
    request_id              bigserial    primary key,
    patient                 varchar(64)  not null,
    requester               varchar(32)  not null,
    requester_name          text         not null,
    requester_address       text,
    purpose                 varchar(32)  not null,
    instrument              varchar(16)  not null,
    kind                    varchar(16)  not null check (kind in ('access', 'disclosure', 'accounting')),
    sensitive               text[]       not null,
    records                 text,                   -- what is asked for: types, dates, encounters
    format                  varchar(32),            -- pdf, paper, electronic, fhir, c-cda
    delivery                varchar(32),            -- mail, portal, email, pickup, direct to a third party
    received                date         not null,
    jurisdiction            varchar(8),
    representative_verified boolean      not null,
    assurances              boolean      not null,
    due                     date         not null,
    extended                boolean      not null default false,
    extension_reason        text,
    status                  varchar(16)  not null check (status in ('open', 'closed')),
    outcome                 varchar(16)  not null check (outcome in ('release', 'hold', 'refuse')),
    decided_on              date         not null,
    received_by             varchar(200) not null,
    recorded_at             timestamptz  not null,
    auth_description        text,
    auth_discloser          text,
    auth_recipient          text,
    auth_purpose            text,
    auth_expires            date,
    auth_expiry_event       text,
    auth_signed_on          date,
    auth_representative     boolean,
    auth_authority          text,
    auth_revocation         boolean,
    auth_conditioning       boolean,
    auth_redisclosure       boolean,
    auth_covers             text[],
    auth_part2              boolean,
    auth_revoked_on         date,
    auth_known_false        boolean,
    auth_document           varchar(140)
);
create index roi_request_open_ix on roi_request (status, due);
create index roi_request_patient_ix on roi_request (patient);
