-- A drill-down on a flag (a summary link: conflicts on one question in one phase) walked the phase in station order
-- until its page was full: for a flag that few observations have, the whole phase. At a million observations that
-- was 206,961 rows read for 22 and 2 to 4 s a page, 13 s under load (docs/performance.md, item 48). The index on
-- flags (V1, jsonb_path_ops) could not help: it held every mission's flags and every path of them, detail text
-- included, and found a code and a question anywhere in the array, not in one flag.
-- This index holds, for each flag of a counted observation, a 64-bit hash of its mission and code, and of its
-- mission, code and question: a rare flag's rows are found as a rare answer's are (V9, ADR 0018). A hash that two
-- keys share only adds candidates: the drill-down still tests the flags themselves.
create function flag_hashes_in_mission(mission uuid, flags jsonb) returns bigint[]
    language sql immutable parallel safe
    as $$ select array(select distinct hashtextextended(mission || ' ' || k, 0)
                       from jsonb_array_elements(flags) as f,
                            lateral (values (f ->> 'code'), ((f ->> 'code') || ' ' || (f ->> 'questionId'))) as keys(k)
                       where k is not null) $$;

create index observation_flag_hashes_idx on observation using gin (flag_hashes_in_mission(mission_id, flags)) where counted;

drop index observation_flags_idx;
