package org.eom.platform.cache;

import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** A group's keys are loaded together, and kept exactly as a single look-up would keep them. */
class ReadThroughCacheTest {

    private static final Duration AGE = Duration.ofMinutes(10);

    private final ReadThroughCache cache = new ReadThroughCache(1_000);
    private final List<List<String>> loads = new ArrayList<>();

    @Test
    void theMissingKeysAreLoadedInOneCallAndThenServedFromTheCache() {
        cache.get("a", AGE, () -> "A from get");

        cache.loadMissing(List.of("a", "b", "c", "b"), AGE, this::upperCase);

        assertThat(loads).containsExactly(List.of("b", "c"));
        assertThat(cache.get("a", AGE, () -> "loaded again")).isEqualTo("A from get");
        assertThat(cache.get("b", AGE, () -> "loaded again")).isEqualTo("B");
        assertThat(cache.get("c", AGE, () -> "loaded again")).isEqualTo("C");
    }

    @Test
    void nothingIsLoadedWhenEveryKeyIsHeld() {
        cache.loadMissing(List.of("a", "b"), AGE, this::upperCase);
        cache.loadMissing(List.of("b", "a"), AGE, this::upperCase);

        assertThat(loads).containsExactly(List.of("a", "b"));
    }

    @Test
    void entriesOlderThanTheGivenAgeAreLoadedAgain() {
        cache.loadMissing(List.of("a"), AGE, this::upperCase);
        cache.loadMissing(List.of("a"), Duration.ZERO, this::upperCase);

        assertThat(loads).containsExactly(List.of("a"), List.of("a"));
    }

    @Test
    void aKeyTheLoadDoesNotAnswerIsNotKept() {
        cache.loadMissing(List.of("a", "unknown"), AGE, keys -> upperCase(keys.stream().filter(k -> !k.equals("unknown")).toList()));

        assertThat(cache.get("unknown", AGE, () -> "found later")).isEqualTo("found later");
    }

    @Test
    void whatWasLoadedBeforeAnInvalidationIsNotKept() {
        AtomicReference<Synchronization> commit = new AtomicReference<>();
        cache.invalidateAroundCommit(registry(commit));

        cache.loadMissing(List.of("a"), AGE, keys -> {
            Map<String, String> read = upperCase(keys);
            commit.get().beforeCompletion(); // a consumer's commit changes the copies while the load was reading
            return read;
        });

        assertThat(cache.get("a", AGE, () -> "read after the change")).isEqualTo("read after the change");
    }

    private Map<String, String> upperCase(List<String> keys) {
        loads.add(keys);
        return keys.stream().collect(Collectors.toMap(k -> k, String::toUpperCase));
    }

    /** A registry that hands over the synchronization the cache registers; nothing else is called. */
    private static TransactionSynchronizationRegistry registry(AtomicReference<Synchronization> registered) {
        return (TransactionSynchronizationRegistry) Proxy.newProxyInstance(ReadThroughCacheTest.class.getClassLoader(),
                new Class<?>[]{TransactionSynchronizationRegistry.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("registerInterposedSynchronization")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    registered.set((Synchronization) args[0]);
                    return null;
                });
    }
}
