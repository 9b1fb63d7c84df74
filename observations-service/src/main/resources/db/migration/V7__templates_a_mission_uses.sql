-- The export's columns are the questions of every template version the mission's observations answer. Finding those
-- by a distinct over the mission's observations read the whole mission before the export read it again: 0.5 to 2.4 s
-- for 70,000 to 80,000 observations on the benchmark's database (docs/performance.md, item 41). This table holds the
-- answer, kept by the database on every write to an observation, whatever path wrote it.
create table mission_template (
    mission_id       uuid not null,
    template_id      uuid not null,
    template_version int  not null,
    primary key (mission_id, template_id, template_version)
);

insert into mission_template (mission_id, template_id, template_version)
select distinct mission_id, template_id, template_version from observation;

-- After the row is written, so a write that fails leaves nothing here. Once a mission's template version is known, a
-- write costs one look-up in this small table's key.
create function note_mission_template() returns trigger language plpgsql as $$
begin
    insert into mission_template (mission_id, template_id, template_version)
    values (new.mission_id, new.template_id, new.template_version)
    on conflict do nothing;
    return null;
end
$$;

create trigger observation_mission_template after insert on observation
    for each row execute function note_mission_template();
-- Hibernate's updates set every column, so the update trigger looks at the values, not at the columns named
create trigger observation_mission_template_changed after update on observation
    for each row when (old.mission_id <> new.mission_id or old.template_id <> new.template_id
                       or old.template_version <> new.template_version)
    execute function note_mission_template();
