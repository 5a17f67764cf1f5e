-- Issue 12: scheduled pattern profile runs. A profile reads every vehicle at its places, so a run always needs a second
-- person's approval; a schedule is a standing approval ("staande toestemming"): an analyst asks for a profile to run
-- every hour or day over a look-back window, a privacy officer approves it for at most 28 days (or refuses, or later
-- revokes it), and while it is approved, unexpired and the profile switched on, the maintenance scheduler runs it when
-- due. Each run keeps its candidates, as an on-demand run answers them, with the window it read.
create table profile_schedule (
    id             bigint generated always as identity primary key,
    organisation   text not null,
    profile_id     bigint not null references pattern_profile (id) on delete cascade,
    every_minutes  integer not null check (every_minutes in (60, 1440)),
    window_hours   integer not null check (window_hours between 1 and 744),
    case_number    text not null,
    offence        text not null,
    purpose        text not null,
    requested_by   text not null,
    requested_days integer not null check (requested_days between 1 and 28),
    status         text not null check (status in ('PENDING', 'APPROVED', 'REFUSED', 'REVOKED')),
    decided_by     text,
    decided_at     timestamptz,
    decision_note  text,
    valid_until    timestamptz,
    revoked_by     text,
    revoked_at     timestamptz,
    next_run_at    timestamptz,
    created_at     timestamptz not null default now(),
    check (status = 'PENDING' or decided_at is not null)
);
create index profile_schedule_due on profile_schedule (next_run_at) where status = 'APPROVED';
create index profile_schedule_organisation on profile_schedule (organisation, id desc);

create table profile_schedule_run (
    id                 bigint generated always as identity primary key,
    schedule_id        bigint not null references profile_schedule (id) on delete cascade,
    ran_at             timestamptz not null,
    from_at            timestamptz not null,
    to_at              timestamptz not null,
    passages_examined  bigint not null,
    candidates_found   integer not null,
    candidates         jsonb not null,
    audit_seq          bigint not null
);
create index profile_schedule_run_schedule on profile_schedule_run (schedule_id, id desc);
