-- Scanned and uploaded paper (ingest.scan): each file kept as it came, committed before anything is done
-- with it; then read page by page (the PDF's own text, else OCR), each page checked (blank, rotated,
-- unreadable), and the patient and document type suggested from the text; then an indexing clerk files
-- it to a patient as a DocumentReference (its text searchable in the chart), or sets it aside.
create table scan_document (
    scan_id              bigserial    primary key,
    received_at          timestamptz  not null,
    received_by          text         not null,
    batch                text         not null,      -- the upload it came in
    file_name            text         not null,
    content_type         text         not null,
    content              bytea        not null,
    digest               bytea        not null,
    status               text         not null check (status in ('received', 'indexing', 'filed', 'set-aside')),
    pages                integer,
    page_notes           text[]       not null default '{}',   -- per page: 'page 2: blank', 'page 3: rotated 90°'…
    text                 text,
    suggested_patient    text,                       -- Patient/id
    suggested_type       text,                       -- LOINC document type code
    suggestion_reasons   text[]       not null default '{}',
    patient              text,
    document_type        text,
    document_reference   text,
    indexed_by           text,
    indexed_at           timestamptz,
    note                 text
);
create index scan_document_status_ix on scan_document (status, received_at);
create index scan_document_digest_ix on scan_document (digest);
