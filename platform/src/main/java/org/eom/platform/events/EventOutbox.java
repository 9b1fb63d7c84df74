package org.eom.platform.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * The only way a service publishes an event: it is stored in the caller's transaction, so the
 * change and its event commit (or roll back) together; {@link OutboxRelay} sends it afterwards.
 */
@ApplicationScoped
public class EventOutbox {

    /** Fired after each write so the relay wakes up once the transaction has committed. */
    public record Written() {
    }

    @Inject
    ObjectMapper mapper;

    @Inject
    Event<Written> written;

    @ConfigProperty(name = "eom.events.source")
    String source;

    /**
     * @param type         event type, e.g. {@code org.eom.missions.mission.upserted}
     * @param partitionKey the mission id (or election id for election-wide events): the Kafka key
     * @param subject      what the event is about, e.g. {@code missions/<id>}
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID publish(String type, UUID partitionKey, String subject, Object data) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC); // one reading: the id's millisecond is the event's time
        UUID id = timeOrderedId(now.toInstant().toEpochMilli(), ThreadLocalRandom.current());
        CloudEvent event = new CloudEvent(CloudEvent.SPEC_VERSION, id, source, type, subject,
                now, "application/json", partitionKey.toString(),
                data instanceof JsonNode tree ? tree : mapper.valueToTree(data));
        OutboxEntry entry = new OutboxEntry();
        entry.partitionKey = partitionKey.toString();
        entry.type = type;
        entry.createdAt = event.time();
        try {
            entry.payload = mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event data of " + type + " cannot be written as JSON", e);
        }
        entry.persist();
        written.fire(new Written());
        return id;
    }

    /**
     * A version 7 UUID (RFC 9562): 48 bits of Unix time in milliseconds, then 74 random bits. Every consumer records
     * each event id in processed_event's primary key. Ids that grow with time land at the index's right edge, in pages
     * that stay in memory. Random ones each touched a random leaf of an index of 170 MB (docs/performance.md, item 36).
     */
    static UUID timeOrderedId(long epochMillis, RandomGenerator random) {
        long high = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }
}
