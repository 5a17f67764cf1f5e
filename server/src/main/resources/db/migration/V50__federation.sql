-- Issue 15: hit-list federation. A node publishes reference lists (a FULL version, then DELTAs) to subscriber
-- nodes that pull them over HTTP with a federation token; subscribers forward the hits on those lists back.

-- On the publishing node: the lists it publishes, and the entries as of the latest published version.
create table federation_publication (
    list_id         bigint primary key references reference_list (id) on delete cascade,
    version         int not null default 0,
    source_version  int not null default 0,   -- the list's own version (list_version) last published
    created_by      text not null,
    created_at      timestamptz not null default now()
);

create table federation_published_entry (
    list_id  bigint not null references federation_publication (list_id) on delete cascade,
    identity text not null,                  -- plate/country
    entry    jsonb not null,                 -- as in a list file (EntryFile's JSON): plate, country, reason, amount, ...
    primary key (list_id, identity)
);

-- Each published version: FULL holds every entry (in added), DELTA the entries added or changed and those removed.
create table federation_version (
    list_id     bigint not null references federation_publication (list_id) on delete cascade,
    version     int not null,
    kind        text not null check (kind in ('FULL', 'DELTA')),
    added       jsonb not null,
    removed     jsonb not null,
    created_at  timestamptz not null default now(),
    primary key (list_id, version)
);

-- A subscriber node of an organisation, allowed to pull that organisation's published lists with its token.
create table federation_peer (
    id            bigserial primary key,
    organisation  text not null references organisation (code),
    name          text not null,
    token_hash    bytea not null unique,      -- SHA-256 of the token; the token itself is shown once
    created_by    text not null,
    created_at    timestamptz not null default now(),
    revoked_at    timestamptz,
    unique (organisation, name)
);

-- Which version of which list each subscriber runs (what it last reported).
create table federation_peer_version (
    peer_id      bigint not null references federation_peer (id) on delete cascade,
    list_id      bigint not null references federation_publication (list_id) on delete cascade,
    version      int not null,
    reported_at  timestamptz not null,
    primary key (peer_id, list_id)
);

-- Hits a subscriber produced on a published list, sent back up: who (which region) produced what.
create table federation_hit (
    id           uuid primary key,             -- the hit's id at the subscriber
    peer_id      bigint not null references federation_peer (id),
    list_id      bigint not null references reference_list (id) on delete cascade,
    organisation text not null,                -- the organisation the list belongs to (who may see it)
    region       text not null,                -- the subscriber's own organisation, as it reported it
    plate        text not null,
    country      text,
    camera       text not null,
    observed_at  timestamptz not null,
    hit          jsonb not null,
    received_at  timestamptz not null default now()
);
create index federation_hit_list on federation_hit (list_id, observed_at);

-- On the subscribing node: a list it takes from another node, the version it runs, the hits it sent back.
create table federation_subscription (
    id              bigserial primary key,
    organisation    text not null references organisation (code),
    publisher_url   text not null,
    token           text not null,              -- the publisher's federation token for this node (a credential: the
                                                -- database is the secret store, as for the embedded server's password)
    remote_list_id  bigint not null,
    local_list_id   bigint not null unique references reference_list (id) on delete cascade,
    version         int not null default 0,
    last_sync_at    timestamptz,
    last_error      text,
    created_by      text not null,
    created_at      timestamptz not null default now(),
    unique (publisher_url, remote_list_id, organisation)
);

create table federation_forwarded_hit (
    subscription_id bigint not null references federation_subscription (id) on delete cascade,
    hit_id          uuid not null,
    forwarded_at    timestamptz not null default now(),
    primary key (subscription_id, hit_id)
);
