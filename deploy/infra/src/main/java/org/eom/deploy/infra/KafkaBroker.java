package org.eom.deploy.infra;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real Apache Kafka broker (KRaft, broker and controller in one node) on 127.0.0.1, run as a separate JVM so
 * that the server jars never reach the callers' classpaths. Its classpath is the one the build wrote into
 * eom-infra.properties.
 */
public final class KafkaBroker implements AutoCloseable {

    /** About 4 s on an idle machine; a busy one (a build next door) can need minutes. */
    private static final Duration START_TIMEOUT = Child.timeout("eom.kafka.start-timeout", Duration.ofSeconds(180));
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final List<String> JVM_OPTIONS = List.of(
            "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-Djava.awt.headless=true");

    /** INFO, without the configuration dumps that would make up most of the log. */
    private static final String LOG4J2_CONFIG = """
            appender.out.type = Console
            appender.out.name = out
            appender.out.layout.type = PatternLayout
            appender.out.layout.pattern = [%d] %p %m (%c)%n
            rootLogger.level = INFO
            rootLogger.appenderRef.out.ref = out
            logger.config.name = org.apache.kafka.common.config.AbstractConfig
            logger.config.level = WARN
            """;

    private volatile Process process;
    private final int port;
    private final Path log;
    private final Path tempRoot;
    private final List<String> jvm;
    private final String classpath;
    private final Path serverProperties;
    private final Thread shutdownHook;

