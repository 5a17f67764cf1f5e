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
create extension if not exists pg_trgm schema public;

do $$
declare
    trgm_schema text;
begin
    select n.nspname into trgm_schema
    from pg_extension e join pg_namespace n on n.oid = e.extnamespace
    where e.extname = 'pg_trgm';
    execute format('create index passage_key_trigrams on passage using gin (plate_key %I.gin_trgm_ops)', trgm_schema);
end
$$;
