-- Privacy monitoring (issue 5): alerts raised by rules run over the audit stream within seconds of
-- each access, scored and de-duplicated (one alert per rule, user, patient and day, counting its
-- occurrences), forming the privacy officer's case queue; and the suspensions the gate applies at
-- once when a user's pattern looks like exfiltration.
create table privacy_alert (
    alert_id     bigserial     primary key,
    raised       timestamptz   not null,
    rule         varchar(64)   not null,
    score        integer       not null,   -- 0 to 100
    urgent       boolean       not null,
    actor        varchar(256)  not null,
    patient      varchar(200),             -- Patient/id, when the rule is about one
    dedupe_key   text          not null unique,
    first_seq    bigint        not null,   -- the audit rows that raised it
    last_seq     bigint        not null,
    occurrences  integer       not null,
    summary      text          not null,
    status       varchar(16)   not null default 'open',   -- open, investigating, closed
    outcome      varchar(32),                             -- appropriate, violation, inconclusive
    notes        text,
    reviewed_by  varchar(256),
    reviewed_at  timestamptz
);
create index privacy_alert_queue_ix on privacy_alert (status, urgent desc, score desc, raised);

create table access_suspension (
    suspension_id  bigserial     primary key,
    actor          varchar(256)  not null,
    since          timestamptz   not null,
    reason         text          not null,
    lifted_by      varchar(256),
    lifted_at      timestamptz,
    lift_note      text
);
create unique index access_suspension_active_ix on access_suspension (actor) where lifted_at is null;
