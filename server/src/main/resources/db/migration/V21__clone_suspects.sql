-- Cloned plates (issue 12): two sightings of one plate that cannot be one vehicle, found by the read pipeline as the
-- second read arrives. A suspect copies its evidence (both passages, positions, descriptions, the calculation) and
-- belongs to the organisation whose cameras saw both.
create table clone_suspect (
    id                 bigserial primary key,
    organisation       text not null references organisation (code),
    plate              text not null,
    country            text,
    reasons            text[] not null,
    first_passage      uuid not null,
    first_time         timestamptz not null,
    first_camera       text not null,
    first_lat          double precision,
    first_lon          double precision,
    first_vehicle      text,
    second_passage     uuid not null,
    second_time        timestamptz not null,
    second_camera      text not null,
    second_lat         double precision,
    second_lon         double precision,
    second_vehicle     text,
    metres             double precision,
    seconds            bigint not null,
    needed_kmh         double precision,
    calculation        text,
    description        text,
    created_at         timestamptz not null default now(),
    unique (first_passage, second_passage)
);
create index clone_suspect_org_time on clone_suspect (organisation, second_time);
