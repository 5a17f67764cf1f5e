-- Organisations own cameras and (later) lists, hits and users.
create table organisation (
    code        text primary key,
    name        text not null,
    created_at  timestamptz not null default now()
);

create table camera (
    id            text primary key,
    name          text not null,
    type          text not null check (type in ('FIXED', 'MOBILE')),
    lat           double precision not null check (lat between -90 and 90),
    lon           double precision not null check (lon between -180 and 180),
    heading       double precision check (heading >= 0 and heading < 360),
    lane          text,
    direction     text,
    organisation  text not null references organisation (code),
    status        text not null check (status in ('ACTIVE', 'INACTIVE', 'MAINTENANCE')),
    last_read_at  timestamptz,
    created_at    timestamptz not null default now()
);

-- Only a SHA-256 of each token is kept: tokens are 256-bit random, so a slow password hash adds nothing.
create table api_token (
    token_hash  bytea primary key,
    kind        text not null check (kind in ('ADMIN', 'CAMERA')),
    camera_id   text references camera (id) on delete cascade,
    label       text not null,
    created_at  timestamptz not null default now(),
    revoked_at  timestamptz,
    check ((kind = 'CAMERA') = (camera_id is not null))
);

-- One row per accepted read. Partitioned by UTC day so that purging a day is dropping a partition.
-- plate_key is the OCR-confusion key (core OcrConfusion.key): exact search filters on plate, fuzzy on key;
-- "C" collation lets LIKE 'AB_...' use the btree.
create table passage (
    id           uuid not null,
    observed_at  timestamptz not null,
    camera_id    text not null,
    plate        text not null,
    plate_key    text collate "C" not null,
    country      text,
    confidence   real not null,
    lat          double precision,
    lon          double precision,
    has_images   boolean not null default false,
    received_at  timestamptz not null default now(),
    primary key (id, observed_at)
) partition by range (observed_at);

create index passage_key_time on passage (plate_key, observed_at);
create index passage_camera_time on passage (camera_id, observed_at);

-- Images live in their own table with the same day partitions, so a purge of a day removes both.
create table passage_image (
    passage_id   uuid not null,
    observed_at  timestamptz not null,
    kind         text not null check (kind in ('plate', 'overview')),
    jpeg         bytea not null,
    primary key (passage_id, kind, observed_at)
) partition by range (observed_at);
