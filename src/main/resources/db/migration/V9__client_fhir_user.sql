-- The FHIR resource a client acts as (SMART's fhirUser, e.g. Practitioner/123): for a clinician,
-- its care teams and encounters are its treatment relationships.
alter table api_client add column fhir_user varchar(200);
