-- A drill-down of one district (a regional coordinator's, or the summary's per-district assessments) read the whole
-- phase in station order through observation_in_station_order_idx and dropped the other districts' rows: for one
-- district of 40 with a rare assessment, 63,740 rows and 650 ms from memory on a mission of 121,881 observations.
-- With the district after the phase it reads that district's rows only, in the same order: 1,532 rows and 1 ms from
-- memory, also with the generic plan of a prepared statement (docs/performance.md, item 35; ADR 0018 amended).
create index observation_district_in_station_order_idx on observation (mission_id, phase, district, station_number, id)
    where counted;
