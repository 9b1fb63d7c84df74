package org.eom.platform.cache;

import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A group's keys are loaded together, and kept exactly as a single look-up would keep them; a key missed by many callers
 * at once is loaded once.
 */
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

    @Test
    void callersWhoMissAKeyWhileItIsLoadedWaitForThatLoad() throws Exception {
        AtomicInteger loadsOfA = new AtomicInteger();
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> first = callers.submit(() -> cache.get("a", AGE, () -> {
                loadsOfA.incrementAndGet();
                loading.countDown();
                awaitQuietly(release);
                return "A";
            }));
            loading.await();
            List<Future<String>> others = IntStream.range(0, 50).mapToObj(i -> callers.submit(() -> cache.get("a", AGE, () -> {
                loadsOfA.incrementAndGet();
                return "loaded again";
            }))).toList();
            Thread.sleep(200); // the others reach the cache while the first load is under way
            release.countDown();

            assertThat(first.get()).isEqualTo("A");
            for (Future<String> other : others) {
                assertThat(other.get()).isEqualTo("A");
            }
        }
        assertThat(loadsOfA).hasValue(1);
    }

    @Test
    void aFailedLoadFailsThoseWhoWaitedForItAndIsNotKept() throws Exception {
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> first = callers.submit(() -> cache.get("a", AGE, () -> {
                loading.countDown();
                awaitQuietly(release);
                throw new IllegalStateException("database gone");
            }));
            loading.await();
            Future<String> waiting = callers.submit(() -> cache.<String>get("a", AGE, () -> "loaded again"));
            Thread.sleep(200);
            release.countDown();

            assertThatThrownBy(first::get).hasRootCauseMessage("database gone");
            assertThat(waiting).satisfiesAnyOf(
                    w -> assertThatThrownBy(w::get).hasRootCauseMessage("database gone"),
                    w -> assertThat(w.get()).isEqualTo("loaded again"));
        }
        assertThat(cache.get("a", AGE, () -> "read after the failure")).isIn("read after the failure", "loaded again");
    }

    @Test
    void aLoadBegunBeforeAnInvalidationIsNotSharedWithCallersAfterIt() throws Exception {
        AtomicReference<Synchronization> commit = new AtomicReference<>();
        cache.invalidateAroundCommit(registry(commit));
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> before = callers.submit(() -> cache.get("a", AGE, () -> {
                loading.countDown();
                awaitQuietly(release);
                return "read before the change";
            }));
            loading.await();
            commit.get().beforeCompletion(); // a consumer's commit changes the copies while the first load reads

            try {
                Future<String> after = callers.submit(() -> cache.get("a", AGE, () -> "read after the change"));
                assertThat(after.get(10, TimeUnit.SECONDS)).isEqualTo("read after the change");
            } finally {
                release.countDown();
            }
            assertThat(before.get()).isEqualTo("read before the change");
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
