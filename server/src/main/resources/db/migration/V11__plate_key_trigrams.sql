-- Fuzzy and wildcard passage search. Every one-character variant of a plate (a wrong, missing or extra character
-- anywhere, the first position included) and every wildcard pattern is a LIKE pattern on plate_key with '_' for
-- the unknown character. A btree serves such a pattern only through its fixed prefix, which for an edit near the
-- start is one or two characters: a scan over a large share of all passages. A trigram index serves each pattern
-- through the trigrams of its known characters, wherever the unknown one is.
--
-- pg_trgm ships with PostgreSQL's contrib (the embedded binaries include it) and is a trusted extension, so the
-- database owner may create it. It goes into public, not into the schema being migrated: an extension exists once
-- per database, and dropping one tenant's schema must not take the other schemas' indexes with it. Where it was
-- already created elsewhere, the index names the operator class in that schema.
--
-- The index is on lower(plate_key), which pg_trgm folds to anyway, so that searches say lower(plate_key) LIKE and the
-- planner cannot take the (plate_key, observed_at) btree for a pattern instead: it costs the btree's scan of the
-- pattern's fixed prefix ('10' for '10_33H') as cheap, and then rechecks every passage in that range on the heap
-- (1,600 pages a day partition over 10 M passages).
--
-- New entries go to the index's pending list (a cheap append) and are merged into the index by autovacuum or by
-- the insert that finds the list full. 1 MB instead of the default 4 MB: every search scans the pending list of
-- today's partition once per pattern, and a full list's merge lands on one ingest request; ingest throughput was
-- the same (bench ingest), its p99 lower. Without the pending list (fastupdate off) ingest halved.
create extension if not exists pg_trgm schema public;

do $$
declare
    trgm_schema text;
begin
    select n.nspname into trgm_schema
    from pg_extension e join pg_namespace n on n.oid = e.extnamespace
    where e.extname = 'pg_trgm';
    execute format('create index passage_key_trigrams on passage using gin (lower(plate_key) %I.gin_trgm_ops)'
                   ' with (gin_pending_list_limit = 1024)', trgm_schema);
end
$$;
