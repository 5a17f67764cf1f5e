-- Connectors (issue 14): the feeds that cameras and ALPR software already send (OpenALPR/Rekor agent webhooks, Plate
-- Recognizer, Hikvision ISAPI, Frigate and generic JSON over MQTT), each turned into reads of the one read pipeline.

-- A connector belongs to one organisation; its token is kept only as SHA-256, like every other token.
-- camera_id: when set, every read through this connector is that camera's (a single camera pushing by itself).
-- settings: what an MQTT connector subscribes to (broker, topic, credentials) and a generic one's field mapping.
create table connector (
    id            text primary key check (id ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
    organisation  text not null references organisation (code),
    kind          text not null,
    name          text not null,
    camera_id     text references camera (id) on delete set null,
    token_hash    bytea not null unique,
    settings      jsonb not null default '{}',
    created_at    timestamptz not null default now()
);

-- The vendor's camera id (an agent's camera_id, a Hikvision device and channel) → our camera.
create table connector_camera (
    connector_id    text not null references connector (id) on delete cascade,
    vendor_camera   text not null,
    camera_id       text not null references camera (id) on delete cascade,
    primary key (connector_id, vendor_camera)
);

-- What a connector has seen of each vendor camera, mapped or not: the administrator's list of unknown cameras, and
-- the vendor's own health messages (OpenALPR heartbeats).
create table connector_seen_camera (
    connector_id    text not null references connector (id) on delete cascade,
    vendor_camera   text not null,
    first_seen      timestamptz not null,
    last_seen       timestamptz not null,
    reads           bigint not null default 0,
    last_heartbeat  timestamptz,
    streaming       boolean,
    vendor_name     text,
    primary key (connector_id, vendor_camera)
);

-- Reads of a camera not (yet) mapped: held, not dropped, and delivered through the read pipeline when the
-- administrator maps the camera. The read as JSON (IncomingRead, camera = the vendor's id).
create table connector_held_read (
    id             bigserial primary key,
    connector_id   text not null references connector (id) on delete cascade,
    vendor_camera  text not null,
    received_at    timestamptz not null,
    read           jsonb not null
);
create index connector_held_read_camera on connector_held_read (connector_id, vendor_camera);

-- Payloads that could not be read, kept for the administrator to inspect (the newest 100 per connector).
create table connector_rejected (
    id             bigserial primary key,
    connector_id   text not null references connector (id) on delete cascade,
    received_at    timestamptz not null,
    reason         text not null,
    content_type   text,
    size           integer not null,
    body           bytea not null
);
create index connector_rejected_connector on connector_rejected (connector_id, id desc);
