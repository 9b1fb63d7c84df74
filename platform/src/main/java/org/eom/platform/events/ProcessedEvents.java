package org.eom.platform.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.util.RawValue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Makes consumers idempotent: an event id is recorded in the same transaction as its effects,
 * so a redelivered or duplicated event is recognised and skipped. {@link EventConsumer} uses it
 * for every record; handlers use {@link #data} to read an event's data.
 */
@ApplicationScoped
public class ProcessedEvents {

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper mapper;

    private volatile ObjectMapper tolerant;

    /**
     * Parses a record value; anything that is not a CloudEvent with id, type and data is malformed. The data stays the
     * JSON text it came as until a handler reads it with {@link #data} (see {@link CloudEvent.DataAsReceived}).
     */
    public CloudEvent parse(String json) {
        try {
            CloudEvent event = mapper.readerFor(CloudEvent.class).withAttribute(CloudEvent.DataAsReceived.SOURCE, json).readValue(json);
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

    /**
     * Reads an event's data as the consumer's own type; fields the consumer does not know are ignored (skipped over in
     * the text, never built).
     */
    public <T> T data(CloudEvent event, Class<T> type) {
        try {
            if (event.data() instanceof POJONode node && node.getPojo() instanceof RawValue raw) {
                return tolerantReader().readValue(raw.rawValue().toString(), type);
            }
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

    /**
     * Records the ids as processed and returns those seen for the first time (duplicates are
     * left out): one statement for a whole poll. Must run in the transaction that applies them,
     * so an id is recorded if and only if its effects commit.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<UUID> firstDeliveries(List<UUID> eventIds) {
        Set<UUID> first = new HashSet<>();
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    insert into processed_event (event_id, processed_at) select distinct id, now() from unnest(?::uuid[]) as ids(id) order by id
                    on conflict do nothing returning event_id""")) {
                statement.setArray(1, connection.createArrayOf("uuid", eventIds.toArray()));
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        first.add(rs.getObject(1, UUID.class));
                    }
                }
            }
        });
        return first;
    }
}
