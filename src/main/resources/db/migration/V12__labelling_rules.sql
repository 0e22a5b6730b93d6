-- Sensitive-data labelling (issue 4): rules that add a security label to a resource when one of its
-- codes is sensitive (for example a Condition coded as HIV infection), applied when the resource is
-- written. Each rule names where to look (Type.search-parameter, a token parameter such as
-- Condition.code or Encounter.reason-code) and what is sensitive: codes of one system, exact or by
-- prefix (ICD-10-CM categories), or the codes of a ValueSet stored on this server.
create table labelling_rule (
    rule_id        varchar(64)   primary key,
    description    text          not null,
    targets        text[]        not null,   -- Condition.code, Observation.code, Encounter.reason-code …
    code_system    text,                     -- with codes / code_prefixes
    codes          text[],                   -- exact codes
    code_prefixes  text[],                   -- codes beginning with one of these (F10 matches F10.20)
    value_set      text,                     -- or: the canonical url of a stored ValueSet
    label_system   text          not null,
    label_code     text          not null,
    enabled        boolean       not null default true,
    changed        timestamptz   not null default now(),
    changed_by     varchar(256)  not null default 'installation'
);

-- A starting set for the privacy officer to review: diagnoses and tests whose mere presence in a
-- record discloses HIV status, mental health, sexual and reproductive health or abuse. Substance use
-- is labelled ETH, which 42 CFR Part 2 protects (clinicians see it only with the patient's consent):
-- that applies to records of Part 2 programs, so the rule ships disabled; enable it where it applies.
insert into labelling_rule (rule_id, description, targets, code_system, codes, code_prefixes, label_system, label_code, enabled) values
 ('hiv-icd10cm', 'HIV disease, asymptomatic HIV, inconclusive HIV test, HIV in pregnancy, HIV counselling',
  '{Condition.code,Encounter.reason-code,Procedure.reason-code}', 'http://hl7.org/fhir/sid/icd-10-cm', null,
  '{B20,Z21,R75,O98.7,Z71.7}', 'http://terminology.hl7.org/CodeSystem/v3-ActCode', 'HIV', true),
 ('hiv-snomed', 'HIV infection, HIV positive', '{Condition.code,Encounter.reason-code,Procedure.reason-code}',
  'http://snomed.info/sct', '{86406008,165816005}', null, 'http://terminology.hl7.org/CodeSystem/v3-ActCode', 'HIV', true),
 ('hiv-loinc', 'HIV antibody, antigen and viral load tests', '{Observation.code,DiagnosticReport.code,ServiceRequest.code}',
  'http://loinc.org', '{7918-6,56888-1,20447-9}', null, 'http://terminology.hl7.org/CodeSystem/v3-ActCode', 'HIV', true),
 ('mental-health-icd10cm', 'Mental and behavioural disorders (F20-F69, F90-F99)',
  '{Condition.code,Encounter.reason-code,Procedure.reason-code}', 'http://hl7.org/fhir/sid/icd-10-cm', null,
  '{F2,F3,F4,F5,F6,F9}', 'http://terminology.hl7.org/CodeSystem/v3-ActCode', 'PSY', true),
 ('mental-health-snomed', 'Depressive disorder, major depressive disorder, schizophrenia, bipolar disorder',
  '{Condition.code,Encounter.reason-code,Procedure.reason-code}', 'http://snomed.info/sct',
  '{35489007,370143000,58214004,13746004}', null, 'http://terminology.hl7.org/CodeSystem/v3-ActCode', 'PSY', true),
 ('sti-icd10cm', 'Infections with a predominantly sexual mode of transmission (A50-A64)',
  '{Condition.code,Encounter.reason-code,Procedure.reason-code}', 'http://hl7.org/fhir/sid/icd-10-cm', null,
  '{A50,A51,A52,A53,A54,A55,A56,A57,A58,A59,A60,A63,A64}', 'http://terminology.hl7.org/CodeSystem/v3-ActCode', 'STD', true),
 ('reproductive-icd10cm', 'Pregnancy with abortive outcome (O00-O08), contraceptive management (Z30)',
  '{Condition.code,Encounter.reason-code,Procedure.reason-code}', 'http://hl7.org/fhir/sid/icd-10-cm', null,
  '{O00,O01,O02,O03,O04,O05,O06,O07,O08,Z30}', 'http://terminology.hl7.org/CodeSystem/v3-ActCode', 'SEX', true),
 ('abuse-icd10cm', 'Abuse, neglect and maltreatment, confirmed or suspected; perpetrator; examination after alleged assault',
  '{Condition.code,Encounter.reason-code,Procedure.reason-code}', 'http://hl7.org/fhir/sid/icd-10-cm', null,
  '{T74,T76,Y07,Z04.4,Z69}', 'http://terminology.hl7.org/CodeSystem/v3-ActCode', 'SDV', true),
 ('substance-use-icd10cm', 'Substance use disorders except nicotine (F10-F16, F18, F19): for Part 2 programs',
  '{Condition.code,Encounter.reason-code,Procedure.reason-code}', 'http://hl7.org/fhir/sid/icd-10-cm', null,
  '{F10,F11,F12,F13,F14,F15,F16,F18,F19}', 'http://terminology.hl7.org/CodeSystem/v3-ActCode', 'ETH', false);
