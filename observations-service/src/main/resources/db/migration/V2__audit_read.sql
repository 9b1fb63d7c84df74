-- The audit of reads by partner systems and member-state CECs (ADR 0005), written by the platform's
-- ReadAuditFilter: one row per mission a read concerned, shown at GET /api/v1/missions/{id}/audit.
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
