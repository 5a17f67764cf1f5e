-- Camera health (issue 14): a clock far off (CLOCK) and a jump in confidence or misreads (DEGRADED) are states too;
-- each change keeps the clock offset and mean confidence it was judged on.
alter table camera_health_event drop constraint camera_health_event_state_check;
alter table camera_health_event add constraint camera_health_event_state_check
    check (state in ('OK', 'SILENT', 'LOW', 'LEARNING', 'CLOCK', 'DEGRADED'));
alter table camera_health_event add column clock_offset_seconds bigint;
alter table camera_health_event add column mean_confidence double precision;
