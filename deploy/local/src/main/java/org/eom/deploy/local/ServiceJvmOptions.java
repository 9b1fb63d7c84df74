package org.eom.deploy.local;

import java.util.List;
import java.util.Map;

/**
 * The JVM options the run command starts each service with. The benchmark's readiness check starts the services with
 * the same, so this class references nothing beyond the JDK: the benchmark puts this module's jar alone on its
 * classpath.
 */
public final class ServiceJvmOptions {

    /**
     * Unless {@link #ENV_VAR} says otherwise. A heap of at most 384 MB holds an election-day storm (see
     * docs/performance.md); the serial collector costs least CPU and memory on a small machine. The young generation's
     * survivor spaces are a sixth of it each and may be filled to 80 %, so that what a service holds while it stores
     * (batches, groups of submissions: 7 to 11 MB at a collection under load) dies there instead of being promoted
     * and costing full collections (ADR 0035). A service whose heap runs out ends, as the images' do, rather than
     * answer half its requests: the run command starts it again ({@link Stack#restartServicesThatExit}).
     */
    public static final List<String> DEFAULT = List.of("-Xms64m", "-Xmx384m", "-XX:SurvivorRatio=4",
            "-XX:TargetSurvivorRatio=80", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError");
    public static final String ENV_VAR = "EOM_SERVICE_JAVA_OPTS";

    private ServiceJvmOptions() {
    }

    /** {@link #ENV_VAR} split at white space when it is set and not blank, else {@link #DEFAULT}. */
    public static List<String> from(Map<String, String> env) {
        String javaOpts = env.get(ENV_VAR);
        return javaOpts == null || javaOpts.isBlank() ? DEFAULT : List.of(javaOpts.trim().split("\\s+"));
    }
}
