package org.eom.platform.events;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The one way a service applies the records of a topic (ADR 0008): every {@code @Incoming} method
 * takes the records of one poll and hands them here with its handler.
 *
 * <ul>
 * <li>The records' events are applied in ONE transaction, in the order of the poll (so in order
 * per partition), skipping ids already in {@code processed_event}.</li>
 * <li>A transient failure ({@link TransientFailures}) rolls the transaction back and the same
 * records are tried again in a new one after a back-off, for as long as it takes: the
 * partition waits, nothing is skipped.</li>
 * <li>A record that is not an event, or a batch that fails in any other way, is applied record by
 * record, each in its own transaction, so that only the records that can never be applied go
 * to {@code <topic>.dlq} (reason in the {@code dead-letter-reason} header) and the others are
 * applied.</li>
 * </ul>
 * Only when this method returns does the channel commit the offsets; if it throws (the service is
 * stopping) they stay uncommitted and the records are delivered again.
 */
@ApplicationScoped
public class EventConsumer {

    private static final Logger LOG = Logger.getLogger(EventConsumer.class);

    /** The header names smallrye's own dead-letter strategy writes, so operators' tooling reads both alike. */
    static final String DEAD_LETTER_REASON = "dead-letter-reason";
    static final String DEAD_LETTER_EXCEPTION = "dead-letter-exception-class-name";
    static final String DEAD_LETTER_TOPIC = "dead-letter-topic";
    static final String DEAD_LETTER_PARTITION = "dead-letter-partition";
    static final String DEAD_LETTER_OFFSET = "dead-letter-offset";

    @Inject
    ProcessedEvents processed;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Inject
    @Channel("dead-letters")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 256)
    MutinyEmitter<String> deadLetters;

    @ConfigProperty(name = "eom.events.retry.first-delay", defaultValue = "PT0.1S")
    Duration firstDelay;

    @ConfigProperty(name = "eom.events.retry.max-delay", defaultValue = "PT5S")
    Duration maxDelay;

    @ConfigProperty(name = "eom.events.dead-letter-timeout", defaultValue = "PT30S")
    Duration deadLetterTimeout;

    private final CountDownLatch stopping = new CountDownLatch(1);

    /** A record of the poll and the event it carries. */
    private record Delivery(ConsumerRecord<String, String> record, CloudEvent event) {
    }

    /** Thrown out of a back-off when the service stops: the records are left for redelivery, never dead-lettered. */
    static final class Stopping extends RuntimeException {
        Stopping(String what, Throwable last) {
            super("stopping while " + what + " waited to be retried; it will be delivered again", last);
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        stopping.countDown();
    }

    /**
     * Applies the records of one poll; {@code handler} gets the events not applied before, in
     * order, inside the transaction, and may act on them together (e.g. sum counter changes).
     */
    public void consume(ConsumerRecords<String, String> records, Consumer<List<CloudEvent>> handler) {
        List<Delivery> events = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                events.add(new Delivery(record, processed.parse(record.value())));
            } catch (MalformedEventException e) {
                deadLetter(record, e);
            }
        }
        if (events.isEmpty()) {
            return;
        }
        RuntimeException failure = untilNotTransient(describe(events), () -> apply(events, handler), TransientFailures::isTransient);
        if (failure == null) {
            return;
        }
        if (events.size() == 1) {
            deadLetter(events.getFirst().record(), failure);
            return;
        }
        LOG.warnf("A batch of %d events failed (%s); applying them one at a time", events.size(), reason(failure));
        for (Delivery delivery : events) {
            RuntimeException own = untilNotTransient(describe(List.of(delivery)), () -> apply(List.of(delivery), handler),
                    TransientFailures::isTransient);
            if (own != null) {
                deadLetter(delivery.record(), own);
            }
        }
    }

    private void apply(List<Delivery> deliveries, Consumer<List<CloudEvent>> handler) {
        QuarkusTransaction.requiringNew().run(() -> {
            Set<UUID> first = processed.firstDeliveries(deliveries.stream().map(d -> d.event().id()).toList());
            // an id twice in the same poll is applied once: the first occurrence takes it from the set
            List<CloudEvent> fresh = deliveries.stream().map(Delivery::event).filter(e -> first.remove(e.id())).toList();
            if (!fresh.isEmpty()) {
                handler.accept(fresh);
            }
            if (transactions.getRollbackOnly()) {
                // the handler swallowed a failure that doomed the transaction: a fault of the events or the code, so
                // it must not look like the commit failures below, which TransientFailures retries
                throw new IllegalStateException("the transaction was marked for rollback while applying the events");
            }
        });
    }

    /**
     * Runs {@code attempt} until it succeeds (returns null) or fails for a reason that is not
     * transient (returns it); transient failures are logged and retried after a back-off that
     * doubles from {@code eom.events.retry.first-delay} up to {@code eom.events.retry.max-delay}.
     */
    private RuntimeException untilNotTransient(String what, Runnable attempt, Predicate<Throwable> isTransient) {
        Duration delay = firstDelay;
        for (int attempts = 1; ; attempts++) {
            try {
                attempt.run();
                if (attempts > 1) {
                    LOG.infof("%s succeeded after %d attempts", what, attempts);
                }
                return null;
            } catch (RuntimeException e) {
                if (!isTransient.test(e)) {
                    return e;
                }
                LOG.warnf("%s failed transiently (attempt %d), retrying in %d ms: %s", what, attempts, delay.toMillis(), reason(e));
                backOff(what, delay, e);
                delay = delay.multipliedBy(2).compareTo(maxDelay) > 0 ? maxDelay : delay.multipliedBy(2);
            }
        }
    }

    /**
     * Sends the record as it came, with the reason, to {@code <topic>.dlq}, and waits for the
     * broker's acknowledgement.
     */
    private void deadLetter(ConsumerRecord<String, String> record, RuntimeException reason) {
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        LOG.errorf("Record %s cannot be applied, sending it to %s.dlq: %s", where, record.topic(), reason(reason));
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        header(headers, DEAD_LETTER_REASON, reason(reason));
        header(headers, DEAD_LETTER_EXCEPTION, reason.getClass().getName());
        header(headers, DEAD_LETTER_TOPIC, record.topic());
        header(headers, DEAD_LETTER_PARTITION, Integer.toString(record.partition()));
        header(headers, DEAD_LETTER_OFFSET, Long.toString(record.offset()));
        Message<String> message = Message.of(record.value()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(record.topic() + ".dlq")
                .withKey(record.key())
                .withHeaders(headers)
                .build());
        // Kafka refusing is always worth waiting for: the offset is committed only after this
        untilNotTransient("Dead-lettering " + where,
                () -> deadLetters.sendMessage(message).await().atMost(deadLetterTimeout), failure -> true);
    }

    private void backOff(String what, Duration delay, RuntimeException last) {
        try {
            if (stopping.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new Stopping(what, last);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopping(what, last);
        }
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String describe(List<Delivery> deliveries) {
        Delivery first = deliveries.getFirst();
        String at = first.record().topic() + "-" + first.record().partition() + "@" + first.record().offset();
        return deliveries.size() == 1 ? "Event " + first.event().id() + " (" + at + ")"
                : "Batch of " + deliveries.size() + " events from " + at;
    }

    /**
     * What went wrong, for people: a malformed event's own message names the event and field; otherwise
     * the innermost message (the SQL error), with the outer exception type that says where.
     */
    static String reason(Throwable failure) {
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof MalformedEventException && t.getMessage() != null) {
                return t.getMessage();
            }
            root = t;
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return root == failure ? message : message + " (" + failure.getClass().getSimpleName() + ")";
    }
}
