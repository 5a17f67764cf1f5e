-- The trigram index's pending list back to PostgreSQL's default of 4 MB on every day partition (V11 set 1 MB).
-- Each merge of the list into the index decodes and re-encodes the posting lists of every trigram it touches; a list
-- four times as long merges about four times as many rows a trigram at once. Measured on a day partition of
-- 1.4 M passages, 500,000 more COPYed in groups of 700: 35.7 µs a row at 1 MB, 29.6 at 4 MB (23.3 without the
-- index); bench ingest went from about 28,000 to over 30,000 reads/s with the shared_buffers change beside it.
-- What made 1 MB the choice, every search scanning the list once a pattern, fuzzy search no longer does: its
-- candidate patterns are one regular expression, one index scan (PassageSearch).
--
-- PostgreSQL does not change the storage parameters of a partitioned index, and dropping it to create it anew would
-- rebuild every partition's index while ingest waits; so each partition's own index is set here, and Partitions
-- sets it on each partition it creates (a new partition copies the parent's 1 MB).
do $$
declare
    idx regclass;
begin
    for idx in select i.inhrelid::regclass from pg_inherits i where i.inhparent = 'passage_key_trigrams'::regclass loop
        execute format('alter index %s set (gin_pending_list_limit = 4096)', idx);
    end loop;
end
$$;
