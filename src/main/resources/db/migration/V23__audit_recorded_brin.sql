-- The audit trail is appended in time order, so a BRIN index answers its date-range queries (reports,
-- monitoring baselines) at a fraction of a B-tree's cost to keep up on every audited request.
drop index audit_event_recorded_ix;
create index audit_event_recorded_brin on audit_event using brin (recorded);
