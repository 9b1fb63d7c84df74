-- The summary's coverage reads which stations were visited in each phase: the VISITS rows of station_tally. Through
-- the primary key (mission, phase, metric, ...) PostgreSQL read every counter row of the mission to find them, 91 ms
-- for a mission of 46,000 observations; this index holds only those rows and answers the query alone (14 ms).
create index station_tally_visits_idx on station_tally (mission_id, phase, station_id) include (observations)
    where metric = 'VISITS' and question_id = '' and answer = '';
