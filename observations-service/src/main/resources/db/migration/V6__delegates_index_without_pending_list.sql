-- observation_delegates_idx (V5) took new entries into GIN's pending list, which every search reads whole until a
-- vacuum merges it: under election-day load the list stays near its 4 MB limit and each phone's sync page scanned
-- it (the benchmark's statement profile: a page's query at 72 ms, the caller's rows a few dozen). A row here has one
-- to three user names, so writing its entries straight into the index costs about one btree insert.
alter index observation_delegates_idx set (fastupdate = off);
-- Entries already pending are merged now rather than read by every search until the next vacuum.
select gin_clean_pending_list('observation_delegates_idx');
