-- Local user accounts (issue 4, accounts): the people who sign in to the built-in authorization
-- server. A password is kept only as an adaptive hash in Spring Security's delegating format
-- ({argon2}…), so hashes can be upgraded as users sign in. failed_attempts counts consecutive
-- failures (password or second factor); reaching the limit sets locked_until. totp_last_step is the
-- last 30-second step whose code was accepted: a code is accepted at most once.
create table user_account (
    username         varchar(64)   primary key,
    display_name     text          not null,
    roles            text[]        not null,
    fhir_user        varchar(200),
    password_hash    text          not null,
    enabled          boolean       not null default true,
    failed_attempts  integer       not null default 0,
    locked_until     timestamptz,
    totp_secret      text,
    totp_last_step   bigint,
    created          timestamptz   not null default now(),
    changed          timestamptz   not null default now()
);
