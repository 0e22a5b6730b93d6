-- The invoice of each package (disclosure.Fees): its total and its lines as printed on the cover letter.
alter table roi_package add column fee numeric(10, 2) not null default 0;
alter table roi_package add column invoice text not null default '';
