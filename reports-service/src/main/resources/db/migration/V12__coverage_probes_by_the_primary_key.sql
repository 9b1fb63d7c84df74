-- The coverage probes (SummaryQuery.coverage, DrillDown.unreportedDeployments) name every leading column of
-- station_tally's primary key (mission, phase, metric, question, answer, station), so the key finds a planned visit's
-- counter as directly as the partial visits index of V4/V10 did: 1,000 probes in 8.7 ms and 4.6 blocks each either
-- way (docs/performance.md, item 47). That index was written for every new station's visit counter and held 137 MB
-- beside 1.4 million observations; V4 needed it for the coverage query of its day, which read all the visited
-- stations of the mission instead of probing the planned ones (item 25).
drop index station_tally_visits_idx;
