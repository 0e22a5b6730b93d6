-- The audit trail (issue 5). Every access is one row of audit_event, written in the transaction of
-- the write it records, or on its own for reads. A sealer chains the rows in sequence order: each
-- row's hash covers its content and the hash of the row before (audit_seal), and signed checkpoints
-- (audit_checkpoint) pin the chain's head from time to time, so `custodian audit verify` finds any
-- row modified, removed, inserted or reordered. The three tables are append-only: a trigger refuses
-- every update, delete and truncate, whoever asks.
create sequence audit_event_seq;

create table audit_event (
    seq         bigint        primary key default nextval('audit_event_seq'),
    recorded    timestamptz   not null,
    category    varchar(32)   not null,   -- rest, login, security, consent, policy …
    action      char(1)       not null,   -- C R U D E (FHIR AuditEvent.action)
    subtype     varchar(64)   not null,   -- read, vread, search-type, create, break-the-glass, sign-in …
    outcome     smallint      not null,   -- 0 success, 4 minor failure, 8 serious failure, 12 major failure
    actor       varchar(256)  not null,
    user_ref    varchar(200),             -- the FHIR resource that is the user (Practitioner/123)
    client      varchar(256),
    roles       text[]        not null,
    purpose     varchar(32),
    origin      varchar(256),
    patients    text[]        not null,   -- Patient/id of every patient whose data was touched
    entities    text[]        not null,   -- Type/id[/_history/v] of every resource touched
    query       text,                     -- a search's parameters
    detail      text,                     -- an error code, a reason
    emergency   boolean       not null    -- made under break-the-glass
);
create index audit_event_recorded_ix on audit_event (recorded);
create index audit_event_actor_ix on audit_event (actor, recorded);
create index audit_event_patients_ix on audit_event using gin (patients);

create table audit_seal (
    seq   bigint  primary key,
    hash  bytea   not null            -- SHA-256 of the previous row's hash and this row's content
);

create table audit_checkpoint (
    seq        bigint       primary key,
    hash       bytea        not null,
    signed_at  timestamptz  not null,
    key_id     varchar(64)  not null,
    signature  text         not null  -- JWS (RS256) over seq and hash, by DATA_DIR/keys/audit-signing.jwk.json
);

create function audit_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'The audit trail is append-only: % on % is refused', tg_op, tg_table_name
        using errcode = 'insufficient_privilege';
end $$;

create trigger audit_event_append_only before update or delete or truncate on audit_event
    for each statement execute function audit_append_only();
create trigger audit_seal_append_only before update or delete or truncate on audit_seal
    for each statement execute function audit_append_only();
create trigger audit_checkpoint_append_only before update or delete or truncate on audit_checkpoint
    for each statement execute function audit_append_only();
