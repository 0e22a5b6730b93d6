-- The review of a denial of access on a reviewable ground (164.524(d)(4)): by a licensed health care
-- professional who took no part in the denial; upheld, or overturned (the request is open again, to be released).
alter table roi_request add column denial_reviewed_by text;
alter table roi_request add column denial_upheld boolean;
alter table roi_request add column denial_review_note text;
alter table roi_request add column denial_reviewed_at timestamptz;
