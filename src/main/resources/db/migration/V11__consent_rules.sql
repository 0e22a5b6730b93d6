-- Patient consent (issue 4). The provisions of every active patient-privacy Consent, as the access
-- gate enforces them (org.custodian.access.ConsentProvisions), kept beside the Consent's current
-- version: written, replaced and removed in the same transaction as the Consent itself, so a
-- patient's choice never lags the record. Consents that restrict nothing leave no rows.
create table consent_rule (
    consent_res_id  bigint       not null,
    rule_no         smallint     not null,   -- 0: the root provision (the default); 1…: its exceptions
    patient_res_id  bigint       not null,
    deny            boolean      not null,
    actors          text[],                  -- Practitioner/1, CareTeam/2, Organization/3 …; null: anyone
    purposes        text[],                  -- purpose-of-use codes; null: any purpose
    res_types       text[],                  -- null: every type
    label_mask      integer      not null,   -- org.custodian.access.Sensitivity bits; 0: any data
    data_res_ids    bigint[],                -- specific resources; null: any
    valid_from      timestamptz,
    valid_to        timestamptz,
    primary key (consent_res_id, rule_no)
);
