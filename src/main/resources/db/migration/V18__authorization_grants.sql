-- The built-in authorization server's grants (Spring Security's schema, with PostgreSQL types as
-- its documentation asks: text for blob, timestamptz for timestamp): authorization codes, access,
-- refresh and ID tokens of each sign-in, so that refresh tokens (90 days) survive a restart. Token
-- values are kept as issued, as Spring's service needs them to look a token up: this table must be
-- protected like the record itself. Rows are deleted once everything in them has expired.
create table oauth2_authorization (
    id                             varchar(100)   not null primary key,
    registered_client_id           varchar(100)   not null,
    principal_name                 varchar(200)   not null,
    authorization_grant_type       varchar(100)   not null,
    authorized_scopes              varchar(1000),
    attributes                     text,
    state                          varchar(500),
    authorization_code_value       text,
    authorization_code_issued_at   timestamptz,
    authorization_code_expires_at  timestamptz,
    authorization_code_metadata    text,
    access_token_value             text,
    access_token_issued_at         timestamptz,
    access_token_expires_at        timestamptz,
    access_token_metadata          text,
    access_token_type              varchar(100),
    access_token_scopes            varchar(1000),
    oidc_id_token_value            text,
    oidc_id_token_issued_at        timestamptz,
    oidc_id_token_expires_at       timestamptz,
    oidc_id_token_metadata         text,
    refresh_token_value            text,
    refresh_token_issued_at        timestamptz,
    refresh_token_expires_at       timestamptz,
    refresh_token_metadata         text,
    user_code_value                text,
    user_code_issued_at            timestamptz,
    user_code_expires_at           timestamptz,
    user_code_metadata             text,
    device_code_value              text,
    device_code_issued_at          timestamptz,
    device_code_expires_at         timestamptz,
    device_code_metadata           text
);
-- Spring looks a grant up by equality on one token column (refresh, revocation, introspection) or
-- on all of them at once (a token of unknown type); hash indexes serve equality on long values.
create index oauth2_authorization_state on oauth2_authorization using hash (state);
create index oauth2_authorization_code on oauth2_authorization using hash (authorization_code_value);
create index oauth2_authorization_access on oauth2_authorization using hash (access_token_value);
create index oauth2_authorization_refresh on oauth2_authorization using hash (refresh_token_value);
create index oauth2_authorization_id_token on oauth2_authorization using hash (oidc_id_token_value);
create index oauth2_authorization_user_code on oauth2_authorization using hash (user_code_value);
create index oauth2_authorization_device_code on oauth2_authorization using hash (device_code_value);

create table oauth2_authorization_consent (
    registered_client_id  varchar(100)   not null,
    principal_name        varchar(200)   not null,
    authorities           varchar(1000)  not null,
    primary key (registered_client_id, principal_name)
);
