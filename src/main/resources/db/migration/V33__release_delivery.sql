-- Delivery of a released package: sent (at release), then delivered or returned, with the carrier's
-- or portal's tracking reference.
alter table roi_request add column delivery_status varchar(16) check (delivery_status in ('sent', 'delivered', 'returned'));
alter table roi_request add column delivery_tracking text;
alter table roi_request add column delivery_updated timestamptz;
