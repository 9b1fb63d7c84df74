package org.eom.deploy.infra;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The whole infrastructure of the platform for the local run and the end-to-end tests: PostgreSQL with one database
 * per service, Kafka with {@link Topics#ALL}, and Keycloak with the realm. Closing stops them in reverse order.
 */
public final class Infrastructure implements AutoCloseable {

    /** One database per service. */
    public static final List<String> DATABASES = List.of("missions", "observations", "reports");

    private final PostgresServer postgres;
    private final KafkaBroker kafka;
    private final KeycloakServer keycloak;

    private Infrastructure(PostgresServer postgres, KafkaBroker kafka, KeycloakServer keycloak) {
        this.postgres = postgres;
        this.kafka = kafka;
        this.keycloak = keycloak;
    }

    public static Infrastructure start(InfraConfig config) {
        requireFree(config.postgresPort(), "PostgreSQL", InfraConfig.POSTGRES_PORT_VAR);
        requireFree(config.kafkaPort(), "Kafka", InfraConfig.KAFKA_PORT_VAR);
        if (config.realmFile() != null) {
            requireFree(config.keycloakPort(), "Keycloak", InfraConfig.KEYCLOAK_PORT_VAR);
            requireFree(config.keycloakManagementPort(), "Keycloak management",
                    InfraConfig.KEYCLOAK_MANAGEMENT_PORT_VAR);
        }
        // Keycloak takes longest by far: it starts alongside the others.
        CompletableFuture<KeycloakServer> keycloak = config.realmFile() == null
                ? CompletableFuture.completedFuture(null)
                : CompletableFuture.supplyAsync(
                        () -> KeycloakServer.start(config.keycloakPort(), config.keycloakManagementPort(),
                                config.realmFile(), config.keycloakDir()),
                        task -> new Thread(task, "eom-keycloak-start").start());
        List<AutoCloseable> started = new ArrayList<>();
        try {
            PostgresServer postgres = PostgresServer.start(config.postgresPort(),
                    config.dataDir() == null ? null : config.dataDir().resolve("postgres"));
            started.add(postgres);
            DATABASES.forEach(postgres::createDatabaseIfMissing);
            KafkaBroker kafka = KafkaBroker.start(config.kafkaPort(),
                    config.dataDir() == null ? null : config.dataDir().resolve("kafka"));
            started.add(kafka);
            kafka.createTopics(Topics.ALL);
            return new Infrastructure(postgres, kafka, await(keycloak));
        } catch (RuntimeException e) {
            try {
                started.add(await(keycloak));
            } catch (RuntimeException keycloakFailure) {
                if (keycloakFailure != e) {
                    e.addSuppressed(keycloakFailure);
                }
            }
            closeInReverse(started, e);
            throw e;
        }
    }

    private static void requireFree(int port, String what, String envVar) {
        if (port != 0) {
            Ports.requireFree(port, what, envVar);
        }
    }

    private static KeycloakServer await(CompletableFuture<KeycloakServer> keycloak) {
        try {
            return keycloak.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private static void closeInReverse(List<AutoCloseable> servers, RuntimeException failure) {
        for (int i = servers.size() - 1; i >= 0; i--) {
            AutoCloseable server = servers.get(i);
            if (server == null) {
                continue;
            }
            try {
                server.close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    /** Empty when the configuration had no realm file. */
    public Optional<KeycloakServer> keycloak() {
        return Optional.ofNullable(keycloak);
    }

    @Override
    public void close() {
        RuntimeException failure = new IllegalStateException("Could not stop the infrastructure cleanly");
        closeInReverse(Arrays.asList(postgres, kafka, keycloak), failure);
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }
}
