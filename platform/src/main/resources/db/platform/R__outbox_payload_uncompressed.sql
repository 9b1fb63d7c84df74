-- An outbox row lives from its transaction's commit until the relay has sent it, often for milliseconds. Its payload
-- (2 to 4 kB for an observation's event) was compressed by PostgreSQL (pglz) on insert and decompressed for the relay:
-- about 12 µs a row of a 23 µs insert (docs/performance.md item 43). Rows up to a page are now stored as they are;
-- only a larger one is still compressed. Repeatable, so every service's outbox gets it, whatever its versions.
alter table outbox_event set (toast_tuple_target = 8160);
