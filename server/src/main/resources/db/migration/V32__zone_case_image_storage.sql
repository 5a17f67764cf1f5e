-- A zone case's images are JPEG too: stored out of line as they are (see V17).
alter table zone_case alter column plate_image set storage external, alter column overview_image set storage external;
