-- Clone suspects as live alerts (issue 12), delivered at least once like hits (alert_outbox): a suspect is put here in
-- the transaction that stores it, taken out once handed to the alert stream (or the Kafka findings topic), and what a
-- crash leaves is handed over again. An alert may then come twice, never not at all.
create table clone_outbox (
    clone_id    bigint primary key references clone_suspect (id) on delete cascade,
    created_at  timestamptz not null default now()
);
create index clone_outbox_created on clone_outbox (created_at);
-- A reconnecting stream is sent the suspects stored since its last event (created_at), of its organisation.
create index clone_suspect_org_created on clone_suspect (organisation, created_at);
