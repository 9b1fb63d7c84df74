package org.eom.platform.events;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Relays committed outbox entries to the service's Kafka topic, oldest first, and deletes them
 * once the broker has acknowledged them: at-least-once delivery, in commit order per key.
 *
 * <p>A transaction-scoped advisory lock makes one relay active per database, so several
 * instances of a service never send the same mission's events out of order. If Kafka is down
 * the batch is rolled back and retried with back-off; nothing is lost.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final String LOCK_SQL = "select pg_try_advisory_xact_lock(hashtext('eom-outbox-relay'))";

    @Inject
    EntityManager em;

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

    /** Sends one batch; returns how many entries it relayed. Package-visible for tests. */
    int relayBatch() {
        return QuarkusTransaction.requiringNew().timeout((int) sendTimeout.toSeconds() + 10).call(() -> {
            if (!Boolean.TRUE.equals(em.createNativeQuery(LOCK_SQL).getSingleResult())) {
                return 0;
            }
            List<OutboxEntry> batch = OutboxEntry.<OutboxEntry>find("order by id").page(0, batchSize).list();
            if (batch.isEmpty()) {
                return 0;
            }
            CompletableFuture<?>[] acks = batch.stream().map(this::send).toArray(CompletableFuture[]::new);
            try {
                CompletableFuture.allOf(acks).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("Kafka did not acknowledge the batch", e);
            }
            OutboxEntry.delete("id in ?1", batch.stream().map(entry -> entry.id).toList());
            return batch.size();
        });
    }

    private CompletableFuture<Void> send(OutboxEntry entry) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", CloudEvent.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        Message<String> message = Message.of(entry.payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(entry.partitionKey)
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
