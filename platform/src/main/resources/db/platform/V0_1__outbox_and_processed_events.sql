-- Shared by every service: the transactional outbox and the ids of events already applied.
create sequence outbox_event_seq increment by 50;

create table outbox_event (
    id            bigint primary key,
    partition_key text        not null,
    type          text        not null,
    payload       text        not null,
    created_at    timestamptz not null
);

create table processed_event (
    event_id     uuid primary key,
    processed_at timestamptz not null
);
