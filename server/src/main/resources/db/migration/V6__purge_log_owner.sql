-- Whose data a purge touched, so each organisation's retention report shows its own purges: a camera's, an
-- organisation's (its lists' hits), or neither for platform-wide steps (whole day partitions).
alter table purge_log add column camera_id text;
alter table purge_log add column organisation text;
update purge_log set camera_id = substring(what from '^passages of camera (.*) past its retention$')
    where what like 'passages of camera % past its retention';
update purge_log set camera_id = substring(what from '^no-hit passages of hits-only camera (.*)$')
    where what like 'no-hit passages of hits-only camera %';