    private KafkaBroker(Process process, int port, Path log, Path tempRoot, List<String> jvm, String classpath,
                        Path serverProperties) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.tempRoot = tempRoot;
        this.jvm = jvm;
        this.classpath = classpath;
        this.serverProperties = serverProperties;
        this.shutdownHook = Child.onJvmExit("eom-kafka-stop", this::stop);
    }

    /**
     * Starts a broker and waits until it answers.
     *
     * @param port   the client port; 0 for any free port
     * @param logDir where the topics live across restarts (formatted on first use; its configuration and log go
     *               beside it); null for a throwaway directory deleted on close
     */
    public static KafkaBroker start(int port, Path logDir) {
        if (port != 0) {
            Ports.requireFree(port, "Kafka");
        }
        int brokerPort = port == 0 ? Ports.freePort() : port;
        int controllerPort = Ports.freePort();
        Path tempRoot = null;
        Process process;
        Path log;
        Path serverProperties;
        String classpath;
        List<String> jvm;
        try {
            if (logDir == null) {
                tempRoot = Files.createTempDirectory("eom-kafka-");
                logDir = tempRoot.resolve("kafka");
            }
            logDir = logDir.toAbsolutePath();
            Files.createDirectories(logDir);
            String name = logDir.getFileName().toString();
            log = logDir.resolveSibling(name + ".log");
            serverProperties = logDir.resolveSibling(name + "-server.properties");
            Path log4jProperties = logDir.resolveSibling(name + "-log4j2.properties");
            Files.writeString(serverProperties, serverProperties(brokerPort, controllerPort, logDir));
            Files.writeString(log4jProperties, LOG4J2_CONFIG);

            classpath = Child.buildProperty("kafka.classpath");
            jvm = new ArrayList<>(JVM_OPTIONS);
            jvm.add("-Dlog4j2.configurationFile=" + log4jProperties);
            // Formatting once is what makes the data survive restarts.
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(jvm, classpath, serverProperties, log);
            }
            process = broker(jvm, classpath, serverProperties, log);
        } catch (IOException | RuntimeException e) {
            Child.deleteRecursively(tempRoot);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        KafkaBroker broker = new KafkaBroker(process, brokerPort, log, tempRoot, List.copyOf(jvm), classpath, serverProperties);
        try {
            broker.awaitReady();
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    private static String serverProperties(int brokerPort, int controllerPort, Path logDir) {
        return """
                process.roles=broker,controller
                node.id=1
                controller.quorum.voters=1@127.0.0.1:%2$d
                listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=PLAINTEXT
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                log.dirs=%3$s
                offsets.topic.replication.factor=1
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                group.initial.rebalance.delay.ms=0
                num.partitions=6
                auto.create.topics.enable=false
                """.formatted(brokerPort, controllerPort, logDir);
    }

    private static void format(List<String> jvm, String classpath, Path serverProperties, Path log) throws IOException {
        // StorageTool's random-uuid command prints exactly this.
        String clusterId = Uuid.randomUuid().toString();
        Process format = java(jvm, classpath,
                List.of("kafka.tools.StorageTool", "format", "-t", clusterId, "-c", serverProperties.toString()), log);
        try {
            if (!format.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                format.destroyForcibly();
                throw new IllegalStateException("Formatting the Kafka log directory timed out; see " + log);
            }
        } catch (InterruptedException e) {
            format.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while formatting the Kafka log directory", e);
        }
        if (format.exitValue() != 0) {
            throw new IllegalStateException("Formatting the Kafka log directory failed; last lines of " + log
                    + ":\n" + Child.tail(log, 30));
        }
    }

    private static Process broker(List<String> jvm, String classpath, Path serverProperties, Path log) throws IOException {
        return java(jvm, classpath, List.of("kafka.Kafka", serverProperties.toString()), log);
    }

    private static Process java(List<String> jvm, String classpath, List<String> mainAndArgs, Path log)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Child.javaLauncher());
        command.addAll(jvm);
        command.add("-cp");
        command.add(classpath);
        command.addAll(mainAndArgs);
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    /**
     * SIGKILL, as a crash would: no controlled shutdown, partitions are recovered from the log on the next start.
     * Clients see the broker vanish; {@link #restart()} brings it back.
     */
    public void kill() {
        ProcessTree.kill(process);
    }

    /** Starts the broker again on the same ports and log directory (killing it first if it runs) and waits until it answers. */
    public void restart() {
        if (process.isAlive()) {
            kill();
        }
        try {
            process = broker(jvm, classpath, serverProperties, log);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the Kafka broker again", e);
        }
        awaitReady();
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!acceptsConnections()) {
            checkAliveBefore(deadline);
            pause();
        }
        // The port opens before the broker has joined its own controller; it is ready once it lists itself.
        try (Admin admin = admin()) {
            DescribeClusterOptions options = new DescribeClusterOptions().timeoutMs(2_000);
            while (true) {
                checkAliveBefore(deadline);
                try {
                    if (!admin.describeCluster(options).nodes().get().isEmpty()) {
                        return;
                    }
                } catch (ExecutionException e) {
                    // Not ready yet.
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for Kafka", e);
                }
                pause();
            }
        }
    }

    private boolean acceptsConnections() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void checkAliveBefore(Instant deadline) {
        if (!process.isAlive()) {
            throw new IllegalStateException("Kafka broker exited with code " + process.exitValue()
                    + "; last lines of " + log + ":\n" + Child.tail(log, 40));
        }
        if (Instant.now().isAfter(deadline)) {
            throw new IllegalStateException("Kafka broker not ready after " + START_TIMEOUT.toSeconds()
                    + " s; last lines of " + log + ":\n" + Child.tail(log, 40));
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Kafka", e);
        }
    }

    /** Creates the topics (replication factor 1) that do not exist yet; existing ones are left as they are. */
    public void createTopics(Map<String, Integer> topicPartitions) {
        List<NewTopic> topics = topicPartitions.entrySet().stream()
                .map(topic -> new NewTopic(topic.getKey(), topic.getValue(), (short) 1))
                .toList();
        try (Admin admin = admin()) {
            for (Map.Entry<String, KafkaFuture<Void>> created : admin.createTopics(topics).values().entrySet()) {
                try {
                    created.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Could not create topic " + created.getKey(), e.getCause());
                    }
                } catch (TimeoutException e) {
                    throw new IllegalStateException("Timed out creating topic " + created.getKey(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while creating topics", e);
                }
            }
        }
    }

    /** host:port for kafka.bootstrap.servers. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    private Admin admin() {
        // Kafka loads its plug-ins through the context class loader, which under Quarkus tests is not ours.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(Admin.class.getClassLoader());
        try {
            return Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                    AdminClientConfig.CLIENT_ID_CONFIG, "eom-infra",
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    public void close() {
        Child.cancelOnJvmExit(shutdownHook);
        stop();
    }

    private void stop() {
        Child.stop(process, STOP_GRACE);
        Child.deleteRecursively(tempRoot);
    }
}
