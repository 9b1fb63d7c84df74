-- A question's "not answered" drill-down walked its phase for the rows whose answer_keys lack the question: at a
-- million observations, a question that few left unanswered took 11.8 s a page (docs/performance.md, item 68). Each
-- counted row now also holds 'question?' for every question of its template version that it left unanswered, and the
-- answers' index hashes those keys too, so the drill-down reads them as it reads a rare answer (ADR 0037).

drop index observation_answer_hashes_idx;

-- The keys of the template version's questions that keys neither answer nor already mark unanswered, in template
-- order: AnswerKeys.of writes the same for a new row, this for the rows stored before their template (or this key).
create function unanswered_keys(template uuid, version int, keys text[]) returns text[]
    language sql stable parallel safe
    as $$ select coalesce(array_agg(q.question_id || '?' order by q.position), '{}') from template_question q
          where q.template_id = template and q.template_version = version
            and not keys && array[q.question_id, q.question_id || '?'] $$;

-- only the rows that left a question unanswered are written
update observation set answer_keys = answer_keys || unanswered_keys(template_id, template_version, answer_keys)
where counted and template_id is not null and unanswered_keys(template_id, template_version, answer_keys) <> '{}';

create or replace function answer_hashes_in_mission(mission uuid, keys text[]) returns bigint[]
    language sql immutable parallel safe
    as $$ select array(select hashtextextended(mission || ' ' || k, 0) from unnest(keys) as k
                       where strpos(k, '=') > 0 or right(k, 1) = '?') $$;

create index observation_answer_hashes_idx on observation using gin (answer_hashes_in_mission(mission_id, answer_keys)) where counted;
