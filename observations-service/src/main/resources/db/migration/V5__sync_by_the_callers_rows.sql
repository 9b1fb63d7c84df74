-- Offline sync sends a delegate the observations they submitted or are a listed delegate of. Walking the mission's
-- observations in sync order (observation_sync_idx) to find those read the whole mission on every sync call: a phone
-- of a mission with a million observations read a million rows each time, for the few dozen that are its own. These
-- two indexes find the caller's rows directly (PostgreSQL combines them with a BitmapOr), and only those are sorted.
create index observation_submitter_idx on observation (submitted_by, mission_id);
create index observation_delegates_idx on observation using gin (delegate_usernames jsonb_path_ops);
