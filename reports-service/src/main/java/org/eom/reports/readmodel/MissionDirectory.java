package org.eom.reports.readmodel;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eom.platform.cache.ReadThroughCache;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The copies of mission data that every analyst's request is authorised against (the mission, the caller's
 * membership), read through a short-lived cache: analysts poll the figures all election night, and the two look-ups
 * were a sixth of this service's CPU in the benchmark's default run.
 * <p>
 * This instance's consumer empties the cache around the commit of each missions event; {@code eom.reports.directory-ttl}
 * bounds how long another instance (which did not consume that event) may go on answering from what it read before.
 * Entities handed out are detached: read them, never change them.
 */
@ApplicationScoped
public class MissionDirectory {

    private record Key(String kind, Object first, Object second) {
    }

    /** The missions and their delegates who read figures; beyond it the cache starts again rather than grow. */
    private final ReadThroughCache cache = new ReadThroughCache(50_000);

    @ConfigProperty(name = "eom.reports.directory-ttl", defaultValue = "PT10S")
    Duration ttl;

    @Inject
    TransactionSynchronizationRegistry transactions;

    public Optional<Mission> mission(UUID missionId) {
        return cached(new Key("mission", missionId, null), () -> Mission.<Mission>findByIdOptional(missionId));
    }

    /** The person's membership of the mission; none once their accreditation was refused or revoked. */
    public Optional<Delegate> membership(UUID missionId, String username) {
        return cached(new Key("delegate", missionId, username), () -> Delegate.of(missionId, username));
    }

    /** Called by the missions consumer inside its transaction: see {@link ReadThroughCache#invalidateAroundCommit}. */
    public void invalidateAroundCommit() {
        cache.invalidateAroundCommit(transactions);
    }

    private <T> T cached(Key key, Supplier<T> load) {
        return cache.get(key, ttl, load);
    }
}
