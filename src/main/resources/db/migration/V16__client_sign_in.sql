-- How registered clients sign in to the built-in authorization server (issue 4, SMART App Launch).
-- redirect_uris: where authorization codes may be sent (space-separated, compared exactly);
-- public_client: a browser or mobile app that cannot keep a secret (PKCE S256 required, no secret);
-- secret_hash: a confidential client's secret, as an adaptive hash ({argon2}…);
-- jwks: the public keys (a JWK Set, inline) a backend service signs its client assertions with;
-- grant_types: space-separated OAuth grant types it may use. Rows written before this migration
-- keep working for `custodian token` and get no grant here until `custodian client add` says so.
alter table api_client add column redirect_uris  text     not null default '';
alter table api_client add column public_client  boolean  not null default false;
alter table api_client add column secret_hash    text;
alter table api_client add column jwks           text;
alter table api_client add column grant_types    text     not null default '';
