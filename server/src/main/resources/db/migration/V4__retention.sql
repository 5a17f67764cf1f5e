-- Retention regimes per organisation or camera (a camera's own overrides its organisation's), and a record of
-- every purge: what was removed, for which period, how many rows.
create table retention_policy (
    scope   text not null check (scope in ('ORGANISATION', 'CAMERA')),
    target  text not null,
    regime  text not null check (regime in ('HITS_ONLY', 'ALL_PASSAGES')),
    days    int not null check (days between 1 and 28),
    set_by  text not null,
    set_at  timestamptz not null default now(),
    primary key (scope, target)
);

create table purge_log (
    id           bigint generated always as identity primary key,
    ran_at       timestamptz not null,
    what         text not null,
    period_from  timestamptz,
    period_to    timestamptz not null,
    rows         bigint not null,
    detail       text
);
