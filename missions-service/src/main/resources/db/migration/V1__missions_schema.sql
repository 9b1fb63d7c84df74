-- The mission domain. Ids are UUIDs chosen by the service (or by the client on create, for safe retries).
create table election (
    id           uuid primary key,
    country      char(2)     not null,
    name         text        not null,
    type         text        not null,
    election_day date        not null,
    rounds       int         not null default 1,
    version      bigint      not null default 0,
    created_at   timestamptz not null,
    updated_at   timestamptz not null
);

create table mission (
    id                uuid primary key,
    election_id       uuid        not null references election (id),
    organisation      text        not null,
    name              text        not null,
    mandate           text,
    deployment_start  date,
    deployment_end    date,
    observation_start timestamptz,
    observation_end   timestamptz,
    areas             jsonb       not null default '[]',
    status            text        not null,
    is_public         boolean     not null default false,
    internal_notes    text,
    version           bigint      not null default 0,
    created_at        timestamptz not null,
    updated_at        timestamptz not null
);
create index mission_election_idx on mission (election_id);
create index mission_updated_idx on mission (updated_at);

create table mission_partner (
    mission_id uuid        not null references mission (id),
    client_id  text        not null,
    name       text        not null,
    created_at timestamptz not null,
    primary key (mission_id, client_id)
);
create index mission_partner_client_idx on mission_partner (client_id);

create table delegate (
    id                   uuid primary key,
    mission_id           uuid        not null references mission (id),
    full_name            text        not null,
    member_state         char(2),
    affiliation          text        not null,
    mission_role         text        not null,
    accreditation_number text,
    accreditation_status text        not null,
    username             text,
    email                text,
    phone                text,
    version              bigint      not null default 0,
    created_at           timestamptz not null,
    updated_at           timestamptz not null
);
create unique index delegate_mission_username_uq on delegate (mission_id, username);
create index delegate_username_idx on delegate (username);

create table team (
    id         uuid primary key,
    mission_id uuid        not null references mission (id),
    name       text        not null,
    version    bigint      not null default 0,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    unique (mission_id, name)
);

create table team_member (
    team_id     uuid not null references team (id) on delete cascade,
    delegate_id uuid not null references delegate (id),
    primary key (team_id, delegate_id)
);

create table polling_station (
    id            uuid primary key,
    election_id   uuid             not null references election (id),
    number        text             not null,
    name          text             not null,
    district      text             not null,
    address       text,
    latitude      double precision,
    longitude     double precision,
    accessibility jsonb            not null default '[]',
    version       bigint           not null default 0,
    updated_at    timestamptz      not null,
    unique (election_id, number)
);

create table deployment (
    id            uuid primary key,
    mission_id    uuid        not null references mission (id),
    team_id       uuid        not null references team (id),
    station_id    uuid        not null references polling_station (id),
    phase         text        not null,
    planned_start timestamptz not null,
    planned_end   timestamptz not null,
    version       bigint      not null default 0,
    created_at    timestamptz not null,
    updated_at    timestamptz not null
);
create index deployment_mission_idx on deployment (mission_id);

create table meeting (
    id                uuid primary key,
    mission_id        uuid        not null references mission (id),
    meeting_date      date        not null,
    counterpart       text        not null,
    counterpart_kind  text        not null,
    counterpart_person text,
    attendee_ids      jsonb       not null default '[]',
    topics            jsonb       not null default '[]',
    notes             text,
    version           bigint      not null default 0,
    created_at        timestamptz not null,
    updated_at        timestamptz not null
);
create index meeting_mission_idx on meeting (mission_id);

-- Visits reported by observations-service, learned from its events: the "actual" side of coverage.
create table reported_visit (
    observation_id uuid primary key,
    mission_id     uuid        not null,
    station_id     uuid        not null,
    phase          text        not null,
    withdrawn      boolean     not null default false,
    reported_at    timestamptz not null
);
create index reported_visit_mission_idx on reported_visit (mission_id);
