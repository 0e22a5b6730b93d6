-- Requests to amend, after review: the denial itself is linked to the records when it is made
-- (164.526(d)(4)), the statement of disagreement gets its own entry, and an extension's written notice
-- to the patient (164.526(b)(2)(ii)) is kept.
alter table amendment_request add column denial_entry text;
alter table amendment_request add column extension_letter text;
