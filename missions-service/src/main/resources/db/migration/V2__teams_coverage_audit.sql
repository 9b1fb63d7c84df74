-- Coverage keeps the newest snapshot of each reported visit (highest revision) and who filed it.
alter table reported_visit
    add column team_id  uuid,
    add column revision bigint not null default 0;
create index reported_visit_match_idx on reported_visit (mission_id, station_id, phase);
create index reported_visit_team_idx on reported_visit (team_id);

create index team_member_delegate_idx on team_member (delegate_id);
create index deployment_team_idx on deployment (team_id);
create index deployment_station_idx on deployment (station_id);

-- Every read by a partner system or a member-state CEC (ADR 0005).
create table audit_read (
    id         bigint generated always as identity primary key,
    at         timestamptz not null,
    client_id  text,
    username   text,
    roles      text        not null,
    method     text        not null,
    path       text        not null,
    status     int         not null,
    mission_id uuid
);
create index audit_read_mission_idx on audit_read (mission_id, at);
