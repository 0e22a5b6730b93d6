-- What a request asks for, as the package is built from it (minimum necessary): resource types
-- (none: the whole record) and a period; and the packages built for release, kept exactly as sent
-- (the bytes and their SHA-256), with what was left out and why.
alter table roi_request add column record_types text[] not null default '{}';
alter table roi_request add column period_from date;
alter table roi_request add column period_to date;

create table roi_package (
    package_id   bigserial    primary key,
    request_id   bigint       not null references roi_request (request_id),
    format       varchar(8)   not null check (format in ('pdf', 'fhir')),
    content      bytea        not null,
    sha256       varchar(64)  not null,
    pages        integer,
    resources    integer      not null,
    excluded     text         not null,   -- one line per record left out: reference and why
    built_by     varchar(200) not null,
    built_at     timestamptz  not null
);
create index roi_package_request_ix on roi_package (request_id);
alter table roi_request add column package_id bigint references roi_package (package_id);
