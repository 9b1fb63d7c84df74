-- observations-service. Ids are UUIDs; observations and incidents get theirs from the client,
-- so a retried upload hits the primary key instead of creating a second record.

-- Rows a mobile client synchronises carry the id of the transaction that last wrote them, so
-- that the sync cursor can move past exactly the rows that are settled (see docs/sync-protocol.md).
create function stamp_sync_xid() returns trigger language plpgsql as $$
begin
    new.sync_xid := pg_current_xact_id();
    return new;
end
$$;

-- Copy of the mission data this service needs, built from eom.missions.v1. No foreign keys: events
-- with different keys (election, mission) arrive in any order.
create table election (
    id           uuid primary key,
    country      text        not null,
    name         text        not null,
    type         text        not null,
    election_day date        not null,
    updated_at   timestamptz not null
);

create table mission (
    id                uuid primary key,
    election_id       uuid        not null,
    organisation      text        not null,
    name              text        not null,
    status            text        not null,
    observation_start timestamptz,
    observation_end   timestamptz,
    version           bigint      not null,
    updated_at        timestamptz not null
);
create index mission_election_idx on mission (election_id);

create table mission_partner (
    mission_id uuid not null,
    client_id  text not null,
    primary key (mission_id, client_id)
);
create index mission_partner_client_idx on mission_partner (client_id);

create table delegate (
    id                   uuid primary key,
    mission_id           uuid   not null,
    username             text,
    full_name            text   not null,
    mission_role         text   not null,
    accreditation_status text   not null,
    version              bigint not null
);
create index delegate_mission_username_idx on delegate (mission_id, username);
create index delegate_username_idx on delegate (username);

create table team (
    id         uuid primary key,
    mission_id uuid   not null,
    name       text   not null,
    version    bigint not null
);
create index team_mission_idx on team (mission_id);

create table team_member (
    team_id     uuid not null references team (id) on delete cascade,
    delegate_id uuid not null,
    username    text,
    primary key (team_id, delegate_id)
);
create index team_member_username_idx on team_member (username);

-- A removed deployment stays as a tombstone so that a redelivered older upsert cannot resurrect it.
create table deployment (
    id            uuid primary key,
    mission_id    uuid    not null,
    team_id       uuid    not null,
    station_id    uuid    not null,
    phase         text    not null,
    planned_start timestamptz,
    planned_end   timestamptz,
    removed       boolean not null default false,
    version       bigint  not null
);
create index deployment_team_idx on deployment (team_id, station_id);

create table polling_station (
    id            uuid primary key,
    election_id   uuid             not null,
    number        text             not null,
    name          text             not null,
    district      text             not null,
    address       text,
    latitude      double precision,
    longitude     double precision,
    accessibility jsonb            not null default '[]',
    sync_xid      xid8             not null
);
create index polling_station_sync_idx on polling_station (election_id, sync_xid, id);
create trigger polling_station_sync before insert or update on polling_station
    for each row execute function stamp_sync_xid();

-- Checklist templates: immutable once written; a change is a new version. mission_id is null for
-- the shipped templates.
create table form_template (
    id         uuid        not null,
    version    int         not null,
    mission_id uuid,
    phase      text        not null,
    title      jsonb       not null,
    questions  jsonb       not null,
    created_by text        not null,
    created_at timestamptz not null,
    sync_xid   xid8        not null,
    primary key (id, version)
);
create unique index form_template_mission_phase_uq on form_template (mission_id, phase, version) where mission_id is not null;
create index form_template_sync_idx on form_template (sync_xid, id, version);
create trigger form_template_sync before insert or update on form_template
    for each row execute function stamp_sync_xid();

-- One visit of a team to a station in a phase: always the current state; every state it went
-- through is kept in observation_version.
create table observation (
    id                 uuid primary key,
    mission_id         uuid        not null,
    election_id        uuid        not null,
    station_id         uuid        not null,
    station_number     text        not null,
    district           text        not null,
    phase              text        not null,
    template_id        uuid        not null,
    template_version   int         not null,
    team_id            uuid,
    delegate_usernames jsonb       not null,
    submitted_by       text        not null,
    source             text        not null,
    partner_client_id  text,
    arrived_at         timestamptz not null,
    departed_at        timestamptz,
    received_at        timestamptz not null,
    status             text        not null,
    withdrawal_reason  text,
    overall_assessment text,
    answers            jsonb       not null,
    flags              jsonb       not null default '[]',
    review_status      text,
    review_comment     text,
    reviewed_by        text,
    reviewed_at        timestamptz,
    notes              text,
    -- hashes of the content as first submitted and as it is now: the same id with either is a replay
    created_hash       text        not null,
    content_hash       text        not null,
    version            int         not null,
    revision           bigint      not null,
    sync_xid           xid8        not null
);
create index observation_list_idx on observation (mission_id, received_at desc, id desc);
create index observation_visit_idx on observation (mission_id, station_id, phase);
create index observation_sync_idx on observation (mission_id, sync_xid, id);
create index observation_partner_idx on observation (mission_id, partner_client_id) where partner_client_id is not null;
create trigger observation_sync before insert or update on observation
    for each row execute function stamp_sync_xid();

-- Every revision of an observation: who changed it, when, through which channel, what changed,
-- and the whole record as it was then.
create table observation_version (
    observation_id uuid        not null references observation (id),
    revision       bigint      not null,
    version        int         not null,
    kind           text        not null,
    changed_by     text        not null,
    channel        text        not null,
    changed_at     timestamptz not null,
    changes        jsonb       not null,
    record         jsonb       not null,
    primary key (observation_id, revision)
);

create table incident (
    id                uuid primary key,
    mission_id        uuid        not null,
    station_id        uuid,
    category          text        not null,
    severity          text        not null,
    occurred_at       timestamptz not null,
    description       text        not null,
    follow_up_status  text        not null,
    reported_by       text        not null,
    source            text        not null,
    partner_client_id text,
    created_hash      text        not null,
    content_hash      text        not null,
    version           bigint      not null,
    received_at       timestamptz not null,
    updated_at        timestamptz not null
);
create index incident_list_idx on incident (mission_id, occurred_at desc, id desc);
