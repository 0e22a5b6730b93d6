-- Refresh tokens already used once (each use replaces the token), by SHA-256, with the grant they
-- belonged to. A rotated token presented again means it was copied: the whole grant is ended, the
-- thief's and the app's tokens alike (OAuth 2.0 Security BCP, refresh token reuse detection).
create table rotated_refresh_token (
    token_hash        char(64)      primary key,
    authorization_id  varchar(100)  not null,
    expires           timestamptz   not null
);
