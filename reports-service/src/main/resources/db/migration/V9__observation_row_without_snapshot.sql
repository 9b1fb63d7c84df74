-- The observation's upsert was PostgreSQL's costliest statement in the benchmark (docs/performance.md, item 34). Measured
-- apart, more than half of it went to two things that no reader needs as they were (ADR 0024, ADR 0022 amended).

-- The whole JSON of the observation, written with every row and read by nothing: the read model is rebuilt from the
-- events (docs/reports-read-model.md), and every figure and drill-down reads the columns.
alter table observation drop column snapshot;

-- The rare-answer drill-down (ADR 0018) looks up one 'question=answer' key of one mission. The index now holds only
-- those keys, not 'question' and 'question!', and each as a 64-bit hash of the mission and the key, not as text. A
-- hash that two keys share only adds candidates: the drill-down still tests answer_keys itself.
create function answer_hashes_in_mission(mission uuid, keys text[]) returns bigint[]
    language sql immutable parallel safe
    as $$ select array(select hashtextextended(mission || ' ' || k, 0) from unnest(keys) as k where strpos(k, '=') > 0) $$;

create index observation_answer_hashes_idx on observation using gin (answer_hashes_in_mission(mission_id, answer_keys)) where counted;

drop index observation_answer_keys_idx;
drop function answer_keys_in_mission(uuid, text[]);
