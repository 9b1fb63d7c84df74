package org.eom.deploy.local;

import java.nio.file.Path;
import java.util.Map;

/** The three services of the platform: module, database, default port and the variable that moves it. */
public enum Service {
    MISSIONS("missions-service", "missions", 8081, "EOM_MISSIONS_PORT"),
    OBSERVATIONS("observations-service", "observations", 8082, "EOM_OBSERVATIONS_PORT"),
    REPORTS("reports-service", "reports", 8083, "EOM_REPORTS_PORT");

    private final String module;
    private final String database;
    private final int defaultPort;
    private final String portVariable;

    Service(String module, String database, int defaultPort, String portVariable) {
        this.module = module;
        this.database = database;
        this.defaultPort = defaultPort;
        this.portVariable = portVariable;
    }

    /** The Maven module and the service's name, e.g. missions-service. */
    public String module() {
        return module;
    }

    public String database() {
        return database;
    }

    public int defaultPort() {
        return defaultPort;
    }

    public String portVariable() {
        return portVariable;
    }

    /** The packaged application that {@code ./mvnw install} (or package) builds. */
    public Path jar(Path projectDir) {
        return projectDir.resolve(module).resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
    }

    /** The port from the environment ({@link #portVariable()}), else the default. */
    public int port(Map<String, String> env) {
        String value = env.get(portVariable);
        if (value == null || value.isBlank()) {
            return defaultPort;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(portVariable + " must be a port number, not '" + value + "'");
        }
    }
}
