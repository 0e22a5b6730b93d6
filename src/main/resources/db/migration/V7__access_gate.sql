-- The access gate (issue 4).
--
-- Each head row carries the sensitivity mask of its current version's security labels (bits of
-- org.custodian.access.Sensitivity: restricted, very restricted, HIV, mental health, substance use
-- (42 CFR Part 2), sexual and reproductive health, abuse). The gate's test for labelled data is
-- then one bitwise comparison on a row the query reads anyway. Rows written before this migration
-- start at 0: no data carrying such labels had been stored by a release before it.
alter table resource add column sensitivity integer not null default 0;

-- A multi-page result belongs to the actor whose search made it: only they may read its pages, so
-- a next link passed to someone else reveals neither the ids nor the total.
alter table result_snapshot add column owner varchar(256) not null default '';

-- Applications registered to receive access tokens (SMART clients, interfaces, operators' scripts):
-- the roles they act in and the scopes they may be granted. Tokens are signed by this server's key;
-- `custodian client add` registers one, `custodian token` issues a short-lived token to one.
create table api_client (
    client_id    varchar(128)  primary key,
    description  text,
    roles        text[]        not null,
    scopes       text          not null,   -- space-separated SMART scopes it may be granted
    enabled      boolean       not null default true,
    created      timestamptz   not null default now()
);
