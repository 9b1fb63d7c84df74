package org.eom.platform.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.UUID;
import java.util.function.Consumer;

/**
 * Makes consumers idempotent: an event id is recorded in the same transaction as its effects,
 * so a redelivered or duplicated event is recognised and skipped.
 */
@ApplicationScoped
public class ProcessedEvents {

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper mapper;

    private volatile ObjectMapper tolerant;

    /**
     * The one way consumers apply an incoming record: parse it, skip it if its id was already
     * applied, otherwise hand it to the handler, all in the caller's transaction. A malformed
     * record throws {@link MalformedEventException}, so the channel sends it to its dead-letter topic.
     * Handlers ignore types they do not know (newer producers may add some).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void applyOnce(String json, Consumer<CloudEvent> handler) {
        CloudEvent event = parse(json);
        if (firstDelivery(event.id())) {
            handler.accept(event);
        }
    }

    /** Parses a record value; anything that is not a CloudEvent with id, type and data is malformed. */
    public CloudEvent parse(String json) {
        try {
            CloudEvent event = mapper.readValue(json, CloudEvent.class);
            if (event.id() == null || event.type() == null || event.data() == null || event.data().isNull()) {
                throw new MalformedEventException("event lacks id, type or data", null);
            }
            return event;
        } catch (MalformedEventException e) {
            throw e;
        } catch (Exception e) {
            throw new MalformedEventException("not a CloudEvents JSON document: " + e.getMessage(), e);
        }
    }

    /** Reads an event's data as the consumer's own type; fields the consumer does not know are ignored. */
    public <T> T data(CloudEvent event, Class<T> type) {
        try {
            return tolerantReader().treeToValue(event.data(), type);
        } catch (Exception e) {
            throw new MalformedEventException("data of " + event.type() + " " + event.id() + " is not a " + type.getSimpleName()
                    + ": " + e.getMessage(), e);
        }
    }

    private ObjectMapper tolerantReader() {
        if (tolerant == null) {
            tolerant = mapper.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        }
        return tolerant;
    }

    /** True the first time this event id is seen; false for a duplicate. Must run in the consumer's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(UUID eventId) {
        return em.createNativeQuery("insert into processed_event (event_id, processed_at) values (?1, now()) "
                        + "on conflict do nothing")
                .setParameter(1, eventId)
                .executeUpdate() == 1;
    }
}
