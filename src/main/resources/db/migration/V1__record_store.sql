-- The record store: every version of every resource, and the head pointer to the current one.
-- See docs/record-store.md for the reasoning behind these tables.

create sequence res_id_seq cache 100;

-- One row per logical resource: which version is current and whether it is deleted. This is the
-- only table updated in place; it is a pointer derived from resource_version, never the record.
create table resource (
    res_id       bigint       primary key,
    res_type     varchar(64)  not null,
    fhir_id      varchar(64)  not null,
    version      integer      not null,
    last_updated timestamptz  not null,
    deleted      boolean      not null,
    constraint resource_type_id_uq unique (res_type, fhir_id)
);

-- Immutable versions. A delete is a version with operation 'D' and no body.
create table resource_version (
    res_id       bigint       not null references resource (res_id),
    version      integer      not null,
    res_type     varchar(64)  not null,
    fhir_id      varchar(64)  not null,
    last_updated timestamptz  not null,
    operation    char(1)      not null check (operation in ('C', 'U', 'D')),
    codec        smallint     not null,
    body         bytea,
    primary key (res_id, version)
);
create index resource_version_updated_ix on resource_version (last_updated, res_id, version);
create index resource_version_type_updated_ix on resource_version (res_type, last_updated, res_id, version);

-- Search index of the current version of each live resource, one table per value type. Every
-- index leads with a 64-bit hash of (resource type, parameter[, value]) so a search is a seek.
create table idx_string (
    res_id        bigint        not null,
    hash_identity bigint        not null,
    value_norm    varchar(200)  not null,
    value_exact   varchar(200)  not null
);
create index idx_string_norm_ix on idx_string (hash_identity, value_norm varchar_pattern_ops, res_id);
create index idx_string_res_ix on idx_string (res_id);

create table idx_token (
    res_id        bigint        not null,
    hash_identity bigint        not null,
    hash_sys_code bigint        not null,
    hash_code     bigint        not null,
    hash_sys      bigint        not null,
    system        varchar(256),
    code          varchar(256),
    display       varchar(200)
);
create index idx_token_sys_code_ix on idx_token (hash_sys_code, res_id);
create index idx_token_code_ix on idx_token (hash_code, res_id);
create index idx_token_res_ix on idx_token (res_id);

create table idx_date (
    res_id        bigint   not null,
    hash_identity bigint   not null,
    low_ms        bigint   not null,
    high_ms       bigint   not null
);
create index idx_date_low_ix on idx_date (hash_identity, low_ms, high_ms);
create index idx_date_res_ix on idx_date (res_id);

create table idx_number (
    res_id        bigint   not null,
    hash_identity bigint   not null,
    value         numeric  not null,
    low_value     numeric  not null,
    high_value    numeric  not null
);
create index idx_number_ix on idx_number (hash_identity, value);
create index idx_number_res_ix on idx_number (res_id);

create table idx_quantity (
    res_id        bigint   not null,
    hash_identity bigint   not null,
    hash_units    bigint   not null,
    system        varchar(256),
    code          varchar(256),
    value         numeric  not null,
    low_value     numeric  not null,
    high_value    numeric  not null
);
create index idx_quantity_ix on idx_quantity (hash_identity, value);
create index idx_quantity_units_ix on idx_quantity (hash_units, value);
create index idx_quantity_res_ix on idx_quantity (res_id);

-- target_res_id is set for local references (which must exist when written); it is what the
-- referential-integrity check on delete and reference searches use.
create table idx_reference (
    res_id         bigint        not null,
    hash_identity  bigint        not null,
    target_res_id  bigint,
    target_type    varchar(64),
    target_id      varchar(64),
    target_version varchar(64),
    target_url     varchar(512)
);
create index idx_reference_target_ix on idx_reference (target_res_id, hash_identity);
create index idx_reference_url_ix on idx_reference (hash_identity, target_url) where target_url is not null;
create index idx_reference_res_ix on idx_reference (res_id);

create table idx_uri (
    res_id        bigint         not null,
    hash_identity bigint         not null,
    uri           varchar(512)   not null
);
create index idx_uri_ix on idx_uri (hash_identity, uri);
create index idx_uri_res_ix on idx_uri (res_id);

-- Every local reference of the current version of each live resource, whether or not a search
-- parameter covers it: the delete check (409 while referenced) reads this.
create table resource_link (
    res_id         bigint  not null,
    target_res_id  bigint  not null
);
create index resource_link_target_ix on resource_link (target_res_id);
create index resource_link_res_ix on resource_link (res_id);
