package org.eom.observations;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/**
 * Plays missions-service in tests: produces real CloudEvents onto eom.missions.v1 and waits until
 * this service's consumer has applied them (their ids are in processed_event).
 */
@ApplicationScoped
public class MissionFeed {

    public static final String TOPIC = "eom.missions.v1";
    public static final OffsetDateTime WINDOW_START = OffsetDateTime.parse("2023-03-19T00:00:00Z");
    public static final OffsetDateTime WINDOW_END = OffsetDateTime.parse("2023-03-19T23:59:00Z");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    ObjectMapper mapper;

    @Inject
    AgroalDataSource dataSource;

    private KafkaProducer<String, String> producer;

    /** Sends one event of type org.eom.missions.{type}; returns its id. */
    public UUID send(String type, UUID key, Map<String, Object> data) {
        UUID id = UUID.randomUUID();
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("specversion", "1.0");
        event.put("id", id.toString());
        event.put("source", "/eom/missions-service");
        event.put("type", "org.eom.missions." + type);
        event.put("subject", "missions/" + key);
        event.put("time", OffsetDateTime.now(ZoneOffset.UTC).toString());
        event.put("datacontenttype", "application/json");
        event.put("partitionkey", key.toString());
        event.put("data", data);
        try {
            sendRaw(key.toString(), mapper.writeValueAsString(event));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return id;
    }

    public void sendRaw(String key, String value) {
        try {
            producer().send(new ProducerRecord<>(TOPIC, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce to " + TOPIC, e);
        }
    }

    public void awaitApplied(List<UUID> eventIds) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> countProcessed(eventIds) == eventIds.size());
    }

    public void apply(String type, UUID key, Map<String, Object> data) {
        awaitApplied(List.of(send(type, key, data)));
    }

    /** A fresh mission (status OBSERVING, window 19 March 2023 UTC) with its election, stations (at least 2), delegates, teams and plan. */
    public TestMission mission(int stationCount) {
        if (stationCount < 2) {
            throw new IllegalArgumentException("team A's plan needs stations No. 1 and 2");
        }
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        UUID electionId = UUID.randomUUID();
        UUID missionId = UUID.randomUUID();
        List<UUID> stations = new ArrayList<>();
        List<Map<String, Object>> stationData = new ArrayList<>();
        for (int n = 1; n <= stationCount; n++) {
            UUID id = UUID.randomUUID();
            stations.add(id);
            stationData.add(Map.of("id", id.toString(), "number", String.valueOf(n), "name", "School No. " + n,
                    "district", n % 2 == 0 ? "Yesil" : "Almaty", "latitude", 51.1, "longitude", 71.4,
                    "accessibility", List.of("ramp")));
        }
        TestMission m = new TestMission(electionId, missionId, stations, UUID.randomUUID(), UUID.randomUUID(), suffix);
        List<UUID> events = new ArrayList<>();
        events.add(send("election.upserted", electionId, Map.of("id", electionId.toString(), "country", "KZ",
                "name", "Mazhilis " + suffix, "type", "parliamentary", "electionDay", "2023-03-19", "rounds", 1)));
        for (int from = 0; from < stationData.size(); from += 500) {
            events.add(send("polling-stations.upserted", electionId, Map.of("electionId", electionId.toString(),
                    "stations", stationData.subList(from, Math.min(stationData.size(), from + 500)))));
        }
        events.add(send("mission.upserted", missionId, missionData(m, "OBSERVING", 3)));
        Map<String, UUID> delegates = new LinkedHashMap<>();
        Map<String, String> roles = Map.of(m.observerA1(), "OBSERVER", m.observerA2(), "OBSERVER", m.observerB1(), "OBSERVER",
                m.analyst(), "ANALYST", m.coordinator(), "COORDINATOR", m.head(), "HEAD_OF_MISSION");
        for (Map.Entry<String, String> delegate : roles.entrySet()) {
            UUID id = UUID.randomUUID();
            delegates.put(delegate.getKey(), id);
            events.add(send("delegate.upserted", missionId, delegateData(id, m, delegate.getKey(), delegate.getValue(), "ACCREDITED", 1)));
        }
        events.add(send("team.upserted", missionId, teamData(m.teamA(), m, "Team A", delegates, List.of(m.observerA1(), m.observerA2()))));
        events.add(send("team.upserted", missionId, teamData(m.teamB(), m, "Team B", delegates, List.of(m.observerB1()))));
        events.add(send("deployment.upserted", missionId, deploymentData(UUID.randomUUID(), m, m.teamA(), m.station(1), "VOTING")));
        events.add(send("deployment.upserted", missionId, deploymentData(UUID.randomUUID(), m, m.teamA(), m.station(2), "VOTING")));
        events.add(send("deployment.upserted", missionId, deploymentData(UUID.randomUUID(), m, m.teamA(), m.station(1), "OPENING")));
        awaitApplied(events);
        return m;
    }

    public static Map<String, Object> missionData(TestMission m, String status, long version) {
        Map<String, Object> data = new HashMap<>();
        data.put("id", m.missionId().toString());
        data.put("electionId", m.electionId().toString());
        data.put("organisation", "OTS");
        data.put("name", "IEOM " + m.suffix());
        data.put("mandate", "observe");
        data.put("observationStart", WINDOW_START.toString());
        data.put("observationEnd", WINDOW_END.toString());
        data.put("areas", List.of("Astana"));
        data.put("status", status);
        data.put("isPublic", false);
        data.put("partnerClientIds", List.of(m.partnerClient()));
        data.put("version", version);
        return data;
    }

    public static Map<String, Object> delegateData(UUID id, TestMission m, String username, String role, String accreditation, long version) {
        return Map.of("id", id.toString(), "missionId", m.missionId().toString(), "username", username, "fullName", "Delegate " + username,
                "memberState", "TR", "affiliation", "OTHER", "missionRole", role, "accreditationStatus", accreditation, "version", version);
    }

    private static Map<String, Object> teamData(UUID id, TestMission m, String name, Map<String, UUID> delegates, List<String> members) {
        return Map.of("id", id.toString(), "missionId", m.missionId().toString(), "name", name, "version", 1,
                "members", members.stream().map(u -> Map.of("delegateId", delegates.get(u).toString(), "username", u)).toList());
    }

    public static Map<String, Object> deploymentData(UUID id, TestMission m, UUID team, UUID station, String phase) {
        return Map.of("id", id.toString(), "missionId", m.missionId().toString(), "teamId", team.toString(),
                "stationId", station.toString(), "phase", phase, "plannedStart", "2023-03-19T07:00:00+06:00",
                "plannedEnd", "2023-03-19T20:00:00+06:00", "version", 1);
    }

    /** One value from the database, for assertions on what was really stored. */
    public long count(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a statement directly, e.g. to load test data faster than the API would. */
    public int execute(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long countProcessed(List<UUID> ids) {
        return count("select count(*) from processed_event where event_id = any(?)", (Object) ids.toArray(new UUID[0]));
    }

    private synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                    ProducerConfig.LINGER_MS_CONFIG, 0));
        }
        return producer;
    }

    @PreDestroy
    void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
