-- Composite search parameters (code-value-quantity, component-code-value-quantity, ...): both
-- components must match the same element of the resource (the same Observation.component), not
-- merely the same resource. Each component value of a composite is written as an ordinary typed
-- row under a hash identity of its own, and rows taken from one element share a group number,
-- unique within the resource. A composite search joins the component rows on (res_id, grp).
-- Plain rows have no group. Adding a nullable column without a default does not rewrite a table.
-- See docs/record-store.md.
alter table idx_string    add column grp integer;
alter table idx_token     add column grp integer;
alter table idx_date      add column grp integer;
alter table idx_number    add column grp integer;
alter table idx_quantity  add column grp integer;
alter table idx_reference add column grp integer;
alter table idx_uri       add column grp integer;
