package org.eom.platform.events;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Relays committed outbox entries to the service's Kafka topic, oldest first, and deletes them
 * once the broker has acknowledged them: at-least-once delivery, in id order among the entries committed when it
 * polls (ids are drawn before commit, so an entry that commits after later ones were sent follows them; ADR 0002).
 *
 * <p>A session advisory lock makes one relay active per database, so several instances of a
 * service never send the same mission's events out of order. If Kafka is down the entries
 * stay and are retried with back-off; nothing is lost.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final String LOCK_SQL = "select pg_try_advisory_lock(hashtext('eom-outbox-relay'))";
    /**
     * The outbox is a queue: between two autovacuums it fills with the pages of rows already sent and deleted. The
     * planner picks a sequential scan while the statistics show the table nearly empty, and the delete then read 400
     * blocks a call for 8 rows under load (docs/performance.md, item 36). On the relay's own connection, both
     * statements go by the primary key whatever the statistics say.
     */
    private static final String INDEX_ONLY_SQL = "set enable_seqscan = off";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    @Channel("events-out")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
    MutinyEmitter<String> emitter;

    @ConfigProperty(name = "eom.outbox.batch-size", defaultValue = "500")
    int batchSize;

    @ConfigProperty(name = "eom.outbox.idle-poll", defaultValue = "PT1S")
    Duration idlePoll;

    @ConfigProperty(name = "eom.outbox.send-timeout", defaultValue = "PT30S")
    Duration sendTimeout;

    private final Semaphore wakeUp = new Semaphore(0);
    private Connection leaderConnection;
    private volatile boolean running;
    private Thread worker;

    void start(@Observes StartupEvent startup) {
        running = true;
        worker = Thread.ofPlatform().name("outbox-relay").daemon().start(this::loop);
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        running = false;
        wakeUp.release();
        if (worker != null) {
            worker.join(Duration.ofSeconds(10));
        }
        closeLeaderConnection();
    }

    void onWritten(@Observes(during = TransactionPhase.AFTER_SUCCESS) EventOutbox.Written written) {
        wakeUp.release();
    }

    private void loop() {
        Duration backOff = Duration.ofMillis(200);
        while (running) {
            try {
                int sent = relayBatch();
                backOff = Duration.ofMillis(200);
                if (sent < batchSize) {
                    wakeUp.tryAcquire(idlePoll.toMillis(), TimeUnit.MILLISECONDS);
                    wakeUp.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("Outbox relay failed, retrying in %d ms: %s", backOff.toMillis(), e.getMessage());
                sleep(backOff);
                backOff = backOff.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : backOff.multipliedBy(2);
            }
        }
    }

    /** An entry read for sending. */
    private record Pending(long id, String partitionKey, String payload) {
    }

    /**
     * Sends one batch; returns how many entries it relayed. Reading, sending and deleting are
     * separate steps so no database transaction spans the broker's acknowledgements (and none
     * leaks into the Kafka callbacks); a crash between send and delete only resends.
     * <p>
     * Both statements run on the connection that holds the relay's lock, in plain JDBC: if that connection is gone, so
     * is the lock, and the statement fails instead of sending beside another instance. Through Hibernate the delete's
     * list of ids was translated again for every batch size, 39 % of the relay's time (docs/performance.md, item 33).
     */
    int relayBatch() {
        Connection connection = leaderConnection();
        if (connection == null) {
            return 0;
        }
        try {
            List<Pending> batch = oldest(connection);
            if (batch.isEmpty()) {
                return 0;
            }
            CompletableFuture<?>[] acks = batch.stream().map(this::send).toArray(CompletableFuture[]::new);
            try {
                CompletableFuture.allOf(acks).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Kafka", e);
            } catch (Exception e) {
                throw new IllegalStateException("Kafka did not acknowledge the batch", e);
            }
            try (PreparedStatement delete = connection.prepareStatement("delete from outbox_event where id = any(?)")) {
                delete.setArray(1, connection.createArrayOf("bigint", batch.stream().map(Pending::id).toArray()));
                delete.executeUpdate();
            }
            return batch.size();
        } catch (SQLException e) {
            closeLeaderConnection();
            throw new IllegalStateException("outbox relay lost its connection: " + e.getMessage(), e);
        }
    }

    private List<Pending> oldest(Connection connection) throws SQLException {
        List<Pending> batch = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "select id, partition_key, payload from outbox_event order by id limit ?")) {
            select.setInt(1, batchSize);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    batch.add(new Pending(rows.getLong(1), rows.getString(2), rows.getString(3)));
                }
            }
        }
        return batch;
    }

    /**
     * One relay per database sends, so several instances of a service never interleave a
     * mission's events: the leader holds a session advisory lock on a connection of its own
     * for as long as it lives; the others keep trying. Null while another instance leads.
     */
    private Connection leaderConnection() {
        if (leaderConnection != null) {
            return leaderConnection;
        }
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            try (PreparedStatement lock = connection.prepareStatement(LOCK_SQL); ResultSet result = lock.executeQuery()) {
                if (result.next() && result.getBoolean(1)) {
                    leaderConnection = connection; // from here a failure closes it, and the lock goes with it
                    try (Statement indexOnly = connection.createStatement()) {
                        indexOnly.execute(INDEX_ONLY_SQL);
                    }
                    return connection;
                }
            }
            connection.close();
            return null;
        } catch (SQLException e) {
            if (connection != null && connection != leaderConnection) {
                closeQuietly(connection);
            }
            closeLeaderConnection();
            throw new IllegalStateException("cannot take the outbox relay lock: " + e.getMessage(), e);
        }
    }

    private void closeLeaderConnection() {
        if (leaderConnection != null) {
            try (Statement reset = leaderConnection.createStatement()) {
                reset.execute("reset enable_seqscan"); // the pool hands the connection on
            } catch (SQLException ignored) {
                // a broken connection is not handed on
            }
            closeQuietly(leaderConnection);
            leaderConnection = null;
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the lock goes with the connection either way
        }
    }

    private CompletableFuture<Void> send(Pending entry) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", CloudEvent.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        Message<String> message = Message.of(entry.payload()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(entry.partitionKey())
                .withHeaders(headers)
                .build());
        return emitter.sendMessage(message).subscribeAsCompletionStage();
    }

    /** Entries not yet relayed: exposed as a metric and checked by the reliability suites. */
    public long pending() {
        return OutboxEntry.count();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
