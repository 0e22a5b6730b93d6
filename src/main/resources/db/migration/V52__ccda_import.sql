-- C-CDA documents from other providers (ingest.ccda.CcdaImport): each kept as it came, committed before
-- it is read, then imported (its entries written through the gate, the document kept as a
-- DocumentReference, a Provenance naming it as their source), refused with the reason, or left
-- unmatched until staff say whose it is. The report (what was written, what stayed only in the
-- document) is kept with it.
create table ccda_import (
    import_id            bigserial    primary key,
    received_at          timestamptz  not null,
    received_by          text         not null,
    source               text         not null,      -- 'api', a file name
    document             bytea        not null,
    digest               bytea        not null,      -- SHA-256 of the document: the same file twice is one import
    document_id          text,                       -- ClinicalDocument/id as system|value
    kind                 text,                       -- Continuity of Care Document, Discharge Summary…
    title                text,
    status               text         not null check (status in ('received', 'imported', 'duplicate', 'unmatched',
                                                                  'rejected', 'error')),
    patient              text,                       -- Patient/id
    document_reference   text,
    written              text[]       not null default '{}',
    unmapped             text[]       not null default '{}',
    error                text,
    finished_at          timestamptz,
    attached_by          text                        -- who said whose an unmatched document is
);
create index ccda_import_digest_ix on ccda_import (digest);
create index ccda_import_document_ix on ccda_import (document_id);
create index ccda_import_status_ix on ccda_import (status, received_at);
