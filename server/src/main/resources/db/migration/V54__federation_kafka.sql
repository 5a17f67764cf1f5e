-- Issue 15: hit-list federation over Kafka. The publishing node also writes every list version to a Kafka topic of
-- its organisation (signed with the node's federation key); a subscription takes versions from that topic instead
-- of polling the HTTP feed, and still reports its version and sends its hits back over HTTP with its token.

-- On the publishing node: the Ed25519 key its Kafka records are signed with (one per installation, shared by its serve
-- nodes; the database is the secret store, as for the federation tokens).
create table federation_signing_key (
    id          int primary key default 1 check (id = 1),
    private_key bytea not null,                -- PKCS#8
    public_key  bytea not null,                -- X.509 SubjectPublicKeyInfo, given to subscribers in the list description
    created_at  timestamptz not null default now()
);

-- Which versions were acknowledged by Kafka (null: not sent yet, or the node publishes over HTTP only).
alter table federation_version add column kafka_sent_at timestamptz;
create index federation_version_unsent on federation_version (list_id, version) where kafka_sent_at is null;

-- Over which transport each subscriber reported the version it runs.
alter table federation_peer_version add column transport text not null default 'http' check (transport in ('http', 'kafka'));

-- On the subscribing node: how the subscription takes its versions.
alter table federation_subscription add column transport text not null default 'http' check (transport in ('http', 'kafka'));
alter table federation_subscription add column kafka_topic text;      -- the publisher's topic, as its list description named it
alter table federation_subscription add column kafka_offset bigint;   -- the next offset to read on the list's partition
alter table federation_subscription add column publisher_key bytea;   -- the publisher's public key: records not signed with it are refused
