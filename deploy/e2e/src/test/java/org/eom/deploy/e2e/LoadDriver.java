package org.eom.deploy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.eom.deploy.local.http.Api;
import org.eom.deploy.local.http.Json;
import org.eom.deploy.local.http.KeycloakTokens;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Observers submitting checklists continuously, one virtual thread each, as their phones would: a submission that
 * gets a 5xx or no answer at all (connection refused or reset) is sent again, same id and same body, until the
 * service answers it. Every attempt and every answer is recorded, so the expected state afterwards is exactly the ids
 * that got a 2xx at least once.
 */
final class LoadDriver {

    /** One HTTP attempt; status 0 is no answer (connection refused, reset or timed out). */
    record Attempt(Instant at, UUID id, int status) {

        boolean failed() {
            return status == 0 || status >= 500;
        }
    }

    private static final Duration PAUSE = Duration.ofMillis(200);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(500);
    /** A phone gives up at some point too; longer than any fault of the suite lasts. */
    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(5);

    private final Api api;
    private final KeycloakTokens tokens;
    private final String observationsUrl;
    private final JsonNode form;
    private final List<UUID> stations;

    private final Queue<Attempt> attempts = new ConcurrentLinkedQueue<>();
    private final Map<UUID, Instant> firstTried = new ConcurrentHashMap<>();
    private final Map<UUID, Instant> accepted = new ConcurrentHashMap<>();
    private final Map<UUID, Integer> refused = new ConcurrentHashMap<>();
    private final Set<UUID> unanswered = ConcurrentHashMap.newKeySet();
    private final AtomicLong sequence = new AtomicLong();
    private final List<Thread> observers = new CopyOnWriteArrayList<>();
    private volatile boolean stopping;

    LoadDriver(Api api, KeycloakTokens tokens, String observationsUrl, JsonNode form, List<UUID> stations) {
        this.api = api;
        this.tokens = tokens;
        this.observationsUrl = observationsUrl;
        this.form = form;
        this.stations = List.copyOf(stations);
    }

    /** Another observer starts submitting (password grant: user name = password in the development realm). */
    void add(String username) {
        observers.add(Thread.ofVirtual().name("load-" + username + "-" + observers.size()).start(() -> {
            while (!stopping) {
                long n = sequence.getAndIncrement();
                UUID id = UUID.randomUUID();
                submitUntilAnswered(username, id, Json.write(Checklists.observation(form, id, stations.get((int) (n % stations.size())))));
                pause(PAUSE);
            }
        }));
    }

    /** No new submissions; waits until every one in flight is answered (or given up). */
    void stop() throws InterruptedException {
        stopping = true;
        for (Thread observer : observers) {
            observer.join(GIVE_UP_AFTER.plusMinutes(1));
        }
    }

    private void submitUntilAnswered(String username, UUID id, String body) {
        Instant start = Instant.now();
        firstTried.put(id, start);
        while (true) {
            int status;
            try {
                status = api.post(observationsUrl).token(tokens.password("eom-web", username, username)).json(body).send().status();
            } catch (UncheckedIOException e) {
                status = 0;
            }
            Instant now = Instant.now();
            attempts.add(new Attempt(now, id, status));
            if (status >= 200 && status < 300) {
                accepted.putIfAbsent(id, now);
                return;
            }
            if (status >= 400 && status < 500) {
                refused.put(id, status);
                return;
            }
            if (Duration.between(start, now).compareTo(GIVE_UP_AFTER) > 0) {
                unanswered.add(id);
                return;
            }
            pause(RETRY_PAUSE);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every id sent at least once. */
    Set<UUID> submitted() {
        return Set.copyOf(firstTried.keySet());
    }

    /** Ids that got a 2xx at least once: what must be stored and counted exactly once. */
    Set<UUID> accepted() {
        return Set.copyOf(accepted.keySet());
    }

    int acceptedCount() {
        return accepted.size();
    }

    /** Ids answered with a 4xx, with the status: a valid observation should never be. */
    Map<UUID, Integer> refused() {
        return Map.copyOf(refused);
    }

    /** Ids still failing when the phone gave up. */
    Set<UUID> unanswered() {
        return Set.copyOf(unanswered);
    }

    /** Ids first sent at or after the instant that were accepted. */
    Set<UUID> acceptedFirstSentAfter(Instant instant) {
        Set<UUID> ids = ConcurrentHashMap.newKeySet();
        firstTried.forEach((id, at) -> {
            if (!at.isBefore(instant) && accepted.containsKey(id)) {
                ids.add(id);
            }
        });
        return ids;
    }

    List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    /** Accepted ids whose earlier attempts had failed: a 200 replay here means the first answer was lost, not the record. */
    long acceptedAfterRetry() {
        Set<UUID> retried = ConcurrentHashMap.newKeySet();
        attempts.forEach(a -> {
            if (a.failed()) {
                retried.add(a.id());
            }
        });
        return retried.stream().filter(accepted::containsKey).count();
    }

    /**
     * What clients saw between two instants: the attempts by outcome, and the longest wait from first try to
     * acceptance of the submissions tried in between.
     */
    String seenBetween(Instant from, Instant to) {
        long errors = 0;
        long noAnswer = 0;
        long ok = 0;
        Set<UUID> tried = new HashSet<>();
        for (Attempt a : attempts) {
            if (a.at().isBefore(from) || a.at().isAfter(to)) {
                continue;
            }
            tried.add(a.id());
            if (a.status() == 0) {
                noAnswer++;
            } else if (a.status() >= 500) {
                errors++;
            } else {
                ok++;
            }
        }
        Duration longest = Duration.ZERO;
        for (UUID id : tried) {
            Instant done = accepted.get(id);
            if (done != null) {
                Duration wait = Duration.between(firstTried.get(id), done);
                longest = wait.compareTo(longest) > 0 ? wait : longest;
            }
        }
        return ok + " answered, " + errors + " 5xx, " + noAnswer + " without answer; longest wait until accepted "
                + FaultsIT.seconds(longest);
    }
}
