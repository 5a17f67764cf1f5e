-- Hits out (issue 14): feeds that carry an organisation's hits to its control room (an HMAC-signed webhook, an MQTT
-- topic, e-mail; for e-mail, topic holds the recipients), delivered at least once from this table, retried with back-off, the undeliverable kept as dead letters.
create table hit_feed (
    id            bigserial primary key,
    organisation  text not null references organisation (code),
    name          text not null,
    kind          text not null check (kind in ('WEBHOOK', 'MQTT', 'EMAIL')),
    target        text not null,
    topic         text,
    secret        text not null,
    list_id       bigint references reference_list (id) on delete cascade,
    max_attempts  integer not null default 10 check (max_attempts between 1 and 50),
    created_at    timestamptz not null default now()
);

-- One row per hit and feed (a hit published twice, as the alert outbox may, is one delivery).
create table hit_delivery (
    id            bigserial primary key,
    feed_id       bigint not null references hit_feed (id) on delete cascade,
    hit_id        uuid not null,
    body          text not null,
    state         text not null default 'PENDING' check (state in ('PENDING', 'DELIVERED', 'DEAD')),
    attempts      integer not null default 0,
    next_at       timestamptz not null,
    last_error    text,
    created_at    timestamptz not null,
    delivered_at  timestamptz,
    unique (feed_id, hit_id)
);
create index hit_delivery_due on hit_delivery (next_at) where state = 'PENDING';
