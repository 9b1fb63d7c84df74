package org.eom.reports.figures;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Maintains the counters behind the figures in the consumer's transaction: at most two statements
 * per mission for a whole batch of events, whatever the number of observations and answers.
 *
 * <p>Station-counted metrics go through {@code station_tally}: the change of a station's count
 * from 0 to positive (or back) is what moves the distinct-station figure by one.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class Tallies {

    private static final String STATION_COUNTED = """
            with d as (
                select * from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::uuid[], ?::int[])
                    as d(phase, district, metric, question_id, answer, station_id, delta)
            ), s as (
                insert into station_tally as t (mission_id, phase, metric, question_id, answer, station_id, district, observations)
                select ?, phase, metric, question_id, answer, station_id, district, delta from d
                on conflict (mission_id, phase, metric, question_id, answer, station_id, district)
                do update set observations = t.observations + excluded.observations
                returning phase, district, metric, question_id, answer, station_id, observations
            )
            insert into tally as t (mission_id, phase, district, metric, question_id, answer, observations, stations)
            select ?, d.phase, d.district, d.metric, d.question_id, d.answer, sum(d.delta),
                   sum(case when s.observations > 0 and s.observations - d.delta <= 0 then 1
                            when s.observations <= 0 and s.observations - d.delta > 0 then -1
                            else 0 end)
            from d join s using (phase, district, metric, question_id, answer, station_id)
            group by d.phase, d.district, d.metric, d.question_id, d.answer
            on conflict (mission_id, phase, district, metric, question_id, answer)
            do update set observations = t.observations + excluded.observations, stations = t.stations + excluded.stations
            """;

    private static final String OBSERVATION_COUNTED = """
            insert into tally as t (mission_id, phase, district, metric, question_id, answer, observations, stations)
            select ?, phase, district, metric, question_id, answer, delta, 0
            from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[])
                as d(phase, district, metric, question_id, answer, delta)
            on conflict (mission_id, phase, district, metric, question_id, answer)
            do update set observations = t.observations + excluded.observations
            """;

    @Inject
    EntityManager em;

    /**
     * The counter changes of the events of one transaction, summed per mission and counter, so a
     * batch of events moves each counter once: fewer statements, and fewer rows locked.
     */
    public static final class Changes {

        /** Sorted, so that missions' counters are locked in the same order by every transaction. */
        private final Map<UUID, Map<TallyKey, Integer>> byMission = new TreeMap<>();

        public void add(UUID missionId, Map<TallyKey, Integer> deltas) {
            Map<TallyKey, Integer> sum = byMission.computeIfAbsent(missionId, m -> new HashMap<>());
            deltas.forEach((key, delta) -> sum.merge(key, delta, Integer::sum));
        }
    }

    public void apply(Changes changes) {
        changes.byMission.forEach((missionId, deltas) -> {
            deltas.values().removeIf(delta -> delta == 0);
            apply(missionId, deltas);
        });
    }

    private void apply(UUID missionId, Map<TallyKey, Integer> deltas) {
        if (deltas.isEmpty()) {
            return;
        }
        List<Map.Entry<TallyKey, Integer>> sorted = deltas.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(TallyKey.ORDER)).toList();
        List<Map.Entry<TallyKey, Integer>> stationCounted = sorted.stream().filter(e -> e.getKey().metric().countsStations()).toList();
        List<Map.Entry<TallyKey, Integer>> observationCounted = sorted.stream().filter(e -> !e.getKey().metric().countsStations()).toList();
        em.unwrap(Session.class).doWork(connection -> {
            if (!stationCounted.isEmpty()) {
                updateStationCounted(connection, missionId, stationCounted);
            }
            if (!observationCounted.isEmpty()) {
                updateObservationCounted(connection, missionId, observationCounted);
            }
        });
    }

    private static void updateStationCounted(Connection connection, UUID missionId, List<Map.Entry<TallyKey, Integer>> entries)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(STATION_COUNTED)) {
            int next = bindKeys(connection, statement, entries, 1);
            statement.setArray(next++, connection.createArrayOf("uuid", entries.stream().map(e -> e.getKey().stationId()).toArray()));
            statement.setArray(next++, connection.createArrayOf("int4", entries.stream().map(Map.Entry::getValue).toArray()));
            statement.setObject(next++, missionId);
            statement.setObject(next, missionId);
            statement.executeUpdate();
        }
    }

    private static void updateObservationCounted(Connection connection, UUID missionId, List<Map.Entry<TallyKey, Integer>> entries)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(OBSERVATION_COUNTED)) {
            statement.setObject(1, missionId);
            int next = bindKeys(connection, statement, entries, 2);
            statement.setArray(next, connection.createArrayOf("int4", entries.stream().map(Map.Entry::getValue).toArray()));
            statement.executeUpdate();
        }
    }

    /** Binds phase, district, metric, question id and answer arrays from {@code first}; returns the next index. */
    private static int bindKeys(Connection connection, PreparedStatement statement, List<Map.Entry<TallyKey, Integer>> entries,
                                int first) throws SQLException {
        List<TallyKey> keys = entries.stream().map(Map.Entry::getKey).toList();
        int next = first;
        statement.setArray(next++, connection.createArrayOf("text", keys.stream().map(TallyKey::phase).toArray()));
        statement.setArray(next++, connection.createArrayOf("text", keys.stream().map(TallyKey::district).toArray()));
        statement.setArray(next++, connection.createArrayOf("text", keys.stream().map(k -> k.metric().name()).toArray()));
        statement.setArray(next++, connection.createArrayOf("text", keys.stream().map(TallyKey::questionId).toArray()));
        statement.setArray(next++, connection.createArrayOf("text", keys.stream().map(TallyKey::answer).toArray()));
        return next;
    }
}
