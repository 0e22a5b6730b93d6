-- The CMS National Correct Coding Initiative tables a hospital loads from CMS's quarterly files
-- (claims.NcciTables): procedure-to-procedure pairs (column 1 and column 2 codes, in force from their
-- effective date until their deletion date, with the modifier indicator: 0 never together, 1 together only
-- with a modifier that shows distinct services, 9 not applicable) and medically unlikely edits (the most
-- units of a code on one day of service). Each load is a release of its own; the latest loaded is used.
create table ncci_release (
    release_id      bigserial     primary key,
    kind            varchar(8)    not null check (kind in ('ptp', 'mue')),
    version         text          not null,
    loaded_at       timestamptz   not null,
    loaded_by       text          not null,
    rows_loaded     integer       not null,
    unique (kind, version)
);

create table ncci_ptp (
    release_id      bigint        not null references ncci_release on delete cascade,
    column1         varchar(8)    not null,
    column2         varchar(8)    not null,
    effective       date          not null,
    deleted         date,
    modifier        char(1)       not null,
    rationale       text
);
create index ncci_ptp_pair_ix on ncci_ptp (release_id, column1, column2);

create table ncci_mue (
    release_id      bigint        not null references ncci_release on delete cascade,
    code            varchar(8)    not null,
    units           integer       not null,
    indicator       text,
    rationale       text,
    primary key (release_id, code)
);
