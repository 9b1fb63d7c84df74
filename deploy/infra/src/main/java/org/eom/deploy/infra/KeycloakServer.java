package org.eom.deploy.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A real Keycloak server (the distribution zip from Maven Central) in development mode on 127.0.0.1. Its database
 * lives in memory, so every start imports the realm file afresh.
 */
public final class KeycloakServer implements AutoCloseable {

    public static final String REALM = "eom";
    public static final String ADMIN_USERNAME = "admin";
    public static final String ADMIN_PASSWORD = "admin";

    private static final Duration START_TIMEOUT = Child.timeout("eom.keycloak.start-timeout", Duration.ofSeconds(600));
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final Process process;
    private final int port;
    private final int managementPort;
    private final Path log;
    private final Thread shutdownHook;

    private KeycloakServer(Process process, int port, int managementPort, Path log) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
        this.shutdownHook = Child.onJvmExit("eom-keycloak-stop", this::stop);
    }

    /** Like {@link #start(int, int, Path, Path)} with the management (health) interface on any free port. */
    public static KeycloakServer start(int httpPort, Path realmFile, Path workDir) {
        return start(httpPort, 0, realmFile, workDir);
    }

    /**
     * Starts Keycloak, imports the realm file and waits until the realm answers.
     *
     * @param httpPort       0 for any free port
     * @param managementPort the health endpoints' port; 0 for any free port (Keycloak's own default, 9000, often
     *                       collides)
     * @param realmFile      a realm export; it must define the realm {@value #REALM}
     * @param workDir        where the distribution is unpacked (once, then reused) and the log is written
     */
    public static KeycloakServer start(int httpPort, int managementPort, Path realmFile, Path workDir) {
        if (httpPort != 0) {
            Ports.requireFree(httpPort, "Keycloak");
        }
        if (managementPort != 0) {
            Ports.requireFree(managementPort, "Keycloak management");
        }
        int port = httpPort == 0 ? Ports.freePort() : httpPort;
        int management = managementPort == 0 ? Ports.freePort() : managementPort;
        try {
            workDir = workDir.toAbsolutePath();
            Path home = unpack(workDir);
            replaceImports(home.resolve("data").resolve("import"), realmFile);
            Path log = workDir.resolve("keycloak.log");
            ProcessBuilder builder = new ProcessBuilder(
                    home.resolve("bin").resolve("kc.sh").toString(), "start-dev",
                    "--http-host=127.0.0.1",
                    "--http-port=" + port,
                    "--http-management-port=" + management,
                    "--hostname=http://127.0.0.1:" + port,
                    "--db=dev-mem",
                    "--import-realm",
                    "--health-enabled=true")
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Map<String, String> env = builder.environment();
            // The caller's JAVA_OPTS would replace kc.sh's required options; KC_ and QUARKUS_ variables would
            // configure Keycloak, itself a Quarkus application.
            env.keySet().removeIf(name -> name.startsWith("JAVA_OPTS") || name.startsWith("KC_")
                    || name.startsWith("QUARKUS_"));
            env.put("JAVA_HOME", System.getProperty("java.home"));
            env.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
            // JBoss Threads (Keycloak's) needs it on Java 24 and later; earlier versions accept it.
            env.put("JAVA_OPTS_APPEND", "--add-opens=java.base/java.lang=ALL-UNNAMED");
            env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USERNAME);
            env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
            KeycloakServer server = new KeycloakServer(builder.start(), port, management, log);
            try {
                server.awaitReady();
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Unpacks the distribution into workDir unless it is there; a half-finished unpack never counts. */
    private static Path unpack(Path workDir) throws IOException {
        String top = "keycloak-" + Child.buildProperty("keycloak.version");
        Path home = workDir.resolve(top);
        if (Files.isRegularFile(home.resolve("bin").resolve("kc.sh"))) {
            return home;
        }
        Files.createDirectories(workDir);
        Path staging = Files.createTempDirectory(workDir, ".unpack-");
        try {
            Path zip = Path.of(Child.buildProperty("keycloak.dist.zip"));
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
                for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                    Path target = staging.resolve(entry.getName()).normalize();
                    if (!target.startsWith(staging)) {
                        throw new IOException("Unexpected entry in " + zip + ": " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            // Zip entries lose their permission bits.
            try (DirectoryStream<Path> scripts = Files.newDirectoryStream(staging.resolve(top).resolve("bin"), "*.sh")) {
                for (Path script : scripts) {
                    script.toFile().setExecutable(true, false);
                }
            }
            try {
                Files.move(staging.resolve(top), home);
            } catch (FileAlreadyExistsException e) {
                // Another process unpacked it meanwhile.
            }
            return home;
        } finally {
            Child.deleteRecursively(staging);
        }
    }

    private static void replaceImports(Path importDir, Path realmFile) throws IOException {
        Child.deleteRecursively(importDir);
        Files.createDirectories(importDir);
        Files.copy(realmFile, importDir.resolve(realmFile.getFileName()));
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        URI openidConfiguration = URI.create(issuer() + "/.well-known/openid-configuration");
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            HttpRequest request = HttpRequest.newBuilder(openidConfiguration).timeout(Duration.ofSeconds(5)).build();
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Keycloak exited with code " + process.exitValue()
                            + "; last lines of " + log + ":\n" + Child.tail(log, 40));
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("Keycloak not ready after " + START_TIMEOUT.toSeconds()
                            + " s; last lines of " + log + ":\n" + Child.tail(log, 40));
                }
                try {
                    if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // Not listening yet.
                }
                Thread.sleep(500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Keycloak", e);
        }
    }

    /** http://127.0.0.1:port */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The issuer of the realm's tokens, for quarkus.oidc.auth-server-url. */
    public String issuer() {
        return baseUrl() + "/realms/" + REALM;
    }

    public int port() {
        return port;
    }

    public int managementPort() {
        return managementPort;
    }

    @Override
    public void close() {
        Child.cancelOnJvmExit(shutdownHook);
        stop();
    }

    private void stop() {
        Child.stop(process, STOP_GRACE);
    }
}
