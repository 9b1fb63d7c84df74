package org.eom.deploy.infra;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Real PostgreSQL and Kafka for {@code @QuarkusTest}s. One server of each is started per JVM, on first use, shared
 * by every test class and test profile, and stopped when the JVM exits. Each use creates its database (init arg
 * {@code database}, else system property {@code eom.test.database}, else {@code app}); the topics of
 * {@link Topics#ALL} exist from the start.
 * <p>
 * Quarkus loads this class anew for each test profile, so the servers are kept by the copy of {@link SharedInfra}
 * in the JVM's application class loader, which all of them share and which lives as long as the JVM. Only JDK
 * types cross between the copies.
 */
public class InfraTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String DATABASE_ARG = "database";
    public static final String DATABASE_PROPERTY = "eom.test.database";
    public static final String DEFAULT_DATABASE = "app";

    private String database = System.getProperty(DATABASE_PROPERTY, DEFAULT_DATABASE);

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault(DATABASE_ARG, database);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, String> start() {
        return (Map<String, String>) shared("start", database);
    }

    /** The servers outlive every test class; their shutdown hooks stop them. */
    @Override
    public void stop() {
    }

    /** For tests that produce or consume raw records; starts the servers if no test resource has yet. */
    public static String kafkaBootstrapServers() {
        return (String) shared("kafkaBootstrapServers");
    }

    /** The JDBC URL of the database of the latest start; user and password as in the config overrides. */
    public static String jdbcUrl() {
        return (String) shared("jdbcUrl");
    }

    /**
     * Reads {@code topic} from the beginning until {@code count} records match, or fails after 30 s.
     * Tests use it to check what a service really published.
     */
    public static List<ConsumerRecord<String, String>> awaitRecords(String topic, Predicate<ConsumerRecord<String, String>> matching,
                                                                  int count) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = fromTheBeginning(topic)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (found.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (matching.test(record)) {
                        found.add(record);
                    }
                });
            }
        }
        if (found.size() < count) {
            throw new AssertionError("expected " + count + " matching records on " + topic + " within 30 s, found " + found.size());
        }
        return found;
    }

    /** Every record on {@code topic} now, without waiting for more: for tests that show something is NOT there. */
    public static List<ConsumerRecord<String, String>> records(String topic) {
        List<ConsumerRecord<String, String>> all = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = fromTheBeginning(topic)) {
            Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
            }
        }
        return all;
    }

    private static KafkaConsumer<String, String> fromTheBeginning(String topic) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"));
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private static Object shared(String method, String... args) {
        Class<?> holder;
        try {
            holder = Class.forName(SharedInfra.class.getName(), true, ClassLoader.getSystemClassLoader());
        } catch (ClassNotFoundException e) {
            // This jar is not on the JVM's class path (an unusual runner): share within this class loader.
            holder = SharedInfra.class;
        }
        try {
            Class<?>[] parameterTypes = new Class<?>[args.length];
            Arrays.fill(parameterTypes, String.class);
            Method target = holder.getDeclaredMethod(method, parameterTypes);
            target.setAccessible(true);
            return target.invoke(null, (Object[]) args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
