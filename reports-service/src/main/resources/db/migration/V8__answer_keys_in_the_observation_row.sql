-- A counted observation's answers move from ~20 rows of observation_answer, each with two B-tree entries, to one
-- array in the observation's own row with one GIN index (ADR 0022): writing them cost PostgreSQL four times as much.
-- The keys are those of org.eom.reports.figures.AnswerKeys: 'question', 'question=answer', 'question!' (a problem).
alter table observation add column answer_keys text[] not null default '{}';

update observation o set answer_keys = a.keys
from (select observation_id, array_agg(distinct k) as keys
      from (select observation_id, question_id as k from observation_answer
            union all select observation_id, question_id || '=' || answer from observation_answer
            union all select observation_id, question_id || '!' from observation_answer where problem) as rows
      group by observation_id) as a
where o.id = a.observation_id;

-- The index holds each key with its mission: a drill-down that starts from a rare answer finds that mission's
-- observations with it, not every mission's.
create function answer_keys_in_mission(mission uuid, keys text[]) returns text[]
    language sql immutable parallel safe
    as $$ select array(select mission || ' ' || k from unnest(keys) as k) $$;

create index observation_answer_keys_idx on observation using gin (answer_keys_in_mission(mission_id, answer_keys)) where counted;

drop table observation_answer;
