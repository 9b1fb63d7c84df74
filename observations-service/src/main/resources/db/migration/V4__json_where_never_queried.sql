-- JSON that PostgreSQL only stores and hands back (ADR 0016): json keeps the text as written, where jsonb parses it
-- into a binary tree on every insert and prints it back to text on every read. No query looks inside these columns
-- (flags and delegate_usernames stay jsonb: the list filters by flag, the sync by delegate). The export prints every
-- row's answers, and jsonb's printing was 26 s of a 35 s export of a million observations.
alter table observation alter column answers type json;
alter table observation_version
    alter column changes type json,
    alter column record type json;
