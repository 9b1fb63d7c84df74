-- Statements: owned by this service (not part of the read model, never rebuilt from events).
create table statement (
    id            uuid primary key,
    mission_id    uuid        not null,
    status        text        not null,
    version       bigint      not null,
    title         jsonb       not null,
    sections      jsonb       not null,
    supersedes    uuid references statement (id),
    superseded_by uuid references statement (id),
    created_by    text        not null,
    created_at    timestamptz not null,
    updated_by    text        not null,
    updated_at    timestamptz not null,
    published_by  text,
    published_at  timestamptz
);
create index statement_mission_idx on statement (mission_id, created_at);
create index statement_published_idx on statement (published_at) where status = 'PUBLISHED';

-- Every version of every statement: who changed what, when, and the sections as they then were.
create table statement_version (
    statement_id uuid        not null references statement (id),
    version      bigint      not null,
    status       text        not null,
    sections     jsonb       not null,
    changed_by   text        not null,
    changed_at   timestamptz not null,
    change       text        not null,
    primary key (statement_id, version)
);

create table statement_comment (
    id           uuid primary key,
    statement_id uuid        not null references statement (id),
    section_id   text,
    author       text        not null,
    text         text        not null,
    created_at   timestamptz not null
);
create index statement_comment_statement_idx on statement_comment (statement_id, created_at);

-- The observations behind each generated sentence, as they were when the draft was generated:
-- "counted" in the sentence's denominator, "matching" also in its numerator.
create table sentence_evidence (
    statement_id   uuid    not null references statement (id),
    sentence_id    text    not null,
    observation_id uuid    not null,
    matching       boolean not null,
    primary key (statement_id, sentence_id, observation_id)
);
