-- HL7 v2 messages, after review: the message as it came is kept when staff correct it for a replay;
-- a digest of the content tells a resent copy (applied once) from a new message that reuses an old
-- control id (kept in error); the duplicate check uses an index.
alter table hl7_message add column original_raw text;
alter table hl7_message add column digest bytea;
drop index hl7_message_control_ix;
create index hl7_message_control_ix on hl7_message (coalesce(sending_facility, ''), coalesce(sending_application, ''),
    control_id) where status = 'processed';
