-- A region's roads and boundary (GeoJSON, as exported from OpenStreetMap), stored per organisation: the coverage
-- report runs against it and every map of the web app draws its roads as the offline base layer.
create table road_network (
    id           bigserial primary key,
    organisation text not null references organisation (code),
    name         text not null,
    shared       boolean not null default false,
    boundary     jsonb not null,
    roads        jsonb not null,
    road_count   integer not null,
    min_lat      double precision not null,
    min_lon      double precision not null,
    max_lat      double precision not null,
    max_lon      double precision not null,
    created_by   text not null,
    created_at   timestamptz not null default now(),
    unique (organisation, name)
);
create index road_network_shared on road_network (shared) where shared;
