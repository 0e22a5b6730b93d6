-- A package may also be a C-CDA Continuity of Care Document (ccda.ContinuityOfCareDocument).
alter table roi_package drop constraint roi_package_format_check;
alter table roi_package add constraint roi_package_format_check check (format in ('pdf', 'fhir', 'ccda'));
