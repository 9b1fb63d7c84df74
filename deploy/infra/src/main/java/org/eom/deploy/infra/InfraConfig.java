package org.eom.deploy.infra;

import java.nio.file.Path;
import java.util.Map;

/**
 * What {@link Infrastructure} starts and where.
 *
 * @param dataDir                where PostgreSQL and Kafka keep their data across restarts; null for throwaway data
 * @param keycloakDir            where the Keycloak distribution is unpacked (once) and logs
 * @param realmFile              the realm Keycloak imports on every start; null to run without Keycloak
 * @param postgresPort           0 for any free port
 * @param kafkaPort              0 for any free port
 * @param keycloakPort           0 for any free port
 * @param keycloakManagementPort Keycloak's health port; 0 for any free port
 */
public record InfraConfig(Path dataDir, Path keycloakDir, Path realmFile,
                          int postgresPort, int kafkaPort, int keycloakPort, int keycloakManagementPort) {

    public static final String POSTGRES_PORT_VAR = "EOM_POSTGRES_PORT";
    public static final String KAFKA_PORT_VAR = "EOM_KAFKA_PORT";
    public static final String KEYCLOAK_PORT_VAR = "EOM_KEYCLOAK_PORT";
    public static final String KEYCLOAK_MANAGEMENT_PORT_VAR = "EOM_KEYCLOAK_MANAGEMENT_PORT";

    public static final int DEFAULT_POSTGRES_PORT = 5432;
    public static final int DEFAULT_KAFKA_PORT = 9092;
    public static final int DEFAULT_KEYCLOAK_PORT = 8180;
    public static final int DEFAULT_KEYCLOAK_MANAGEMENT_PORT = 9180;

    /** The realm file's place in the repository. */
    public static Path realmFile(Path projectDir) {
        return projectDir.resolve("deploy").resolve("keycloak").resolve("eom-realm.json");
    }

    /** The local run: data kept under {@code <projectDir>/.eom}, fixed ports that the environment can move. */
    public static InfraConfig localRun(Path projectDir) {
        return localRun(projectDir, System.getenv());
    }

    /** {@link #localRun(Path)} reading the {@code EOM_*_PORT} variables from the given environment. */
    public static InfraConfig localRun(Path projectDir, Map<String, String> env) {
        Path eom = projectDir.toAbsolutePath().resolve(".eom");
        return new InfraConfig(eom, eom.resolve("keycloak"), realmFile(projectDir),
                port(env, POSTGRES_PORT_VAR, DEFAULT_POSTGRES_PORT),
                port(env, KAFKA_PORT_VAR, DEFAULT_KAFKA_PORT),
                port(env, KEYCLOAK_PORT_VAR, DEFAULT_KEYCLOAK_PORT),
                port(env, KEYCLOAK_MANAGEMENT_PORT_VAR, DEFAULT_KEYCLOAK_MANAGEMENT_PORT));
    }

    /**
     * End-to-end tests: throwaway data, free ports.
     *
     * @param keycloakDir keep it between runs (e.g. under target/) to unpack Keycloak only once
     */
    public static InfraConfig ephemeral(Path realmFile, Path keycloakDir) {
        return new InfraConfig(null, keycloakDir, realmFile, 0, 0, 0, 0);
    }

    private static int port(Map<String, String> env, String name, int defaultPort) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return defaultPort;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number, not '" + value + "'", e);
        }
    }
}
