package org.eom.platform.cache;

import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A short-lived cache of a service's copies of another service's data (missions, delegates, stations), which change a
 * few times a day and are read by every request of an election-day storm. Each read says how old an entry may be. The
 * consumer that applies changes to the copies calls {@link #invalidateAroundCommit} in its transaction, so this
 * instance never answers from what it read before a change it applied; another instance, which did not consume that
 * event, may answer from its entries until they are that old.
 */
public final class ReadThroughCache {

    private record Entry(Object value, long loadedAtNanos) {
    }

    private record Loading(long generation, CompletableFuture<Object> value) {
    }

    private final int maxEntries;
    private final ConcurrentHashMap<Object, Entry> entries = new ConcurrentHashMap<>();
    /** The load of a key under way, so that callers who miss the same key meanwhile wait for it instead of loading again. */
    private final ConcurrentHashMap<Object, Loading> loading = new ConcurrentHashMap<>();
    /** Moved on every invalidation, so a load that read the database before it is not kept after it. */
    private final AtomicLong generation = new AtomicLong();

    /** Beyond {@code maxEntries} the cache starts again rather than grow. */
    public ReadThroughCache(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /**
     * The value of {@code key} if it was loaded less than {@code maxAge} ago, else what {@code load} returns now. Callers
     * who miss a key while another loads it wait for that load: when an entry expires under a storm of requests, or a
     * region's phones all come back at once, the key is read from the database once, not by every request (whose
     * reads would take every connection of the pool, the group-commit writers' too). A load begun before an
     * invalidation is not shared with callers who come after it.
     */
    @SuppressWarnings("unchecked")
    public <T> T get(Object key, Duration maxAge, Supplier<T> load) {
        long now = System.nanoTime();
        Entry entry = entries.get(key);
        if (entry != null && now - entry.loadedAtNanos() < maxAge.toNanos()) {
            return (T) entry.value();
        }
        long loadedIn = generation.get();
        Loading mine = new Loading(loadedIn, new CompletableFuture<>());
        Loading running = loading.putIfAbsent(key, mine);
        if (running != null && running.generation() == loadedIn) {
            return (T) awaitLoad(running.value());
        }
        try {
            T value = load.get();
            keep(key, value, now, loadedIn);
            mine.value().complete(value);
            return value;
        } catch (RuntimeException | Error e) {
            mine.value().completeExceptionally(e);
            throw e;
        } finally {
            loading.remove(key, mine);
        }
    }

    /** The value another caller's load gave, or the same exception that load threw. */
    private static Object awaitLoad(CompletableFuture<Object> value) {
        try {
            return value.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * Loads together what {@link #get} would load one key at a time: the keys not loaded less than {@code maxAge} ago go
     * to {@code load} in one call, and each value it answers is kept as {@code get} keeps one (a key it leaves out is not
     * kept).
     */
    public <K> void loadMissing(Collection<K> keys, Duration maxAge, Function<List<K>, Map<K, ?>> load) {
        long now = System.nanoTime();
        List<K> missing = keys.stream().distinct().filter(key -> {
            Entry entry = entries.get(key);
            return entry == null || now - entry.loadedAtNanos() >= maxAge.toNanos();
        }).toList();
        if (missing.isEmpty()) {
            return;
        }
        long loadedIn = generation.get();
        load.apply(missing).forEach((key, value) -> keep(key, value, now, loadedIn));
    }

    /** Forgets one entry, e.g. a look-up that found nothing, which may be found a moment later. */
    public void remove(Object key) {
        entries.remove(key);
    }

    /**
     * Called inside the transaction that changes the copies. The cache is emptied before the commit, so that nobody
     * reads the old entries once the change is visible, and again after it, so that nothing loaded in between stays.
     */
    public void invalidateAroundCommit(TransactionSynchronizationRegistry transactions) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                invalidate();
            }

            @Override
            public void afterCompletion(int status) {
                invalidate();
            }
        });
    }

    /** Keeps a value loaded at {@code loadedAtNanos}, unless the cache was emptied since the load began. */
    private void keep(Object key, Object value, long loadedAtNanos, long loadedIn) {
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        Entry loaded = new Entry(value, loadedAtNanos);
        entries.put(key, loaded);
        if (generation.get() != loadedIn) {
            entries.remove(key, loaded);
        }
    }

    private void invalidate() {
        generation.incrementAndGet();
        entries.clear();
    }
}
