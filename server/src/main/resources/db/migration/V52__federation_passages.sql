-- Issue 15: passages flow up to the publishing (national) node, as the regions' sharing agreements allow: a regional
-- node sends the passages of cameras it shares for passages with the publisher's organisation, from each
-- agreement's start, while the agreement holds.

-- On the publishing node: the passages subscriber nodes shared, with the region (the camera's owner) that produced them.
create table federation_passage (
    id           uuid primary key,               -- the passage's id at the region
    peer_id      bigint not null references federation_peer (id),
    organisation text not null,                  -- the publishing organisation they were shared with (who may search them)
    region       text not null,                  -- the organisation that owns the camera, as the subscriber reported it
    camera       text not null,
    plate        text not null,
    country      text,
    confidence   real not null,
    lat          double precision,
    lon          double precision,
    observed_at  timestamptz not null,
    received_at  timestamptz not null default now()
);
create index federation_passage_plate on federation_passage (organisation, plate, observed_at);
create index federation_passage_time on federation_passage (observed_at);

-- On the subscribing node: how far passages were sent up to a publisher (stored order: received_at, then id).
create table federation_passage_cursor (
    publisher_url text primary key,
    received_at   timestamptz not null,
    passage_id    uuid not null
);
