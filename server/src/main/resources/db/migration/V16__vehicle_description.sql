-- What cameras say about the vehicle besides its plate, and how it moved (issue 12). All optional; normalised by
-- core VehicleDescription / Travel, so equal words compare equal. No index: these narrow a plate, area or camera
-- search, they never lead one.
alter table passage
    add column make          text,
    add column model         text,
    add column colour        text,
    add column vehicle_type  text,
    add column direction     text check (direction in ('in', 'out')),
    add column heading       smallint check (heading between 0 and 359),
    add column speed         real check (speed between 0 and 400);
