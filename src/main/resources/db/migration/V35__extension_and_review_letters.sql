-- The written notices of a delay and of a denial's review: an extension (164.524(b)(2)(ii), 164.528(c)(1)(ii))
-- names the reason, the new date and the information-blocking exception (45 CFR 171) it rests on; the
-- reviewing professional's determination (164.524(d)(4)) is sent to the patient as a letter. Both are kept
-- as sent. Requests extended before this carry no exception (null).
alter table roi_request add column extension_exception varchar(32);
alter table roi_request add column extension_letter text;
alter table roi_request add column denial_review_letter text;
