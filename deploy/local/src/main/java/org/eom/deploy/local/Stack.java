package org.eom.deploy.local;

import org.eom.deploy.infra.InfraConfig;
import org.eom.deploy.infra.Infrastructure;
import org.eom.deploy.infra.KeycloakServer;
import org.eom.deploy.infra.Ports;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The whole platform on this machine: {@link Infrastructure} (PostgreSQL, Kafka, Keycloak) and the three packaged
 * services wired to it. Closing stops the services first, then the infrastructure. Safe to close from another
 * thread (a signal handler) while it is still starting: the start gives up at its next step and cleans up.
 */
public final class Stack implements AutoCloseable {

    /**
     * What to start and where.
     *
     * @param ports 0 for any free port
     */
    public record Options(Path projectDir, InfraConfig infra, Map<Service, Integer> ports, Path logDir,
                          List<String> serviceJvmOptions, boolean aotCache) {

        /**
         * The run command: data and logs under {@code <project>/.eom}, fixed ports the environment can move, the
         * services' {@link AotCache} recorded on the first start of a build and used on every later one.
         */
        public static Options localRun(Path projectDir, Map<String, String> env) {
            Map<Service, Integer> ports = new EnumMap<>(Service.class);
            for (Service service : Service.values()) {
                ports.put(service, service.port(env));
            }
            return new Options(projectDir, InfraConfig.localRun(projectDir, env), ports,
                    projectDir.resolve(".eom").resolve("logs"), ServiceJvmOptions.from(env), true);
        }

        /** Tests: throwaway data, free ports, everything under {@code workDir}; no AOT cache, each test run is one start. */
        public static Options ephemeral(Path projectDir, Path workDir) {
            Map<Service, Integer> ports = new EnumMap<>(Service.class);
            for (Service service : Service.values()) {
                ports.put(service, 0);
            }
            return new Options(projectDir, InfraConfig.ephemeral(InfraConfig.realmFile(projectDir), workDir.resolve("keycloak")),
                    ports, workDir.resolve("logs"), ServiceJvmOptions.DEFAULT, false);
        }
    }

    /** How often the run command's supervision looks at the services' processes. */
    private static final Duration SUPERVISOR_POLL = Duration.ofSeconds(1);

    private final Options options;
    private final Map<Service, ServiceProcess> services = Collections.synchronizedMap(new EnumMap<>(Service.class));
    private final CountDownLatch startFinished = new CountDownLatch(1);
    /** Killed through {@link #kill}: down until {@link #restart}, whoever supervises the stack. */
    private final Set<Service> heldDown = ConcurrentHashMap.newKeySet();
    private Thread supervisor;
    private volatile Infrastructure infrastructure;
    private volatile boolean closing;
    private volatile boolean started;
    private Duration infrastructureTime = Duration.ZERO;
    private Duration servicesTime = Duration.ZERO;

    public Stack(Options options) {
        this.options = options;
    }

    /**
     * Every fixed port that is taken, as "Port 8081 (missions-service) is already in use; stop the process using it
     * or set EOM_MISSIONS_PORT", so that one attempt reports all of them.
     */
    public List<String> portConflicts() {
        Map<String, int[]> wanted = new LinkedHashMap<>();
        for (Service service : Service.values()) {
            wanted.put(service.module() + "|" + service.portVariable(), new int[] {options.ports().get(service)});
        }
        InfraConfig infra = options.infra();
        wanted.put("PostgreSQL|" + InfraConfig.POSTGRES_PORT_VAR, new int[] {infra.postgresPort()});
        wanted.put("Kafka|" + InfraConfig.KAFKA_PORT_VAR, new int[] {infra.kafkaPort()});
        if (infra.realmFile() != null) {
            wanted.put("Keycloak|" + InfraConfig.KEYCLOAK_PORT_VAR, new int[] {infra.keycloakPort()});
            wanted.put("Keycloak management|" + InfraConfig.KEYCLOAK_MANAGEMENT_PORT_VAR, new int[] {infra.keycloakManagementPort()});
        }
        List<String> conflicts = new ArrayList<>();
        Map<Integer, String> seen = new LinkedHashMap<>();
        wanted.forEach((key, port) -> {
            String[] what = key.split("\\|");
            if (port[0] == 0) {
                return;
            }
            String twice = seen.putIfAbsent(port[0], what[0]);
            if (twice != null) {
                conflicts.add("Port " + port[0] + " is configured for both " + twice + " and " + what[0] + "; set " + what[1]);
            } else if (!Ports.isFree(port[0])) {
                conflicts.add("Port " + port[0] + " (" + what[0] + ") is already in use; stop the process using it or set " + what[1]);
            }
        });
        return conflicts;
    }

