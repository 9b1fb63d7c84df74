-- Empties the read model so that it can be rebuilt from eom.missions.v1 and eom.observations.v1
-- (docs/reports-read-model.md). Statements, their versions, comments and evidence are this
-- service's own data and are kept. Run it with the service stopped, then reset the consumer
-- group's offsets to the earliest ones and start the service again.
truncate table tally, station_tally, observation, incident, template_question, form_template,
    meeting, polling_station, deployment, team, delegate, mission, election, processed_event;
