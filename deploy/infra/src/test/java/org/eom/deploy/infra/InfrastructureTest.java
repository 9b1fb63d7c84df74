package org.eom.deploy.infra;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InfrastructureTest {

    @Test
    void startsPostgresWithTheServiceDatabasesAndKafkaWithTheTopics() throws Exception {
        InfraConfig withoutKeycloak = new InfraConfig(null, null, null, 0, 0, 0, 0);
        int postgresPort;
        int kafkaPort;
        try (Infrastructure infra = Infrastructure.start(withoutKeycloak)) {
            postgresPort = infra.postgres().port();
            kafkaPort = infra.kafka().port();
            for (String database : Infrastructure.DATABASES) {
                try (Connection connection = DriverManager.getConnection(infra.postgres().jdbcUrl(database),
                        infra.postgres().username(), infra.postgres().password())) {
                    assertTrue(connection.isValid(5));
                }
            }
            assertEquals(Topics.ALL.keySet(), topics(infra.kafka().bootstrapServers()));
            assertTrue(infra.keycloak().isEmpty());
        }
        assertTrue(Ports.isFree(postgresPort));
        assertTrue(Ports.isFree(kafkaPort));
    }

    @Test
    void testResourceGivesQuarkusARealDatabaseAndBroker() throws Exception {
        InfraTestResource resource = new InfraTestResource();
        resource.init(Map.of(InfraTestResource.DATABASE_ARG, "missions"));
        Map<String, String> config = resource.start();

        assertEquals("false", config.get("quarkus.devservices.enabled"));
        assertEquals(config.get("quarkus.datasource.jdbc.url"), InfraTestResource.jdbcUrl());
        assertTrue(InfraTestResource.jdbcUrl().endsWith("/missions"));
        assertEquals(config.get("kafka.bootstrap.servers"), InfraTestResource.kafkaBootstrapServers());
        try (Connection connection = DriverManager.getConnection(config.get("quarkus.datasource.jdbc.url"),
                config.get("quarkus.datasource.username"), config.get("quarkus.datasource.password"))) {
            assertTrue(connection.isValid(5));
        }
        assertEquals(Topics.ALL.keySet(), topics(config.get("kafka.bootstrap.servers")));

        InfraTestResource another = new InfraTestResource();
        another.init(Map.of(InfraTestResource.DATABASE_ARG, "reports"));
        Map<String, String> anotherConfig = another.start();
        assertEquals(config.get("kafka.bootstrap.servers"), anotherConfig.get("kafka.bootstrap.servers"),
                "one broker per JVM");
        assertTrue(anotherConfig.get("quarkus.datasource.jdbc.url").endsWith("/reports"));
    }

    private static Set<String> topics(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            return admin.listTopics().names().get();
        }
    }
}
