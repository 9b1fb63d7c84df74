package org.eom.deploy.local;

import org.eom.deploy.local.demo.DemoMission;
import org.eom.deploy.local.http.Api;
import org.eom.deploy.local.http.KeycloakTokens;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The run command: {@code java -jar deploy/local/target/eom-local.jar}. Starts PostgreSQL, Kafka and Keycloak (data
 * under {@code <project>/.eom}), the three packaged services, loads the demo mission through their APIs, prints where
 * everything is and stays in the foreground, starting again any service that exits on its own (ADR 0030). Ctrl-C or
 * SIGTERM stops the services, then the infrastructure.
 * <p>
 * Options: {@code --no-demo} skips the demo mission; {@code --demo-file=mission.json} loads another mission described
 * the same way. Environment: EOM_MISSIONS_PORT, EOM_OBSERVATIONS_PORT,
 * EOM_REPORTS_PORT, EOM_POSTGRES_PORT, EOM_KAFKA_PORT, EOM_KEYCLOAK_PORT, EOM_KEYCLOAK_MANAGEMENT_PORT,
 * EOM_SERVICE_JAVA_OPTS, EOM_PROJECT_DIR.
 */
public final class LocalRun {

    private static final PrintStream OUT = System.out;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Stack stack;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean stopping = new AtomicBoolean();

    private LocalRun(Stack stack) {
        this.stack = stack;
    }

    /**
     * Upper bounds only: on an idle machine Kafka is up in seconds and Keycloak in about half a minute, but a laptop
     * that is busy with a build can need minutes, and the run command should then wait rather than give up.
     */
    private static final Map<String, String> PATIENT_TIMEOUTS = Map.of(
            "eom.kafka.start-timeout", "300",
            "eom.keycloak.start-timeout", "600");

    public static void main(String[] args) {
        PATIENT_TIMEOUTS.forEach((property, seconds) -> {
            String variable = property.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
            if (System.getProperty(property) == null && System.getenv(variable) == null) {
                System.setProperty(property, seconds);
            }
        });
        Instant jvmStart = ProcessHandle.current().info().startInstant().orElse(Instant.now());
        boolean demo = !List.of(args).contains("--no-demo");
        Path demoFile = List.of(args).stream().filter(a -> a.startsWith("--demo-file=")).findFirst()
                .map(a -> Path.of(a.substring("--demo-file=".length()))).orElse(null);
        Path projectDir;
        Stack.Options options;
        try {
            projectDir = ProjectLayout.projectDir();
            ProjectLayout.requirePackaged(projectDir);
            options = Stack.Options.localRun(projectDir, System.getenv());
        } catch (RuntimeException e) {
            fail(e.getMessage());
            return;
        }
        LocalRun run = new LocalRun(new Stack(options));
        run.installStopHandlers();
        try {
            run.startAndServe(projectDir, jvmStart, demo, demoFile);
        } catch (Stack.PortsInUseException e) {
            fail("Nothing was started:" + System.lineSeparator() + "  " + String.join(System.lineSeparator() + "  ", e.conflicts()));
        } catch (RuntimeException e) {
            if (run.stopping.get()) {
                return;
            }
            run.stop();
            fail(e.getMessage() + System.lineSeparator() + "Logs: " + options.logDir() + ", "
                    + projectDir.resolve(".eom"));
        }
    }

