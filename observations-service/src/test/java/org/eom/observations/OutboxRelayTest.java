package org.eom.observations;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eom.deploy.infra.InfraTestResource;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outbox ids are drawn before their transaction commits, so an event can commit long after events with higher ids
 * were sent; it must still reach Kafka (ADR 0002, amended). This holds any change to how the relay polls to that.
 */
@QuarkusTest
class OutboxRelayTest {

    private static final String TOPIC = "eom.observations.v1";

    @Inject
    AgroalDataSource dataSource;

    @Test
    void anEventCommittedAfterLaterOnesWereSentIsStillSent() throws Exception {
        long straggler = nextId();
        // far behind: a relay that polled on from the last id it sent, as one tried (ADR 0002), would not see it
        long later = setNextId(straggler + 5_000);
        String laterMarker = insert(later);
        InfraTestResource.awaitRecords(TOPIC, r -> r.value().contains(laterMarker), 1);

        String stragglerMarker = insert(straggler);
        assertThat(InfraTestResource.awaitRecords(TOPIC, r -> r.value().contains(stragglerMarker), 1)).hasSize(1);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement left = connection.prepareStatement("select count(*) from outbox_event where id in (?, ?)")) {
            left.setLong(1, straggler);
            left.setLong(2, later);
            try (ResultSet count = left.executeQuery()) {
                count.next();
                assertThat(count.getLong(1)).as("sent entries are deleted").isZero();
            }
        }
    }

    /** An id of the outbox's sequence that no one else will draw (the service's own ids come from it too). */
    private long nextId() throws SQLException {
        return single("select nextval('outbox_event_seq')");
    }

    private long setNextId(long value) throws SQLException {
        single("select setval('outbox_event_seq', " + value + ")");
        return nextId();
    }

    private long single(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet result = statement.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }

    /** Commits an outbox entry with this id; returns the marker its payload carries. */
    private String insert(long id) throws SQLException {
        String marker = "outbox-relay-test-" + UUID.randomUUID();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "insert into outbox_event (id, partition_key, type, payload, created_at) values (?, 'test', 'test', ?, now())")) {
            connection.setAutoCommit(true);
            insert.setLong(1, id);
            insert.setString(2, "{\"type\":\"" + marker + "\"}");
            insert.executeUpdate();
        }
        return marker;
    }
}
