-- Issue 12, traffic statistics: the country an organisation works in (ISO 3166-1 alpha-2), against which a plate of
-- another country counts as foreign. Dutch unless its clock says Belgian; the statistics take another when asked.
alter table organisation add column country text not null default 'NL' check (country ~ '^[A-Z]{2}$');
update organisation set country = 'BE' where time_zone = 'Europe/Brussels';
