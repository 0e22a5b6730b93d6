-- A reference search value without a type (subject=123) names a resource by id alone; the unique
-- index on (res_type, fhir_id) cannot serve that, and without this one every such search read the
-- whole resource table (caught by QueryPlanIT).
create index resource_fhir_id_ix on resource (fhir_id);
