package org.eom.deploy.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** What the servers that run as child processes share: build facts, logs, stopping, cleaning up. */
final class Child {

    private static final String BUILD_PROPERTIES = "/eom-infra.properties";

    private Child() {
    }

    /** A value the build wrote into eom-infra.properties. */
    static String buildProperty(String key) {
        try (InputStream in = Child.class.getResourceAsStream(BUILD_PROPERTIES)) {
            if (in == null) {
                throw new IllegalStateException(BUILD_PROPERTIES + " is missing: build deploy/infra with Maven");
            }
            Properties properties = new Properties();
            properties.load(in);
            String value = properties.getProperty(key);
            if (value == null || value.isBlank() || value.contains("${")) {
                throw new IllegalStateException(BUILD_PROPERTIES + " has no value for " + key);
            }
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A start timeout: the system property (seconds, e.g. {@code -Deom.kafka.start-timeout=300}), else the
     * environment variable of the same name in upper case with underscores ({@code EOM_KAFKA_START_TIMEOUT}), else
     * the default.
     */
    static Duration timeout(String property, Duration defaultTimeout) {
        String value = System.getProperty(property, System.getenv(property.toUpperCase(java.util.Locale.ROOT)
                .replace('.', '_').replace('-', '_')));
        if (value == null || value.isBlank()) {
            return defaultTimeout;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(property + " must be a number of seconds, not '" + value + "'", e);
        }
    }

    /** The java launcher of the running JVM, so children run on the same JDK. */
    static String javaLauncher() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The last lines of a log, for error messages. */
    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    /** Stops a process and everything it started: politely first, forcibly after the grace period. */
    static void stop(Process process, Duration grace) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            for (ProcessHandle descendant : descendants) {
                descendant.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // A descendant that outlived the grace period.
        } finally {
            descendants.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** Runs an action when the JVM exits, unless cancelled first. */
    static Thread onJvmExit(String name, Runnable action) {
        Thread hook = new Thread(action, name);
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    static void cancelOnJvmExit(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already exiting: the hook is what is running us.
        }
    }

    static void deleteRecursively(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + root, e);
        }
    }
}
