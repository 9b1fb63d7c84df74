-- Offline sync sorts and compares the transaction id as a bigint (SyncService.SYNC_ORDER: ORDER BY on the xid8
-- column sorted as text on our PostgreSQL build). Index that expression, so that a sync page reads its rows in order
-- from the index instead of sorting an election's 50,000 stations for every page.
drop index polling_station_sync_idx;
create index polling_station_sync_idx on polling_station (election_id, (cast(cast(sync_xid as text) as bigint)), id);
drop index form_template_sync_idx;
create index form_template_sync_idx on form_template ((cast(cast(sync_xid as text) as bigint)), id, version);
drop index observation_sync_idx;
create index observation_sync_idx on observation (mission_id, (cast(cast(sync_xid as text) as bigint)), id);
