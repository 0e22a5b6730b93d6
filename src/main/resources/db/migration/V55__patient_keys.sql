-- Encryption at rest (issue 12): every resource version's body is sealed (AES-256-GCM) with the data
-- key of the patient whose chart it is in (owner 0: records in no one patient's chart). A data key is
-- kept here only wrapped by the master key, which is never in the database (DATA_DIR/keys/master.keys
-- or configuration); rotating the master key re-wraps these rows and touches no body. Destroying a
-- chart deletes its key, so every copy of its bodies (in backups too) can no longer be opened.
create table patient_key (
    key_id        bigserial     primary key,
    owner_res_id  bigint        not null unique,
    master_id     varchar(16)   not null,
    wrapped       bytea         not null,
    created_at    timestamptz   not null default now()
);
