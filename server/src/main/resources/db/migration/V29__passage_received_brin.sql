-- Issue 12, traffic statistics: which passages arrived after the roll-up was refreshed (investigation.TrafficRollup).
-- Passages are stored in the order they arrive, so a BRIN index on the arrival time is a few pages per day partition,
-- cheap to keep up on ingest, and finds the recent arrivals without reading the older days.
create index passage_received_brin on passage using brin (received_at) with (autosummarize = on);
