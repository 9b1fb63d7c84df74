package org.eom.deploy.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The JDK's ahead-of-time cache of a packaged service (JEP 483, 514, 515: classes loaded and linked, method profiles),
 * in {@code target/quarkus-app/app.aot} where Quarkus' own AOT guide puts it. The run command's first start of a build
 * records it ({@code -XX:AOTCacheOutput}; the JVM writes it when the service stops), every later start uses it
 * ({@code -XX:AOTCache}): the service starts several times faster and reaches compiled speed sooner (ADR 0012).
 * <p>
 * A cache belongs to one build and one JDK; a stamp next to it says which, and a stale cache is recorded again.
 */
public final class AotCache {

    /** -XX:AOTCacheOutput, the one-step recording, came with JDK 25 (JEP 514); older JDKs refuse the option. */
    static final int FIRST_JDK = 25;
    static final String FILE = "app.aot";
    private static final String STAMP = "app.aot.stamp";

    private AotCache() {
    }

    /**
     * The options that use this build's cache, or record it when there is none yet for this build and JDK; none on a
     * JDK before 25. The services run on this JVM's JDK ({@link ServiceProcess#javaLauncher()}).
     */
    public static List<String> jvmOptions(Path jar) {
        if (Runtime.version().feature() < FIRST_JDK) {
            return List.of();
        }
        Path cache = jar.resolveSibling(FILE);
        Path stamp = jar.resolveSibling(STAMP);
        String expected = stampOf(jar);
        try {
            if (Files.isRegularFile(cache) && Files.isRegularFile(stamp)
                    && Files.readString(stamp, StandardCharsets.UTF_8).equals(expected)) {
                return List.of("-XX:AOTCache=" + cache);
            }
            Files.deleteIfExists(cache);
            Files.writeString(stamp, expected, StandardCharsets.UTF_8);
            return List.of("-XX:AOTCacheOutput=" + cache);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the AOT cache of " + jar, e);
        }
    }

    /** A rebuild rewrites quarkus-run.jar; the cache is also only valid on the JDK build that wrote it. */
    private static String stampOf(Path jar) {
        try {
            return System.getProperty("java.home") + " " + System.getProperty("java.vm.version") + " "
                    + Files.getLastModifiedTime(jar).toMillis() + " " + Files.size(jar);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + jar, e);
        }
    }
}
