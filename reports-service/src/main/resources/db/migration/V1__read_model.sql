-- The read model: this service's copy of the missions and observations data, built only from
-- the events of eom.missions.v1 and eom.observations.v1 and rebuildable from them
-- (docs/reports-read-model.md). Nothing here is written by the API.

create table election (
    id           uuid primary key,
    country      text not null,
    name         text not null,
    type         text,
    election_day date,
    rounds       int  not null default 1
);

create table mission (
    id                uuid primary key,
    election_id       uuid    not null,
    organisation      text    not null,
    name              text    not null,
    mandate           text,
    deployment_start  date,
    deployment_end    date,
    observation_start timestamptz,
    observation_end   timestamptz,
    areas             jsonb   not null default '[]',
    status            text    not null,
    is_public         boolean not null default false,
    version           bigint  not null
);

create table delegate (
    id                   uuid primary key,
    mission_id           uuid   not null,
    username             text,
    full_name            text   not null,
    member_state         text,
    affiliation          text   not null,
    mission_role         text   not null,
    accreditation_status text,
    version              bigint not null
);
create index delegate_mission_username_idx on delegate (mission_id, username);

create table team (
    id         uuid primary key,
    mission_id uuid   not null,
    name       text   not null,
    members    jsonb  not null default '[]',
    version    bigint not null
);
create index team_mission_idx on team (mission_id);

create table deployment (
    id            uuid primary key,
    mission_id    uuid   not null,
    team_id       uuid,
    station_id    uuid   not null,
    phase         text   not null,
    planned_start timestamptz,
    planned_end   timestamptz,
    version       bigint not null
);
create index deployment_mission_idx on deployment (mission_id, phase);

create table polling_station (
    id            uuid primary key,
    election_id   uuid  not null,
    number        text  not null,
    name          text,
    district      text,
    address       text,
    latitude      double precision,
    longitude     double precision,
    accessibility jsonb not null default '[]'
);
create index polling_station_election_idx on polling_station (election_id);

create table meeting (
    id                 uuid primary key,
    mission_id         uuid   not null,
    meeting_date       date   not null,
    counterpart        text   not null,
    counterpart_kind   text   not null,
    counterpart_person text,
    attendee_ids       jsonb  not null default '[]',
    topics             jsonb  not null default '[]',
    version            bigint not null
);
create index meeting_mission_idx on meeting (mission_id, meeting_date);

-- Checklist templates: the question labels, types, problem answers and statement topics.
create table form_template (
    id         uuid,
    version    int,
    mission_id uuid,
    phase      text  not null,
    title      jsonb not null default '{}',
    primary key (id, version)
);

create table template_question (
    template_id      uuid,
    template_version int,
    question_id      text,
    position         int   not null,
    type             text  not null,
    label            jsonb not null default '{}',
    problem_answers  jsonb not null default '[]',
    topic            text,
    primary key (template_id, template_version, question_id),
    foreign key (template_id, template_version) references form_template on delete cascade
);
create index template_question_topic_idx on template_question (topic);

-- The latest snapshot (highest revision) of every observation. "counted" is false for withdrawn
-- and rejected ones: they stay here so that an older snapshot arriving late is recognised.
create table observation (
    id                 uuid primary key,
    mission_id         uuid    not null,
    station_id         uuid    not null,
    station_number     text,
    district           text    not null,
    phase              text    not null,
    template_id        uuid,
    template_version   int,
    team_id            uuid,
    revision           bigint  not null,
    version            bigint  not null,
    status             text    not null,
    review_status      text,
    overall_assessment text,
    counted            boolean not null,
    arrived_at         timestamptz,
    received_at        timestamptz,
    flags              jsonb   not null default '[]',
    snapshot           jsonb   not null
);
create index observation_mission_phase_idx on observation (mission_id, phase, district) where counted;
create index observation_mission_station_idx on observation (mission_id, station_id) where counted;
create index observation_flags_idx on observation using gin (flags jsonb_path_ops) where counted;

-- One row per answer value of a counted observation (several for a multiple choice): the drill-downs.
create table observation_answer (
    observation_id uuid    not null references observation (id) on delete cascade,
    question_id    text    not null,
    answer         text    not null,
    problem        boolean not null,
    mission_id     uuid    not null,
    primary key (observation_id, question_id, answer)
);
create index observation_answer_question_idx on observation_answer (mission_id, question_id, answer);

create table incident (
    id               uuid primary key,
    mission_id       uuid   not null,
    version          bigint not null,
    station_id       uuid,
    category         text   not null,
    severity         text   not null,
    occurred_at      timestamptz,
    description      text,
    follow_up_status text,
    reported_by      text
);
create index incident_mission_idx on incident (mission_id, category, severity);

-- Counters kept in the consumer's transaction, so that a mission's summary reads a few thousand
-- rows whatever the number of observations (see Tallies). "tally" holds the figures; per metric,
-- "observations" counts counted observations and "stations" distinct stations.
create table tally (
    mission_id   uuid   not null,
    phase        text   not null,
    district     text   not null,
    metric       text   not null,
    question_id  text   not null,
    answer       text   not null,
    observations bigint not null,
    stations     bigint not null,
    primary key (mission_id, phase, district, metric, question_id, answer)
);

-- Per station, how many counted observations contribute to a station-counted figure: a station
-- enters a figure when its count goes from 0 to 1 and leaves it when it drops back to 0.
create table station_tally (
    mission_id   uuid not null,
    phase        text not null,
    metric       text not null,
    question_id  text not null,
    answer       text not null,
    station_id   uuid not null,
    district     text not null,
    observations int  not null,
    primary key (mission_id, phase, metric, question_id, answer, station_id, district)
);
