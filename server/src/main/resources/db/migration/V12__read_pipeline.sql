-- The read pipeline (issue 11).

-- Hits committed but not yet handed to the alert hub: written in the transaction that stores the hit, deleted once
-- it was published. What a crash leaves here is published again after the restart (at least once).
create table alert_outbox (
    hit_id      uuid primary key references hit (id) on delete cascade,
    created_at  timestamptz not null default now()
);

-- A country the camera did not send but the plate's format implies (KL081P is Dutch). Matching never relies on it.
alter table passage add column country_inferred boolean not null default false;