    /**
     * Starts the infrastructure, then the services, and waits until every service is ready.
     *
     * @param progress one line per step, for the console
     */
    public Stack start(Consumer<String> progress) {
        try {
            List<String> conflicts = portConflicts();
            if (!conflicts.isEmpty()) {
                throw new PortsInUseException(conflicts);
            }
            ProjectLayout.requirePackaged(options.projectDir());
            long t0 = System.nanoTime();
            progress.accept("Starting PostgreSQL, Kafka and Keycloak (Keycloak takes longest) …");
            Infrastructure infra = Infrastructure.start(options.infra());
            infrastructure = infra;
            infrastructureTime = Duration.ofNanos(System.nanoTime() - t0);
            checkNotClosing();
            progress.accept("Infrastructure ready in " + seconds(infrastructureTime) + " (PostgreSQL :"
                    + infra.postgres().port() + ", Kafka :" + infra.kafka().port() + ", Keycloak :" + keycloak().port() + ")");

            long t1 = System.nanoTime();
            progress.accept("Starting " + String.join(", ", java.util.Arrays.stream(Service.values()).map(Service::module).toList())
                    + " …");
            for (Service service : Service.values()) {
                int port = options.ports().get(service) == 0 ? Ports.freePort() : options.ports().get(service);
                Path jar = service.jar(options.projectDir());
                List<String> jvmOptions = new ArrayList<>(options.serviceJvmOptions());
                if (options.aotCache()) {
                    jvmOptions.addAll(AotCache.jvmOptions(jar));
                }
                services.put(service, ServiceProcess.start(service, jar, port, environment(service), jvmOptions,
                        options.logDir().resolve(service.module() + ".log")));
            }
            List<CompletableFuture<Void>> ready = new ArrayList<>();
            for (ServiceProcess service : services.values()) {
                ready.add(CompletableFuture.runAsync(() -> service.awaitReady(ServiceProcess.READY_TIMEOUT, () -> closing),
                        task -> new Thread(task, "eom-await-" + service.service().module()).start()));
            }
            join(ready);
            servicesTime = Duration.ofNanos(System.nanoTime() - t1);
            checkNotClosing();
            progress.accept("Services ready in " + seconds(servicesTime));
            started = true;
            return this;
        } catch (RuntimeException e) {
            stopAll(e);
            throw e;
        } finally {
            startFinished.countDown();
        }
    }

    /** The settings a service reads from its environment (see each service's application.properties). */
    private Map<String, String> environment(Service service) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", infrastructure.postgres().jdbcUrl(service.database()));
        env.put("QUARKUS_DATASOURCE_USERNAME", infrastructure.postgres().username());
        env.put("QUARKUS_DATASOURCE_PASSWORD", infrastructure.postgres().password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", infrastructure.kafka().bootstrapServers());
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", keycloak().issuer());
        return env;
    }

