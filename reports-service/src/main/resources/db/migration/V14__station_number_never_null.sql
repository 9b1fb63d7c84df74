-- A drill-down page read on from a cursor takes the rows after (phase, station_number, id) in that order (ADR 0032).
-- A null number compares as unknown, so its rows would be on no page after the cursor. A station that the registry did
-- not know yet is stored with the number '', as its district already is.
update observation set station_number = '' where station_number is null;
alter table observation alter column station_number set not null;
