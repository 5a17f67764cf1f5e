-- The time zone an organisation works in: its statistics count reads and hits per day as its own clock turns the day
-- (a hit at 00:30 in Amsterdam is on that day, not on the previous UTC day), and the web app shows and takes times in
-- it. An IANA name; the application checks it before it is stored.
alter table organisation add column time_zone text not null default 'Europe/Amsterdam';
