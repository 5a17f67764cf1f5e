-- Camera health (issue 14): reads per camera per hour, learned into an expected rate per hour of the week, and each
-- camera's health changes (silent, far below its normal rate, recovered) as a history.

-- Written by one thread (the health monitor) once a minute from counts kept in memory: no row-lock contention with
-- ingest. Kept 5 weeks (enough for four of each hour of the week).
create table camera_activity (
    camera_id  text not null references camera (id) on delete cascade,
    hour       timestamptz not null,
    reads      bigint not null,
    primary key (camera_id, hour)
);

create table camera_health_event (
    id                 bigserial primary key,
    camera_id          text not null references camera (id) on delete cascade,
    at                 timestamptz not null,
    state              text not null check (state in ('OK', 'SILENT', 'LOW', 'LEARNING')),
    reason             text not null,
    expected_per_hour  double precision,
    observed_per_hour  double precision
);
create index camera_health_event_camera on camera_health_event (camera_id, at desc);
