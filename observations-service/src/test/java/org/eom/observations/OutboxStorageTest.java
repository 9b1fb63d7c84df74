package org.eom.observations;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An outbox row is sent and deleted within moments, so its payload is stored as it is, not compressed and decompressed
 * on the way (platform's R__outbox_payload_uncompressed.sql, docs/performance.md item 43).
 */
@QuarkusTest
class OutboxStorageTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void anEventsPayloadIsStoredUncompressed() throws Exception {
        String payload = "{\"data\":{\"notes\":\"" + "calm, no queue; ".repeat(250) + "\"}}"; // 4 kB that compresses well
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into outbox_event (id, partition_key, type, payload, created_at) values (-1, 'test', 'test', ?, now())")) {
                insert.setString(1, payload);
                insert.executeUpdate();
            }
            try (PreparedStatement read = connection.prepareStatement(
                    "select pg_column_compression(payload), pg_column_size(payload) from outbox_event where id = -1");
                 ResultSet row = read.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).as("compression").isNull();
                assertThat(row.getInt(2)).isGreaterThanOrEqualTo(payload.length());
            } finally {
                connection.rollback();
            }
        }
    }
}
