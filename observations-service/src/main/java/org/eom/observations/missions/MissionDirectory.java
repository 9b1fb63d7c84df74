package org.eom.observations.missions;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eom.observations.domain.Phase;
import org.eom.platform.cache.ReadThroughCache;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The copies of mission data that every submission is checked against (mission, delegate membership, partner list,
 * station, team), read through a short-lived cache. They change a few times a day and are read on every request of an
 * election-day storm, so each lookup would otherwise be a database round trip per request.
 * <p>
 * This instance's consumer empties the cache around the commit of each missions event; {@code eom.observations.directory-ttl}
 * bounds how long another instance (which did not consume that event) may go on answering from what it read before.
 * Entities handed out are detached: read them, never change them.
 */
@ApplicationScoped
public class MissionDirectory {

    private record Key(String kind, Object first, Object second) {
    }

    /** Enough for the stations of a national election; beyond it the cache starts again rather than grow. */
    private final ReadThroughCache cache = new ReadThroughCache(200_000);

    @ConfigProperty(name = "eom.observations.directory-ttl", defaultValue = "PT10S")
    Duration ttl;

    @ConfigProperty(name = "eom.observations.station-ttl", defaultValue = "PT10M")
    Duration stationTtl;

    @Inject
    TransactionSynchronizationRegistry transactions;

    public Optional<Mission> mission(UUID missionId) {
        return cached(new Key("mission", missionId, null), () -> Mission.<Mission>findByIdOptional(missionId));
    }

    /**
     * Whether a person is a delegate of the mission whose accreditation was neither refused nor revoked. The mission's
     * delegates are read together, as one entry: when a region's phones come back, thousands of observers upload
     * within seconds, and one read of them all replaces a read per observer (docs/performance.md item 60).
     */
    public boolean isActiveDelegate(UUID missionId, String username) {
        Set<String> delegates = cached(new Key("delegates", missionId, null), () -> Delegate.activeUsernames(missionId));
        return delegates.contains(username);
    }

    public boolean listsPartner(UUID missionId, String clientId) {
        return cached(new Key("partner", missionId, clientId), () -> MissionPartner.lists(missionId, clientId));
    }

    /**
     * Kept for {@code eom.observations.station-ttl} (10 min), not 10 s: an election has tens of thousands of stations,
     * each visited a few times an hour, so a 10 s entry would almost never be read again. Stations are only ever added
     * or changed, never removed, and a station not found is not kept, so one registered a moment ago is found at once;
     * another instance may go on using a station's old number or district for that long.
     */
    public Optional<PollingStation> station(UUID electionId, UUID stationId) {
        Key key = stationKey(electionId, stationId);
        Optional<PollingStation> station = cache.get(key, stationTtl, () -> PollingStation.inElection(electionId, stationId));
        if (station.isEmpty()) {
            cache.remove(key);
        }
        return station;
    }

    /**
     * Reads into the cache, in one query, the stations of a group of submissions that it does not hold yet. On election
     * day most stations are visited once or twice, so most look-ups of {@link #station} missed and each cost a query of
     * its own: 12 % of the service's samples in the benchmark's default run, 50,000 stations (docs/performance.md,
     * item 45).
     */
    public void prefetchStations(UUID electionId, Collection<UUID> stationIds) {
        cache.loadMissing(stationIds.stream().map(id -> stationKey(electionId, id)).toList(), stationTtl,
                missing -> PollingStation.inElection(electionId, missing.stream().map(key -> (UUID) key.second()).toList())
                        .stream().collect(Collectors.toMap(s -> stationKey(electionId, s.id), Optional::of)));
    }

    /** The one key of a station's entry: what the group read keeps, {@link #station} must find. */
    private static Key stationKey(UUID electionId, UUID stationId) {
        return new Key("station", electionId, stationId);
    }

    public Optional<Team> team(UUID teamId) {
        return cached(new Key("team", teamId, null), () -> Team.<Team>findByIdOptional(teamId));
    }

    /** The team a person belongs to in a mission, if any. */
    public Optional<Team> teamOf(UUID missionId, String username) {
        return cached(new Key("team-of", missionId, username), () -> Team.of(missionId, username));
    }

    /** Whether the team has a deployment plan at all (visits outside a plan are flagged only then). */
    public boolean teamHasPlan(UUID teamId) {
        return cached(new Key("plan", teamId, null), () -> Deployment.teamHasPlan(teamId));
    }

    public boolean planned(UUID teamId, UUID stationId, Phase phase) {
        return cached(new Key("planned", teamId, List.of(stationId, phase)), () -> Deployment.planned(teamId, stationId, phase));
    }

    /** Called by the missions consumer inside its transaction: see {@link ReadThroughCache#invalidateAroundCommit}. */
    public void invalidateAroundCommit() {
        cache.invalidateAroundCommit(transactions);
    }

    private <T> T cached(Key key, Supplier<T> load) {
        return cache.get(key, ttl, load);
    }
}
