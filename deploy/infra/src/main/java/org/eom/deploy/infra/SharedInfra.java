package org.eom.deploy.infra;

import java.util.Map;

/** The servers behind {@link InfraTestResource}: started once, stopped by their shutdown hooks. */
final class SharedInfra {

    private static PostgresServer postgres;
    private static KafkaBroker kafka;
    private static String jdbcUrl;

    private SharedInfra() {
    }

    static synchronized Map<String, String> start(String database) {
        startServers();
        postgres.createDatabaseIfMissing(database);
        jdbcUrl = postgres.jdbcUrl(database);
        return Map.of(
                "quarkus.datasource.jdbc.url", jdbcUrl,
                "quarkus.datasource.username", postgres.username(),
                "quarkus.datasource.password", postgres.password(),
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "quarkus.devservices.enabled", "false");
    }

    static synchronized String kafkaBootstrapServers() {
        startServers();
        return kafka.bootstrapServers();
    }

    static synchronized String jdbcUrl() {
        if (jdbcUrl == null) {
            throw new IllegalStateException("InfraTestResource has not started yet");
        }
        return jdbcUrl;
    }

    private static void startServers() {
        if (postgres != null) {
            return;
        }
        PostgresServer startedPostgres = PostgresServer.start(0, null);
        try {
            KafkaBroker startedKafka = KafkaBroker.start(0, null);
            startedKafka.createTopics(Topics.ALL);
            kafka = startedKafka;
        } catch (RuntimeException e) {
            startedPostgres.close();
            throw e;
        }
        postgres = startedPostgres;
    }
}
