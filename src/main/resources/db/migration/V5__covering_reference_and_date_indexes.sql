-- Covering indexes, so the searches that dominate a patient's chart (a patient's observations of a
-- code, sorted by date) are answered from index pages alone:
--  * reference rows by target carry the referring res_id, so "all rows that point at this patient"
--    is an index-only scan, already ordered by res_id and ready to merge with a token index scan
--    (idx_token_sys_code_ix is (hash_sys_code, res_id));
--  * reference rows by referrer carry the identity and target, so checking "does this resource point
--    at that patient" needs no heap fetch;
--  * date rows by resource carry the identity and bounds, for the per-resource sort aggregate.
-- Each replaces the narrower index it extends (same leading columns), so no query loses an index.
create index idx_reference_target_res_ix on idx_reference (target_res_id, hash_identity, res_id);
drop index idx_reference_target_ix;
create index idx_reference_res_target_ix on idx_reference (res_id, hash_identity, target_res_id);
drop index idx_reference_res_ix;
create index idx_date_res_bounds_ix on idx_date (res_id, hash_identity, low_ms, high_ms);
drop index idx_date_res_ix;
