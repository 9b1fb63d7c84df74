package org.eom.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eom.deploy.infra.InfraTestResource;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Puts real CloudEvents on the real topics, as missions-service and observations-service do
 * (docs/events.md), and remembers every record it sent so a test can send them again.
 */
public final class EventFeed {

    public static final String MISSIONS = "eom.missions.v1";
    public static final String OBSERVATIONS = "eom.observations.v1";
    public static final UUID NIL = new UUID(0, 0);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static KafkaProducer<String, String> producer;

    public record Sent(String topic, String key, String value) {
    }

    private final List<Sent> sent = new ArrayList<>();
    /** Records kept instead of sent, while {@link #holdBack} is in force. */
    private List<Sent> held;

    /** Sends an event with a new id; returns the record so it can be sent again as a duplicate. */
    public Sent send(String topic, UUID key, String type, Map<String, Object> data) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("specversion", "1.0");
        event.put("id", UUID.randomUUID().toString());
        event.put("source", topic.equals(MISSIONS) ? "/eom/missions-service" : "/eom/observations-service");
        event.put("type", type);
        event.put("subject", "missions/" + key);
        event.put("time", OffsetDateTime.now(ZoneOffset.UTC).toString());
        event.put("datacontenttype", "application/json");
        event.put("partitionkey", key.toString());
        event.put("data", data);
        try {
            return send(new Sent(topic, key.toString(), JSON.writeValueAsString(event)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends a record as it is: a duplicate, a replay, or something that is not an event at all. */
    public Sent send(Sent record) {
        if (held != null) {
            held.add(record);
            sent.add(record);
            return record;
        }
        try {
            producer().send(new ProducerRecord<>(record.topic(), record.key(), record.value())).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + record.topic(), e);
        }
        sent.add(record);
        return record;
    }

    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** Lets go of the records sent so far (a measurement sends a million and never sends them again). */
    public void forgetSent() {
        sent.clear();
    }

    /** From now on the records are kept, not sent, until {@link #release} hands them over. */
    public void holdBack() {
        held = new ArrayList<>();
    }

    /** The records kept since {@link #holdBack}, in the order they were sent; sending goes on as usual. */
    public List<Sent> release() {
        List<Sent> records = held;
        held = null;
        return records;
    }

    /**
     * The records as ONE poll of their topics delivers them (to a consumer's {@code @Incoming} method), in
     * this order: the broker cannot be made to put records in the same poll, a test can.
     */
    public static ConsumerRecords<String, String> poll(List<Sent> records) {
        Map<TopicPartition, List<ConsumerRecord<String, String>>> byPartition = new LinkedHashMap<>();
        for (Sent record : records) {
            List<ConsumerRecord<String, String>> partition = byPartition.computeIfAbsent(new TopicPartition(record.topic(), 0),
                    p -> new ArrayList<>());
            partition.add(new ConsumerRecord<>(record.topic(), 0, partition.size(), record.key(), record.value()));
        }
        return new ConsumerRecords<>(byPartition, Map.of());
    }

    private static synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, InfraTestResource.kafkaBootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                    ProducerConfig.ACKS_CONFIG, "all"));
        }
        return producer;
    }
}
