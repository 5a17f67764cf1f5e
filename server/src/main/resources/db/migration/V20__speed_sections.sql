-- Section speed control (trajectcontrole, issue 12). A section is a pair of the organisation's own cameras with the
-- surveyed road distance between them and the limit; both are required here, so a section without a distance can
-- never be configured. A violation copies what made it (both passages, the distance, the calculation, the cameras'
-- status and a clock check): it is evidence, and stays whole when the section is changed or removed.
create table speed_section (
    id            bigserial primary key,
    organisation  text not null references organisation (code),
    name          text not null check (length(name) between 1 and 100),
    entry_camera  text not null references camera (id) on delete cascade,
    exit_camera   text not null references camera (id) on delete cascade,
    distance_m    double precision not null check (distance_m > 0 and distance_m <= 100000),
    limit_kmh     integer not null check (limit_kmh between 5 and 200),
    margin_kmh    integer not null default 0 check (margin_kmh between 0 and 50),
    created_by    text not null,
    created_at    timestamptz not null default now(),
    check (entry_camera <> exit_camera),
    unique (entry_camera, exit_camera)
);

create table section_violation (
    id                   bigserial primary key,
    section_id           bigint references speed_section (id) on delete set null,
    section_name         text not null,
    organisation         text not null references organisation (code),
    plate                text not null,
    country              text,
    entry_passage        uuid not null,
    entry_time           timestamptz not null,
    entry_camera         text not null,
    entry_received_at    timestamptz,
    entry_camera_status  text,
    exit_passage         uuid not null,
    exit_time            timestamptz not null,
    exit_camera          text not null,
    exit_received_at     timestamptz,
    exit_camera_status   text,
    distance_m           double precision not null,
    limit_kmh            integer not null,
    margin_kmh           integer not null,
    elapsed_ms           bigint not null,
    measured_kmh         double precision not null,
    corrected_kmh        integer not null,
    calculation          text not null,
    clock_check          text not null,
    clock_suspect        boolean not null,
    created_at           timestamptz not null default now(),
    -- One journey, one violation: an exit read twice (two lanes' cameras) or a pair found from both ends is one row.
    unique (section_id, exit_passage),
    unique (section_id, entry_passage)
);
create index section_violation_org_time on section_violation (organisation, exit_time);
