-- A drill-down lists a figure's observations in phase and station order, a page at a time (ADR 0018). With this
-- index it reads them in that order and stops when the page is full, instead of reading and sorting every counted
-- observation of the phase: at a million observations, tens of rows instead of hundreds of thousands for a page of a
-- common answer. It replaces the (mission, phase, district) index, whose uses it serves by the same first columns;
-- a district's rows are now picked out of its phase's, and its figures come from the counters.
create index observation_in_station_order_idx on observation (mission_id, phase, station_number, id) where counted;
drop index observation_mission_phase_idx;
