-- Code sets as versioned terminology (coding.Terminology): each release of a code system kept whole, side
-- by side with the others, in force from its effective date until a later release of the same system is;
-- so a code is valid or not on a date of service. Concepts carry their titles, whether they may be used
-- (billable, not a header) and their parent; maps between systems (the GEMs) for $translate.
create table term_release (
    release_id      bigserial     primary key,
    system          text          not null,
    version         text          not null,
    effective       date          not null,
    source          text          not null,
    concepts        integer       not null,
    loaded_at       timestamptz   not null,
    loaded_by       text          not null,
    unique (system, version)
);

create table term_concept (
    release_id      bigint        not null references term_release on delete cascade,
    code            varchar(64)   not null,
    selectable      boolean       not null,
    display         text          not null,
    short_display   text,
    parent          varchar(64),
    words           tsvector      generated always as (to_tsvector('simple', display || ' ' || coalesce(short_display, ''))) stored,
    primary key (release_id, code)
);
create index term_concept_parent_ix on term_concept (release_id, parent);
create index term_concept_words_ix on term_concept using gin (words);

create table term_map (
    map_id          bigserial     primary key,
    source_system   text          not null,
    target_system   text          not null,
    version         text          not null,
    loaded_at       timestamptz   not null,
    unique (source_system, target_system, version)
);

create table term_map_entry (
    map_id          bigint        not null references term_map on delete cascade,
    source_code     varchar(64)   not null,
    target_code     varchar(64)   not null,
    equivalence     varchar(16)   not null,
    scenario        smallint      not null,
    choice          smallint      not null
);
create index term_map_entry_source_ix on term_map_entry (map_id, source_code);
