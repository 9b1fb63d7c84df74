-- The answer rows are written and deleted only beside their observation's row, in the consumer's transaction, and
-- observation rows are never deleted (ADR 0017). The foreign key's check ran once per answer row, 20 a checklist:
-- 0.87 ms of PostgreSQL's time per observation with it, 0.26 ms without (docs/performance.md, item 21).
alter table observation_answer drop constraint observation_answer_observation_id_fkey;
