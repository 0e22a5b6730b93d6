-- Access tokens revoked before they expire (RFC 7009 revocation at the built-in authorization
-- server). Tokens are self-contained JWTs verified without a database read, so the API also checks
-- their id against this list (held in memory, reloaded at start); a row is useless after `expires`.
create table revoked_token (
    token_id  varchar(128)  primary key,
    expires   timestamptz   not null
);
