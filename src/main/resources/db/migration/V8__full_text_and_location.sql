-- Full-text search (_text: the narrative; _content: the whole resource), one row per resource and
-- kind (hash_identity of _text or _content for its type), as a tsvector with English stemming.
-- Rows are written with every new version from now on; resources stored before this migration get
-- theirs when next written (re-import them to search older text).
create table idx_text (
    res_id         bigint    not null,
    hash_identity  bigint    not null,
    doc            tsvector  not null
);
create index idx_text_doc_ix on idx_text using gin (doc);
create index idx_text_res_ix on idx_text (res_id);
