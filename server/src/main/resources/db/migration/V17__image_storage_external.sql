-- Images are JPEG (or WebP), compressed already: PostgreSQL tried to compress each one again before storing it out of
-- line, in vain, at a quarter of the image's insert (measured with bench connectors: 65 → 48 µs per image). EXTERNAL
-- stores them out of line as they are. Set on the partitioned parent, it reaches the day partitions there are and
-- those created later. The zones' case images: V32.
alter table passage_image alter column jpeg set storage external;
alter table hit_image alter column jpeg set storage external;
