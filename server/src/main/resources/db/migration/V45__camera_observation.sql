-- Camera health under Kafka (issue 14): a worker stores the reads of its cameras, which the serve nodes' health
-- monitor never sees one by one. Every 2 s the worker writes what it saw of each camera lately (last arrival, reads of
-- the last hour, clock offset, confidence and misreads of the last 15 minutes and of the 105 before); the monitor
-- judges CLOCK and DEGRADED from it where it saw nothing itself. One row per camera, overwritten.
create table camera_observation (
    camera_id             text primary key references camera (id) on delete cascade,
    observed_at           timestamptz not null,
    last_arrival          timestamptz,
    last_hour_reads       bigint not null,
    clock_offset_seconds  bigint,
    recent_reads          bigint not null,
    recent_confidence     double precision not null,
    recent_misreads       double precision not null,
    base_reads            bigint not null,
    base_confidence       double precision not null,
    base_misreads         double precision not null
);
