-- Issue 12, traffic statistics at tens of millions of passages: a roll-up kept by the maintenance thread
-- (investigation.TrafficRollup), from which the statistics read the closed hours and days of a window; the rest of the
-- window comes from the passage table. Every row is per camera, so visibility (own and shared cameras, from the
-- agreement's start) is applied when reading, as on passages. No plate is stored: a vehicle is a 64-bit hash of its
-- plate, kept only as long as the passages it came from (the roll-up follows every purge).

-- Per camera per UTC hour (the local hour of every zone whose offset is whole hours): the passages, and the vehicles
-- as in traffic_rollup_camera_day below (the parts of a window before and after its whole local days).
create table traffic_rollup_hour (
    camera_id     text not null,
    hour          timestamptz not null,
    passages      integer not null,
    hashes        bytea not null,
    counts        bytea not null,
    countries     bytea not null,
    country_list  text[] not null,
    primary key (hour, camera_id)
);

-- Which hours the roll-up answers ([rolled_from, rolled_until); what = 'hours'), and as of when: the last refresh
-- (database time) checked the hours from recent_from on, the last full one every hour. A passage received since then
-- (passage.received_at, V29) is not in the roll-up: the statistics read its hour and day from the passages.
create table traffic_rollup_state (
    what               text primary key,
    rolled_from        timestamptz not null,
    rolled_until       timestamptz not null,
    recent_from        timestamptz not null,
    refreshed_at       timestamptz not null,
    full_refreshed_at  timestamptz not null
);

-- A local day of a time zone (of an organisation) that is rolled up, from its start to covered_until (its end, or the
-- last closed hour for the day now running); a day without a row here is read from the passage table.
create table traffic_rollup_day (
    zone           text not null,
    day            date not null,
    covered_until  timestamptz not null,
    primary key (zone, day)
);

-- Per camera per local day: the passages, the distinct vehicles, and the vehicles themselves so that distinct counts
-- combine over days and cameras: hashes (8 bytes each, ascending), counts (4 bytes: the vehicle's passages),
-- countries (2 bytes: 0 none, i the i-th of country_list, the vehicle's greatest country read that day).
create table traffic_rollup_camera_day (
    zone          text not null,
    day           date not null,
    camera_id     text not null,
    passages      integer not null,
    vehicles      integer not null,
    hashes        bytea not null,
    counts        bytea not null,
    countries     bytea not null,
    country_list  text[] not null,
    primary key (zone, day, camera_id)
);

-- Hashes are random bytes: compressing them gains nothing and costs every read.
alter table traffic_rollup_camera_day alter column hashes set storage external;
alter table traffic_rollup_hour alter column hashes set storage external;
