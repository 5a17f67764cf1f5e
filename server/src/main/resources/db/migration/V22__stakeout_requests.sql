-- Issue 12: a stakeout (every vehicle in drawn areas and windows) always needs a second person's approval. The search
-- request holds what every passage search's approval holds (every vehicle, the period, the legal basis); this table
-- binds the approval to the areas and windows it was asked for, so that an approval for a stakeout at one place does
-- not open every place in that period. A row per search request filed as a stakeout; gone with its request.
create table stakeout_request (
    search_request_id bigint primary key references search_request (id) on delete cascade,
    scenes            jsonb   not null,
    min_scenes        integer not null check (min_scenes >= 1),
    margin_minutes    integer not null check (margin_minutes between 0 and 15)
);
