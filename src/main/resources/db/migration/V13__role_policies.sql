-- Roles as data (issue 4): what each role may do, stored and versioned. The current policy of a
-- role is its highest version; every change adds a version naming who made it and why, so the
-- policy in force at any past moment can be shown. A token's scopes are narrowed to what its
-- roles' policies permit; a role's clearances say which labelled data it may see.
create table role_policy (
    role                  varchar(32)   not null,
    version               integer       not null,
    permissions           text          not null,  -- space-separated Type.cruds (* for every type); empty: none
    clearances            text[]        not null,  -- org.custodian.access.Sensitivity names, lower-case, '-' for '_'
    bounded_by_treatment  boolean       not null,  -- reaches only the records of patients it treats
    consent_exempt        boolean       not null,  -- not bound by patients' privacy consents
    reviews_emergencies   boolean       not null,  -- reviews break-the-glass cases
    own_record_only       boolean       not null,  -- every scope is read as patient-level: its own record only
    reads_audit           boolean       not null,  -- reads the audit trail (auditors and the privacy officer only)
    changed               timestamptz   not null default now(),
    changed_by            varchar(256)  not null,
    reason                text          not null,
    primary key (role, version)
);

insert into role_policy (role, version, permissions, clearances, bounded_by_treatment, consent_exempt,
    reviews_emergencies, own_record_only, reads_audit, changed_by, reason) values
 ('clinician', 1, '*.crus', '{restricted,hiv,mental-health,sexual-and-reproductive,abuse}', true, false, false, false, false,
  'installation', 'Treats patients: reads and writes their records (corrects, never deletes); not very restricted or 42 CFR Part 2 data without consent'),
 ('nurse', 1, '*.crus', '{restricted,hiv,mental-health,sexual-and-reproductive,abuse}', true, false, false, false, false,
  'installation', 'As a clinician'),
 ('him', 1, '*.crus', '{restricted,hiv,mental-health,substance-use,sexual-and-reproductive,abuse}', false, false, false, false, false,
  'installation', 'Maintains the legal record of every patient: completes, corrects and files documents; never deletes'),
 ('coder', 1, '*.rs Claim.crus ClaimResponse.rs Account.crus ChargeItem.crus Condition.crus Procedure.crus Encounter.rus',
  '{restricted,hiv,mental-health,substance-use,sexual-and-reproductive,abuse}', false, false, false, false, false,
  'installation', 'Reads the record to code it; writes diagnoses, procedures, charges and claims'),
 ('roi', 1, '*.rs Consent.crus DocumentReference.crus',
  '{restricted,hiv,mental-health,substance-use,sexual-and-reproductive,abuse}', false, false, false, false, false,
  'installation', 'Releases information: reads the record, records authorizations and released documents'),
 ('privacy-officer', 1, '*.rs Consent.crus',
  '{restricted,very-restricted,hiv,mental-health,substance-use,sexual-and-reproductive,abuse}', false, true, true, false, true,
  'installation', 'Investigates and administers privacy: reads everything, records consents, reviews break-the-glass'),
 ('patient', 1, '*.rs Observation.crus QuestionnaireResponse.crus Communication.crus DocumentReference.crus Consent.crus',
  '{restricted,very-restricted,hiv,mental-health,substance-use,sexual-and-reproductive,abuse}', false, true, false, true, false,
  'installation', 'Reads their own record (patient-level scopes); contributes observations, questionnaires, messages, documents and consents'),
 ('integration', 1, '*.cruds', '{restricted,hiv,mental-health,substance-use,sexual-and-reproductive,abuse}', false, false, false, false, false,
  'installation', 'Interfaces and imports acting for the organization'),
 ('auditor', 1, 'AuditEvent.rs', '{}', false, false, false, false, true,
  'installation', 'Reads the audit trail, not the record'),
 ('administrator', 1, 'Practitioner.crus PractitionerRole.crus Organization.crus Location.crus HealthcareService.crus Endpoint.crus ValueSet.crus CodeSystem.crus ConceptMap.crus',
  '{}', false, false, false, false, false,
  'installation', 'Maintains directories and terminology; no patient data'),
 ('researcher', 1, '', '{}', false, false, false, false, false,
  'installation', 'De-identified data only (analytics), never the identified record');
