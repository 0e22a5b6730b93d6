-- Data quality (quality.DataQuality): what the checks (quality.QualityChecks) found in each record,
-- replaced whenever the record changes, so that a chart's and a source system's scores are counts.
create table quality_result (
    resource    text         primary key,      -- Type/id
    patient     text,
    source      text         not null,         -- the record's meta.source, or 'not recorded'
    checked_at  timestamptz  not null,
    errors      integer      not null,
    warnings    integer      not null
);
create index quality_result_patient_ix on quality_result (patient);
create index quality_result_source_ix on quality_result (source);

create table quality_issue (
    issue_id    bigserial    primary key,
    resource    text         not null,
    patient     text,
    source      text         not null,
    check_name  text         not null,
    severity    text         not null check (severity in ('error', 'warning')),
    detail      text         not null,
    found_at    timestamptz  not null
);
create index quality_issue_resource_ix on quality_issue (resource);
create index quality_issue_patient_ix on quality_issue (patient);

-- Where the checks got to: the last change checked, per resource type.
create table quality_watermark (
    resource_type  text         primary key,
    checked_to     timestamptz  not null
);
