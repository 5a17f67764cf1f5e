-- Reference lists (referentielijsten), their versions and entries; where they are switched on; enforcement
-- actions (controle-acties); hits and what the officer did about them; how many reads were scanned.

create table reference_list (
    id                  bigint generated always as identity primary key,
    name                text not null,
    category            text not null,
    purpose             text not null,
    legal_basis         text not null,
    organisation        text not null references organisation (code),
    source              text not null,
    instruction         text not null,
    priority            int not null default 0,
    fuzzy               boolean not null,
    hit_retention_days  int not null check (hit_retention_days between 1 and 3650),
    -- whether the legal basis allows checking stored passages when an entry is added
    historical_search   boolean not null default false,
    -- optional conditions: directions of travel, days and hours, an area
    directions          text[] not null default '{}',
    time_window         jsonb,
    area                jsonb,
    current_version     int not null default 0,
    created_at          timestamptz not null default now(),
    unique (organisation, name)
);

create table list_version (
    list_id      bigint not null references reference_list (id) on delete cascade,
    version      int not null,
    kind         text not null check (kind in ('REPLACE', 'DELTA')),
    added        int not null,
    removed      int not null,
    total        int not null,
    imported_by  text not null,
    imported_at  timestamptz not null default now(),
    primary key (list_id, version)
);

-- plate holds the normalised text with '?' for an unknown character; country '' means any country.
-- Each list's entries are a partition of their own: a full replace loads a fresh table and swaps it in, which is
-- far cheaper than deleting and re-inserting a million indexed rows. Uniqueness of (plate, country) within a list
-- is kept by the import, which refuses duplicates.
create sequence list_entry_id_seq;

create table list_entry (
    id           bigint not null default nextval('list_entry_id_seq'),
    list_id      bigint not null references reference_list (id) on delete cascade,
    plate        text collate "C" not null,
    country      text not null default '',
    reason       text,
    amount       numeric(12, 2),
    valid_from   timestamptz,
    valid_until  timestamptz,
    attributes   jsonb,
    added_in     int not null,
    primary key (list_id, id)
) partition by list (list_id);

create table camera_group (
    code          text primary key,
    name          text not null,
    organisation  text not null references organisation (code)
);

create table camera_group_member (
    group_code  text not null references camera_group (code) on delete cascade,
    camera_id   text not null references camera (id) on delete cascade,
    primary key (group_code, camera_id)
);

-- A list is switched on for a camera, a camera group, or a whole region (an organisation's cameras).
create table list_activation (
    list_id     bigint not null references reference_list (id) on delete cascade,
    scope       text not null check (scope in ('CAMERA', 'GROUP', 'REGION')),
    target      text not null,
    created_at  timestamptz not null default now(),
    primary key (list_id, scope, target)
);

create table enforcement_action (
    id            bigint generated always as identity primary key,
    name          text not null,
    organisation  text not null references organisation (code),
    place         text not null,
    lat           double precision,
    lon           double precision,
    starts_at     timestamptz not null,
    ends_at       timestamptz not null,
    team          text not null,
    created_at    timestamptz not null default now(),
    check (ends_at > starts_at)
);

create table action_camera (
    action_id  bigint not null references enforcement_action (id) on delete cascade,
    camera_id  text not null references camera (id),
    primary key (action_id, camera_id)
);

create table action_list (
    action_id  bigint not null references enforcement_action (id) on delete cascade,
    list_id    bigint not null references reference_list (id),
    primary key (action_id, list_id)
);

-- A hit copies what the officer needs (entry, instruction) so it outlives list changes and passage purges.
create table hit (
    id               uuid primary key,
    passage_id       uuid not null,
    observed_at      timestamptz not null,
    camera_id        text not null,
    plate            text not null,
    country          text,
    confidence       real not null,
    lat              double precision,
    lon              double precision,
    list_id          bigint not null references reference_list (id),
    entry_id         bigint,
    entry_plate      text not null,
    entry_reason     text,
    entry_amount     numeric(12, 2),
    match_kind       text not null check (match_kind in ('EXACT', 'FUZZY', 'WILDCARD')),
    distance         int not null,
    instruction      text not null,
    priority         int not null,
    action_id        bigint references enforcement_action (id),
    historical       boolean not null default false,
    created_at       timestamptz not null default now(),
    keep_until       timestamptz not null,
    acknowledged_by  text,
    acknowledged_at  timestamptz,
    outcome          text check (outcome in ('STOPPED_CHECKED', 'FINE_PAID', 'ARREST', 'VEHICLE_SEIZED',
                                             'NOT_STOPPED', 'MISREAD')),
    outcome_amount   numeric(12, 2),
    outcome_note     text,
    outcome_by       text,
    outcome_at       timestamptz,
    unique (passage_id, list_id, entry_plate)
);

create index hit_observed on hit (observed_at);
create index hit_open on hit (observed_at) where outcome is null;
create index hit_action on hit (action_id) where action_id is not null;

create table hit_image (
    hit_id  uuid not null references hit (id) on delete cascade,
    kind    text not null check (kind in ('plate', 'overview')),
    jpeg    bytea not null,
    primary key (hit_id, kind)
);

-- Reads scanned, kept as counts so the statistics survive a "hits only" regime in which no-hit reads are
-- never written. list_id 0 / action_id 0 stand for "no list" / "no action". Each ingest batch appends its own rows
-- (no upsert, so concurrent batches never wait on each other's row locks); a periodic roll-up sums them per day.
create table scan_count (
    day        date not null,
    camera_id  text not null,
    list_id    bigint not null,
    action_id  bigint not null,
    reads      bigint not null
);

create index scan_count_day on scan_count (day);
