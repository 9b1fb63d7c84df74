-- Since V5 (ADR 0019) a phone's page finds the caller's rows through observation_submitter_idx and
-- observation_delegates_idx, and no statement reads observations in sync order any more: the index that served that
-- walk was never scanned in the benchmark's 1.4 million observations, yet every insert and every update of an
-- observation computed its expression (the transaction id as text, then as a number) and wrote an entry, about 140
-- bytes of WAL, and it held 135 MB (docs/performance.md, item 47). sync_xid is now in no index, so an update that
-- changes only unindexed columns (flags, review, withdrawal) can stay on its page (HOT) where the page has room.
drop index observation_sync_idx;
