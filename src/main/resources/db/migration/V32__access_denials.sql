-- A denial of the right of access (disclosure.ReleaseRequests.deny): its ground under 164.524(a), who
-- determined it (a licensed health care professional, for the reviewable grounds), and the letter sent.
alter table roi_request add column denial_ground varchar(32);
alter table roi_request add column denial_determined_by text;
alter table roi_request add column denial_letter text;
alter table roi_request add column denied_at timestamptz;
