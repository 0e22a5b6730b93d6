-- Electronic signatures on clinical entries (completion.EntrySignatures): each signature binds the
-- signer to a SHA-256 digest of the entry's content (completion.SignedContent), and is also written
-- as a FHIR Provenance. While an entry has a signature, completion.SignedEntryLock refuses any write
-- that changes the signed content or the signed state (authenticator, docStatus), and any delete.
create table entry_signature (
    signature_id   bigserial    primary key,
    entry          text         not null,             -- DocumentReference/123, Composition/9
    patient        text,
    version        integer,                           -- the entry's version the signing wrote
    digest         bytea        not null,
    kind           text         not null check (kind in ('author', 'cosign')),
    signer         text         not null,             -- Practitioner/…
    signer_role    text         not null,             -- as the signer's PractitionerRole names it
    username       text         not null,
    supervisor     text,                              -- Practitioner/… who must co-sign a trainee's entry
    authenticator  text,                              -- the signed state the lock holds: who authenticated
    doc_status     text,                              -- and the document's status (preliminary, final)
    provenance     text,
    signed_at      timestamptz  not null
);
create index entry_signature_entry_ix on entry_signature (entry, signature_id desc);
create index entry_signature_supervisor_ix on entry_signature (supervisor) where supervisor is not null;
