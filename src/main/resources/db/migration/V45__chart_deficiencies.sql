-- Chart completion (completion.ChartDeficiencies): the rules that find what is missing or late in a
-- chart, configurable per encounter class and document type, and the deficiencies they found, each
-- assigned to the clinician responsible with a due date, closed automatically when the work is done.

create table deficiency_rule (
    rule_id           text         primary key,
    kind              text         not null check (kind in ('unsigned', 'uncosigned', 'missing-document',
                                       'missing-discharge-diagnosis', 'operative-report', 'unauthenticated-order')),
    title             text         not null,
    encounter_classes text[],                     -- v3 ActCode classes it applies to; null: every class
    document_types    text[],                     -- system|code of the documents that satisfy it
    anchor            text         not null check (anchor in ('written', 'signed', 'admission', 'discharge', 'procedure')),
    due_hours         integer      not null check (due_hours > 0),
    active            boolean      not null default true,
    changed_by        text         not null,
    changed_at        timestamptz  not null
);

-- What accreditation surveyors and the Medicare Conditions of Participation look for (482.22(c)(5),
-- 482.24(c), 482.51(b)(6)); each hospital's medical staff rules set its own periods.
insert into deficiency_rule (rule_id, kind, title, encounter_classes, document_types, anchor, due_hours, changed_by, changed_at) values
 ('unsigned-note', 'unsigned', 'Note not signed', null, null, 'written', 48, 'installation', now()),
 ('uncosigned-note', 'uncosigned', 'Note not co-signed', null, null, 'signed', 48, 'installation', now()),
 ('history-and-physical', 'missing-document', 'History and physical missing', '{IMP,ACUTE,NONAC}',
  '{http://loinc.org|34117-2,http://loinc.org|11492-6}', 'admission', 24, 'installation', now()),
 ('discharge-summary', 'missing-document', 'Discharge summary missing', '{IMP,ACUTE,NONAC}',
  '{http://loinc.org|18842-5}', 'discharge', 168, 'installation', now()),
 ('discharge-diagnosis', 'missing-discharge-diagnosis', 'Discharge diagnosis missing', '{IMP,ACUTE,NONAC}', null,
  'discharge', 168, 'installation', now()),
 ('operative-report', 'operative-report', 'Operative report missing', null, '{http://loinc.org|11504-8}', 'procedure', 24,
  'installation', now()),
 ('verbal-order', 'unauthenticated-order', 'Verbal or telephone order not authenticated', null, null, 'written', 48,
  'installation', now());

create table deficiency (
    deficiency_id  bigserial    primary key,
    rule_id        text         not null references deficiency_rule,
    encounter      text,                        -- Encounter/…, the chart it holds up
    patient        text         not null,
    subject        text         not null,       -- what is deficient: the note, the order, or the encounter itself
    assignee       text,                        -- Practitioner/… responsible
    discharged_at  timestamptz,                 -- the encounter's discharge, for delinquency
    due_at         timestamptz  not null,
    opened_at      timestamptz  not null,
    closed_at      timestamptz,
    closed_how     text         check (closed_how in ('completed', 'completed-late', 'no-longer-required'))
);
create unique index deficiency_open_ux on deficiency (rule_id, subject) where closed_at is null;
create index deficiency_assignee_ix on deficiency (assignee) where closed_at is null;
create index deficiency_encounter_ix on deficiency (encounter);

-- Each chart reviewed, with its discharge: the discharges per month the delinquency rate divides by.
create table chart_review (
    encounter        text         primary key,
    patient          text         not null,
    encounter_class  text,
    discharged_at    timestamptz,
    reviewed_at      timestamptz  not null
);
create index chart_review_discharged_ix on chart_review (discharged_at);

-- Escalation notices sent to clinicians with overdue work (completion.Delinquency), one a day at most.
create table completion_notice (
    notice_id     bigserial    primary key,
    assignee      text         not null,
    level         text         not null check (level in ('overdue', 'delinquent')),
    deficiencies  integer      not null,
    charts        integer      not null,
    sent_at       timestamptz  not null
);
create index completion_notice_assignee_ix on completion_notice (assignee, sent_at desc);

-- The delinquency rate as it stood each day (completion.Delinquency), so it can be shown over time.
create table delinquency_snapshot (
    day                 date         primary key,
    delinquent_charts   integer      not null,
    monthly_discharges  numeric      not null,
    open_deficiencies   integer      not null
);

-- Where the reviewer got to: the last change it has reviewed, per resource type.
create table deficiency_watermark (
    resource_type  text         primary key,
    reviewed_to    timestamptz  not null
);
