-- Zone enforcement (issue 13): zones with their enforcement cameras and rules as data, sign inspections
-- (bordenschouw), the offline vehicle registry, exemptions (ontheffingen), the decision per passage, and the
-- enforcement cases (one per vehicle per zone per day) that become warnings and fines after review.

create table zone (
    id                   bigserial primary key,
    organisation         text not null references organisation (code),
    name                 text not null,
    kind                 text not null check (kind in ('ZERO_EMISSION', 'ENVIRONMENTAL', 'PEDESTRIAN', 'BUS_LANE', 'OTHER')),
    mode                 text not null check (mode in ('CORDON', 'FLEXIBLE')),
    area                 jsonb not null,
    rules                jsonb not null,
    policy               jsonb not null,
    traffic_decision     text not null,
    min_confidence       real not null,
    keep_compliant_hours integer not null check (keep_compliant_hours between 1 and 720),
    created_at           timestamptz not null default now(),
    unique (organisation, name)
);

create table zone_camera (
    zone_id   bigint not null references zone (id) on delete cascade,
    camera_id text not null references camera (id) on delete cascade,
    primary key (zone_id, camera_id)
);
create index zone_camera_camera on zone_camera (camera_id);

-- Bordenschouw: an inspection that the signs of the zone are in place, as the evidence of every fine cites it.
create table sign_inspection (
    id           bigserial primary key,
    zone_id      bigint not null references zone (id) on delete cascade,
    inspected_on date not null,
    inspector    text not null,
    all_in_place boolean not null,
    notes        text,
    recorded_by  text not null,
    recorded_at  timestamptz not null default now()
);
create index sign_inspection_zone on sign_inspection (zone_id, inspected_on);

-- The offline registry, loaded from the RDW open-data CSV (registered vehicles joined with their fuels).
create table vehicle (
    plate           text primary key,
    kind            text,
    make            text,
    model           text,
    category        text,
    fuels           text[] not null default '{}',
    euro_class      smallint,
    emission_text   text,
    max_mass_kg     integer,
    first_admission date,
    loaded_at       timestamptz not null default now()
);

create table exemption (
    id           bigserial primary key,
    organisation text not null references organisation (code),
    zone_id      bigint not null references zone (id) on delete cascade,
    plate        text not null,
    kind         text not null check (kind in ('DISABLED_BADGE', 'MARKET_VENDOR', 'CARE_PROVIDER', 'EMERGENCY_SERVICES',
                                                'DAY_PASS', 'HYBRID_ELECTRIC_MODE', 'OTHER')),
    valid_from   timestamptz not null,
    valid_until  timestamptz not null,
    status       text not null check (status in ('APPLIED', 'APPROVED', 'REFUSED')),
    applicant    text,
    note         text,
    created_by   text not null,
    created_at   timestamptz not null default now(),
    decided_by   text,
    decided_at   timestamptz,
    decision_note text,
    check (valid_until > valid_from)
);
create index exemption_zone_plate on exemption (zone_id, plate) where status = 'APPROVED';

-- One row per passage at an enforcement camera of a zone; compliant and exempt rows are deleted after the zone's
-- keep_compliant_hours (the zone is its own purpose).
create table zone_decision (
    id           bigserial primary key,
    zone_id      bigint not null references zone (id) on delete cascade,
    passage_id   uuid not null,
    observed_at  timestamptz not null,
    camera_id    text not null,
    plate        text not null,
    country      text,
    confidence   real not null,
    outcome      text not null check (outcome in ('COMPLIANT', 'EXEMPT', 'VIOLATION', 'REVIEW')),
    reason       text not null,
    rule         text,
    exemption_id bigint,
    vehicle      jsonb,
    case_id      bigint,
    decided_at   timestamptz not null default now()
);
create index zone_decision_zone_time on zone_decision (zone_id, observed_at);
create index zone_decision_purge on zone_decision (decided_at) where outcome in ('COMPLIANT', 'EXEMPT');

-- Counts per zone, day and outcome, appended in the deciding transaction (summed when read): the council's figures
-- outlive the decisions that are purged.
create table zone_count (
    zone_id bigint not null references zone (id) on delete cascade,
    day     date not null,
    outcome text not null,
    n       integer not null
);
create index zone_count_zone_day on zone_count (zone_id, day);

-- An enforcement case: one per vehicle (plate as read) per zone per local day, to review, then a warning or fine.
create table zone_case (
    id              bigserial primary key,
    zone_id         bigint not null references zone (id) on delete cascade,
    organisation    text not null,
    plate           text not null,
    day             date not null,
    passage_id      uuid not null,
    observed_at     timestamptz not null,
    received_at     timestamptz not null,
    camera_id       text not null,
    camera          jsonb not null,
    country         text,
    confidence      real not null,
    passages        integer not null default 1,
    reason          text not null,
    rule            text,
    vehicle         jsonb,
    exemption_check jsonb not null,
    plate_image     bytea,
    overview_image  bytea,
    status          text not null default 'REVIEW' check (status in ('REVIEW', 'CONFIRMED', 'REJECTED')),
    sanction        text check (sanction in ('WARNING', 'FINE')),
    fine_ordinal    integer,
    amount          numeric(12, 2),
    reviewer        text,
    reviewed_at     timestamptz,
    reject_reason   text,
    review_note     text,
    read_plate      text,
    appeal          text not null default 'NONE' check (appeal in ('NONE', 'LODGED', 'UPHELD', 'DISMISSED')),
    paid            boolean not null default false,
    exported_at     timestamptz,
    unique (zone_id, plate, day)
);
create index zone_case_queue on zone_case (zone_id, status, observed_at);
