-- Encryption at rest beside the records (issue 12, record.Sealing): documents as they arrived and
-- release packages are now kept sealed; each row says whether its bytes are (rows written before are not).
alter table ccda_import add column sealed boolean not null default false;
alter table scan_document add column sealed boolean not null default false;
alter table roi_package add column sealed boolean not null default false;
