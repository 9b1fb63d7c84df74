-- Every counted observation adds to a few station_tally rows. The visits index (V4) carried the count as an included
-- column, so no update of any row could be HOT: each one wrote new entries into the seven-column primary key, and a
-- row updated n times left n entries there for every lookup to step over until vacuum (docs/performance.md,
-- item 34). Without the count in the index, the update stays on the row's page and writes no index entry. The coverage
-- probes read one row each from the table instead, one probe per planned visit.
drop index station_tally_visits_idx;
create index station_tally_visits_idx on station_tally (mission_id, phase, station_id)
    where metric = 'VISITS' and question_id = '' and answer = '';

-- Room on each page for the updated versions of its rows (new pages only; old ones as vacuum frees them).
alter table station_tally set (fillfactor = 90);
