-- The passage's primary key leads with its time: (observed_at, id) instead of (id, observed_at). The same rows are
-- unique either way, and every lookup by key names both (the id alone is read_id's). Read ids are random (cameras
-- send UUIDv4), so the old key put every new passage at a random leaf of a btree as large as the day: under load its
-- pages do not stay in the buffers, and after every checkpoint each write to one goes to the WAL as a full page.
-- Reads arrive in about time order, so the new key's inserts land on its few most recent pages.
alter table passage drop constraint passage_pkey;
alter table passage add primary key (observed_at, id);
