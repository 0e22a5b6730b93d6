-- The ICD-10-CM Alphabetic Index of a release, when the hospital loads it (coding.AlphabeticIndex): each
-- index path that leads to a code (main term and subterms, "Effusion, pleural" -> J90), its nonessential
-- modifiers apart, and the code it gives (a code ending in "-" needs more characters: the default under it
-- is suggested). The code suggestions use these terms beside the tabular titles.
create table term_index (
    release_id      bigint        not null references term_release on delete cascade,
    phrase          text          not null,
    nonessential    text,
    code            varchar(16)   not null
);
create index term_index_release_ix on term_index (release_id);
