-- Feeds out (issue 14): syslog/CEF for a control room, and camera health changes as events besides hits.
alter table hit_feed drop constraint hit_feed_kind_check;
alter table hit_feed add constraint hit_feed_kind_check check (kind in ('WEBHOOK', 'MQTT', 'EMAIL', 'SYSLOG'));
-- Whether the feed also carries its organisation's camera health changes (off: a feed made for hits stays one).
alter table hit_feed add column health_events boolean not null default false;
-- What a delivery carries: a hit (hit_id is the hit's id) or a health change (hit_id is the change's own id).
alter table hit_delivery add column event text not null default 'hit' check (event in ('hit', 'health'));
