-- Issue 10: data stays bound to the organisation it was collected for; a read id is stored once; an approval's
-- open end; what a person has searched under a case, for the cumulative approval threshold.

-- A camera id is the address reads are sent to and what passages, images and hits name. Once an organisation has
-- used an id, it stays that organisation's for good: deleting the camera retires the id for everyone else, and an
-- existing camera never changes organisation. So passages, images and hits of an id always belong to the
-- organisation that owned the camera when they were recorded, without an organisation column on every hot row.
create table camera_retired (
    id            text primary key,
    organisation  text not null references organisation (code),
    retired_at    timestamptz not null default now()
);

create function camera_keeps_its_organisation() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' and new.organisation is distinct from old.organisation then
        raise exception 'camera id % is not available', new.id using errcode = 'unique_violation',
            detail = 'a camera never changes organisation; register a new camera id';
    end if;
    if exists (select 1 from camera_retired r where r.id = new.id and r.organisation <> new.organisation) then
        raise exception 'camera id % is not available', new.id using errcode = 'unique_violation',
            detail = 'the id was used by another organisation';
    end if;
    return new;
end
$$;

create trigger camera_keeps_its_organisation before insert or update of id, organisation on camera
    for each row execute function camera_keeps_its_organisation();

create function camera_retire_id() returns trigger language plpgsql as $$
begin
    insert into camera_retired (id, organisation) values (old.id, old.organisation) on conflict (id) do nothing;
    return old;
end
$$;

create trigger camera_retire_id after delete on camera for each row execute function camera_retire_id();

-- Ids of cameras removed before this migration that still name stored data: bind them to the organisation whose
-- list produced their hits, the one owner the data still records.
insert into camera_retired (id, organisation)
select distinct on (h.camera_id) h.camera_id, l.organisation from hit h join reference_list l on l.id = h.list_id
where not exists (select 1 from camera c where c.id = h.camera_id)
order by h.camera_id, h.created_at
on conflict (id) do nothing;

-- A passage's primary key includes its day (a partitioned table's unique key must), so a read resent with another
-- time would land as a second passage. Every read id is also kept here, unpartitioned, so that an id is stored once
-- whatever time it carries. Rows go with their day's partition (see Partitions.drop); BRIN on the time is nearly free
-- to maintain because reads arrive in about time order.
create table read_id (
    id           uuid primary key,
    observed_at  timestamptz not null
);
create index read_id_observed on read_id using brin (observed_at);

insert into read_id (id, observed_at) select id, min(observed_at) from passage group by id;

-- A search request filed without an end ("up to now") is approved up to the moment of each search, within the
-- approval's validity, not only up to the moment it was filed.
alter table search_request add column open_end boolean not null default false;

-- What each passage search allowed without an approval reached, so that the threshold is applied to what one person
-- searched under one case over a sliding window, not to each request alone. Rows older than the window are deleted
-- by the next search (they hold searched plates and are never read again).
create table search_usage (
    id            bigserial primary key,
    at            timestamptz not null,
    actor         text not null,
    case_number   text not null,
    plate         text,
    fuzzy         boolean not null,
    camera_id     text,
    from_at       timestamptz not null,
    to_at         timestamptz not null
);
create index search_usage_actor_case on search_usage (actor, case_number, at);
create index search_usage_at on search_usage (at);