    private void startAndServe(Path projectDir, Instant jvmStart, boolean demo, Path demoFile) {
        say("EOM platform from " + projectDir);
        stack.start(LocalRun::say);
        stack.restartServicesThatExit(LocalRun::say);
        Duration demoTime = Duration.ZERO;
        DemoMission.Result result = null;
        if (demo) {
            long t0 = System.nanoTime();
            say("Loading the demo mission through the APIs …");
            try (Api api = new Api()) {
                KeycloakTokens tokens = new KeycloakTokens(api, stack.keycloak().issuer());
                result = new DemoMission(demoFile == null ? DemoMission.defaultSpec() : DemoMission.spec(demoFile), api, tokens,
                        new DemoMission.Target(stack.url(Service.MISSIONS), stack.url(Service.OBSERVATIONS), stack.url(Service.REPORTS)),
                        LocalRun::say).load();
            }
            demoTime = Duration.ofNanos(System.nanoTime() - t0);
            say("Demo mission " + (result.unchanged() ? "already loaded, nothing changed" : "loaded") + " in "
                    + Stack.seconds(demoTime) + ": " + describe(result.tallies()));
            say(DemoMission.describeSummary(result.summary()));
        }
        Duration total = Duration.between(jvmStart, Instant.now());
        printBanner(result, total, demoTime);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void printBanner(DemoMission.Result result, Duration total, Duration demoTime) {
        String keycloak = stack.keycloak().baseUrl();
        StringBuilder b = new StringBuilder();
        String rule = "─".repeat(78);
        b.append(rule).append('\n');
        b.append(String.format("EOM platform ready in %s (infrastructure %s, services %s, demo mission %s)%n",
                Stack.seconds(total), Stack.seconds(stack.infrastructureTime()), Stack.seconds(stack.servicesTime()),
                Stack.seconds(demoTime)));
        b.append('\n');
        for (Service service : Service.values()) {
            String url = stack.url(service);
            b.append(String.format("  %-21s %-24s Swagger UI %s/q/swagger-ui%n", service.module(), url, url));
        }
        b.append(String.format("  %-21s %-24s admin console %s/admin (admin / admin)%n", "Keycloak", keycloak, keycloak));
        b.append(String.format("  %-21s %s%n", "Token endpoint", stack.keycloak().issuer() + "/protocol/openid-connect/token"));
        b.append(String.format("  %-21s PostgreSQL 127.0.0.1:%d (postgres / postgres), Kafka %s%n", "Infrastructure",
                stack.infrastructure().postgres().port(), stack.infrastructure().kafka().bootstrapServers()));
        b.append('\n');
        b.append("  Demo users (realm eom, client eom-web, password = user name):\n");
        b.append("    secretariat (admin)  head (head-of-mission)  coordinator  analyst  observer1 … observer4\n");
        b.append("  Client credentials: partner-demo / partner-demo-secret (partner), cec-demo / cec-demo-secret (cec)\n");
        if (result != null) {
            b.append('\n');
            b.append("  Demo mission ").append(result.missionId()).append('\n');
            b.append("    ").append(result.missionName()).append('\n');
            b.append("    election ").append(result.electionId()).append('\n');
        }
        b.append('\n');
        b.append("  Logs: ").append(stack.service(Service.MISSIONS).log().getParent()).append("   Stop: Ctrl-C\n");
        b.append(rule);
        OUT.println(b);
    }

    private static String describe(Map<String, DemoMission.Tally> tallies) {
        StringBuilder b = new StringBuilder();
        tallies.forEach((kind, tally) -> {
            if (!b.isEmpty()) {
                b.append(", ");
            }
            b.append(kind).append(' ').append(tally);
        });
        return b.toString();
    }

    /**
     * Ctrl-C and SIGTERM stop the services before the infrastructure they depend on. The JVM's own handling would run
     * every shutdown hook at once (the infrastructure registers its own), so the signals are taken over here; the
     * shutdown hook remains for any other way the JVM ends.
     */
    private void installStopHandlers() {
        for (String name : List.of("INT", "TERM", "HUP")) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                    if (stopping.get()) {
                        say("Already stopping …");
                        return;
                    }
                    Thread stopper = new Thread(() -> {
                        stop();
                        System.exit(0);
                    }, "eom-stop");
                    stopper.start();
                });
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // Signal not available on this platform: the shutdown hook still stops everything.
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "eom-stop-hook"));
    }

    private void stop() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        if (!stack.isRunningAnything()) {
            stopped.countDown();
            return;
        }
        say("Stopping the services, then PostgreSQL, Kafka and Keycloak … (the first stop after a build also writes"
                + " each service's AOT cache, for faster starts from then on)");
        long t0 = System.nanoTime();
        try {
            stack.close();
            say("Stopped in " + Stack.seconds(Duration.ofNanos(System.nanoTime() - t0)) + ".");
        } catch (RuntimeException e) {
            System.err.println("Could not stop everything cleanly: " + e.getMessage());
            for (Throwable suppressed : e.getSuppressed()) {
                System.err.println("  " + suppressed);
            }
        } finally {
            stopped.countDown();
        }
    }

    static void say(String line) {
        OUT.println("[" + LocalTime.now().format(CLOCK) + "] " + line);
    }

    private static void fail(String message) {
        System.err.println("eom-local: " + message);
        System.exit(1);
    }
}
