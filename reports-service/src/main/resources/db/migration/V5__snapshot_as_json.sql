-- The snapshot is kept to be handed back, never queried (ADR 0016): json stores the event's text as it came, where
-- jsonb parsed it into a binary tree on each of the election day's inserts.
alter table observation alter column snapshot type json;
