-- Each load of the offline vehicle registry, written in the load's transaction: the server holds the registry in memory
-- and takes it afresh when a newer load appears here.
create table registry_load (
    id        bigserial primary key,
    loaded_at timestamptz not null default now(),
    source    text not null,
    vehicles  bigint not null
);