    private static void join(List<CompletableFuture<Void>> futures) {
        RuntimeException failure = null;
        for (CompletableFuture<Void> future : futures) {
            try {
                future.join();
            } catch (RuntimeException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException c ? c : e;
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void checkNotClosing() {
        if (closing) {
            throw new IllegalStateException("Stopped while starting");
        }
    }

    public boolean isStarted() {
        return started;
    }

    /** Whether anything (infrastructure or a service) is running or being started. */
    public boolean isRunningAnything() {
        return infrastructure != null || !services.isEmpty() || startFinished.getCount() > 0;
    }

    public Infrastructure infrastructure() {
        return infrastructure;
    }

    public KeycloakServer keycloak() {
        return infrastructure.keycloak().orElseThrow(() -> new IllegalStateException("Started without Keycloak"));
    }

    public ServiceProcess service(Service service) {
        ServiceProcess process = services.get(service);
        if (process == null) {
            throw new IllegalStateException(service.module() + " is not running");
        }
        return process;
    }

    /** http://127.0.0.1:port of a running service. */
    public String url(Service service) {
        return service(service).baseUrl();
    }

    /** SIGKILL to a service (and its descendants), as a crash would; {@link #restart} brings it back. */
    public void kill(Service service) {
        heldDown.add(service);
        service(service).kill();
    }

    /**
     * Starts a service again on the same port with the same settings (killing it first if it still runs) and waits
     * until it is ready, as a supervisor would after a crash. Synchronized with {@link #close}, so that no service
     * is started again after the stack has stopped its services.
     */
    public synchronized void restart(Service service) {
        heldDown.remove(service);
        ServiceProcess old = service(service);
        if (old.isAlive()) {
            old.kill();
        }
        ServiceProcess fresh = old.startAgain();
        services.put(service, fresh);
        fresh.awaitReady(ServiceProcess.READY_TIMEOUT, () -> closing);
    }

    /**
     * From now on, starts a service again whenever it exits on its own while the stack runs: a crash, or the JVM that
     * ends itself on an OutOfMemoryError. The same as Kubernetes does for the images; a restart loses nothing, as the
     * outboxes and the consumers' offsets carry the work over (docs/reliability.md). The run command calls it once its
     * services are ready; a service stopped by {@link #kill} stays down until {@link #restart}.
     *
     * @param progress a line when a service exited and when it is back
     */
    public synchronized void restartServicesThatExit(Consumer<String> progress) {
        if (supervisor == null) {
            supervisor = Thread.ofPlatform().daemon().name("eom-supervisor").start(() -> superviseUntilClosed(progress));
        }
    }

    private void superviseUntilClosed(Consumer<String> progress) {
        while (!closing) {
            for (Service service : Service.values()) {
                try {
                    restartIfExited(service, progress);
                } catch (RuntimeException e) {
                    if (!closing) {
                        progress.accept("Could not start " + service.module() + " again (trying again): " + e.getMessage());
                    }
                }
            }
            try {
                Thread.sleep(SUPERVISOR_POLL.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void restartIfExited(Service service, Consumer<String> progress) {
        ServiceProcess process = services.get(service);
        if (closing || process == null || process.isAlive() || heldDown.contains(service)) {
            return;
        }
        progress.accept(service.module() + " exited with code " + process.exitValue() + "; starting it again (log: "
                + process.log() + ")");
        long t0 = System.nanoTime();
        restart(service);
        progress.accept(service.module() + " ready again in " + seconds(Duration.ofNanos(System.nanoTime() - t0)));
    }

    public Duration infrastructureTime() {
        return infrastructureTime;
    }

    public Duration servicesTime() {
        return servicesTime;
    }

    /** Stops the services, then the infrastructure. Idempotent; waits for a start in progress to give up first. */
    @Override
    public void close() {
        closing = true;
        try {
            // The start notices at its next step (at most one infrastructure start) and stops what it started.
            startFinished.await(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RuntimeException failure = new IllegalStateException("Could not stop everything cleanly");
        stopAll(failure);
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }

    private synchronized void stopAll(RuntimeException failure) {
        List<ServiceProcess> running;
        synchronized (services) {
            running = new ArrayList<>(services.values());
            services.clear();
        }
        List<CompletableFuture<Void>> stops = running.stream()
                .map(service -> CompletableFuture.runAsync(service::close,
                        task -> new Thread(task, "eom-stop-" + service.service().module()).start()))
                .toList();
        for (CompletableFuture<Void> stop : stops) {
            try {
                stop.join();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        Infrastructure infra = infrastructure;
        infrastructure = null;
        if (infra != null) {
            try {
                infra.close();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        started = false;
    }

    static String seconds(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    /** Fixed ports that are taken: nothing was started. */
    public static final class PortsInUseException extends IllegalStateException {
        private final List<String> conflicts;

        public PortsInUseException(List<String> conflicts) {
            super(String.join(System.lineSeparator(), conflicts));
            this.conflicts = List.copyOf(conflicts);
        }

        public List<String> conflicts() {
            return conflicts;
        }
    }
}
