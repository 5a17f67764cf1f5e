-- Issue 16: a read that arrives as an image without a plate is read by OpenANPR's own recognition; the box it found
-- the plate in (x, y, width, height in pixels of the plate image when sent, else of the overview image) is kept with
-- the passage. Null for reads whose plate the camera sent. Added on the partitioned parent: every day partition has it.
alter table passage add column plate_box integer[] check (plate_box is null or cardinality(plate_box) = 4);
