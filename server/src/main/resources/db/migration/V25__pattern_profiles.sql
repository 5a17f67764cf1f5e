-- Pattern profiles (issue 12): where each camera stands (a named place with tags such as carpool, parking, border),
-- and the profiles themselves, as data, switched on per organisation with a purpose and a legal basis like a list.

-- One place per camera; the entry and exit cameras of one car park share the place's name.
create table camera_place (
    camera_id  text primary key references camera (id) on delete cascade,
    place      text not null check (length(place) between 1 and 200),
    tags       text[] not null check (cardinality(tags) between 1 and 10),
    updated_at timestamptz not null default now()
);
create index camera_place_tags on camera_place using gin (tags);

create table pattern_profile (
    id            bigint generated always as identity primary key,
    organisation  text not null references organisation (code),
    name          text not null check (length(name) between 1 and 200),
    purpose       text not null,
    legal_basis   text not null,
    definition    jsonb not null,
    active        boolean not null default false,
    created_by    text not null,
    created_at    timestamptz not null default now(),
    unique (organisation, name)
);
