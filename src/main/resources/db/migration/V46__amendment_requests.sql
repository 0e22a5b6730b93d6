-- A patient's request to amend their record (45 CFR 164.526; completion.AmendmentRequests): acted on
-- within 60 days of receipt, once extended by up to 30 with the reason given in writing; accepted (the
-- amendment appended to the records, the people the patient names told) or denied in writing, after
-- which the patient may file a statement of disagreement that travels with the records.
create table amendment_request (
    request_id          bigserial    primary key,
    patient             text         not null,
    requester           text         not null,
    received_at         timestamptz  not null,
    received_by         text         not null,
    records             text[]       not null,
    description         text         not null,
    amendment           text         not null,
    notify              text[]       not null default '{}',
    due_on              date         not null,
    extended_to         date,
    extension_reason    text,
    status              text         not null check (status in ('open', 'accepted', 'denied')),
    decided_at          timestamptz,
    decided_by          text,
    denial_basis        text         check (denial_basis in ('not-created-here', 'not-in-designated-record-set',
                                         'not-available-for-access', 'accurate-and-complete')),
    denial_explanation  text,
    letter              text,
    linked_entry        text,            -- DocumentReference/…: the amendment, or the statement of disagreement
    disagreement        text,
    disagreement_at     timestamptz
);
create index amendment_request_open_ix on amendment_request (due_on) where status = 'open';
create index amendment_request_patient_ix on amendment_request (patient);

-- Who was told of an accepted amendment (164.526(c)(3)), with the letter sent.
create table amendment_notice (
    notice_id   bigserial    primary key,
    request_id  bigint       not null references amendment_request,
    recipient   text         not null,
    letter      text         not null,
    sent_at     timestamptz  not null
);
