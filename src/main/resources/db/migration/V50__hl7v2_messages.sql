-- HL7 v2 messages (ingest.Hl7Feed): each kept raw, committed before it is processed and before any
-- acknowledgement, so a crash never loses an acknowledged message; then processed, or kept in error
-- with the reason for staff to correct and replay. A message whose sender, application and control id
-- were processed already is acknowledged again and not applied twice.
create table hl7_message (
    message_id           bigserial    primary key,
    feed                 text         not null,      -- where it came from: 'mllp:2575', 'api', a file
    sending_application  text,
    sending_facility     text,
    control_id           text,
    message_type         text,                       -- ADT^A01, ORU^R01
    received_at          timestamptz  not null,
    raw                  text         not null,
    status               text         not null check (status in ('received', 'processed', 'error', 'duplicate',
                                                                  'rejected')),
    error                text,
    processed_at         timestamptz,
    written              text[]       not null default '{}',
    replays              integer      not null default 0,
    replayed_by          text
);
create index hl7_message_control_ix on hl7_message (sending_facility, sending_application, control_id);
create index hl7_message_status_ix on hl7_message (status, received_at);
