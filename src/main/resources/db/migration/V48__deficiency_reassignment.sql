-- HIM may give a deficiency to another clinician (the author has left, a covering physician completes
-- it); the review then keeps that assignment instead of the rule's.
alter table deficiency add column reassigned_by text;
