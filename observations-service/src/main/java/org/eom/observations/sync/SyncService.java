package org.eom.observations.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import org.eom.observations.domain.Form;
import org.eom.observations.domain.Observation;
import org.eom.observations.domain.PgArray;
import org.eom.observations.forms.Templates;
import org.eom.observations.missions.Delegate;
import org.eom.observations.missions.Mission;
import org.eom.observations.missions.MissionStatus;
import org.eom.observations.missions.Team;
import org.eom.observations.observations.ObservationView;
import org.hibernate.jpa.HibernateHints;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Offline sync for a delegate's phone (docs/sync-protocol.md): from a cursor, the templates, stations
 * and observations that changed, and the next cursor. Each row carries the id of the transaction that
 * last wrote it; only rows written by transactions older than every one still running are sent, so a
 * row committed late can never fall behind the cursor.
 */
@ApplicationScoped
public class SyncService {

    public record MissionView(UUID id, UUID electionId, String name, MissionStatus status, OffsetDateTime observationStart,
                              OffsetDateTime observationEnd, UUID teamId) {
    }

    public record StationView(UUID id, UUID electionId, String number, String name, String district, String address,
                              Double latitude, Double longitude, List<String> accessibility) {
    }

    /** {@code hasMore}: a section was cut at the limit; call again with the new cursor right away. */
    public record SyncResponse(List<MissionView> missions, List<Form> templates, List<StationView> stations,
                               List<ObservationView> observations, boolean hasMore, String cursor) {
    }

    private record Row(String xid, UUID id, int version) {
    }

    /** A station of the page: its place in the cursor's order and what the phone gets. */
    private record StationRow(Row key, StationView view) {
    }

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    /** Rows written by transactions that have all ended: later syncs cannot miss anything before them. */
    private static final String SETTLED = "sync_xid < pg_snapshot_xmin(pg_current_snapshot())";

    /**
     * The order of the cursor, for sorting and for comparing alike: the transaction id as a number. ORDER BY on the
     * xid8 column itself sorted 1002 before 792 on the PostgreSQL 17 build we run, while its {@code <} said otherwise,
     * so a sync whose rows spanned transaction 999 to 1000 skipped rows for ever.
     */
    private static final String SYNC_ORDER = "cast(cast(sync_xid as text) as bigint)";

    @Inject
    EntityManager em;

    @Inject
    Templates templates;

    @Inject
    ObjectMapper mapper;

    @Transactional
    public SyncResponse sync(String username, String cursor, int limit) {
        List<UUID> memberOf = Delegate.missionsOf(username);
        List<Mission> missions = memberOf.isEmpty() ? List.of() : Mission.<Mission>list("id in ?1 order by id", memberOf);
        List<UUID> missionIds = missions.stream().map(m -> m.id).toList();
        List<UUID> electionIds = missions.stream().map(m -> m.electionId).distinct().sorted().toList();
        SyncCursor from = SyncCursor.decode(cursor, fingerprint(missionIds, electionIds));

        List<Row> templateRows = rows("select cast(sync_xid as text), cast(id as text), version from form_template where "
                + (missionIds.isEmpty() ? "mission_id is null" : "(mission_id is null or mission_id in (:missions))")
                + " and " + SETTLED + " and (" + SYNC_ORDER + ", id, version) > (cast(:xid as bigint), :id, :version)"
                + " order by " + SYNC_ORDER + ", id, version", from.templates(), limit, missionIds.isEmpty()
                ? Map.of("version", from.templates().version())
                : Map.of("version", from.templates().version(), "missions", missionIds));
        List<StationRow> stationPage = electionIds.isEmpty() ? List.of() : stationsAfter(electionIds, from.stations(), limit);
        List<Row> stationRows = stationPage.stream().map(StationRow::key).toList();
        // The caller's own and team rows, found by observation_submitter_idx and observation_delegates_idx (V5) and
        // sorted alone (ADR 0019). Materialised and without the mission inside, so that the planner has no other path:
        // with the page's limit beside the filter it walked the mission in sync order hoping to meet the caller's rows
        // early, and with a new mission's statistics not analysed yet it walked the mission's index for the few rows
        // it expected; both read the whole mission (7,600 blocks a page at 60,000 observations, against 150).
        // Planned for the caller's name, not generically: a generic plan guesses one name's share of the rows from the
        // number of names, so where a partner system submitted most of the observations it guessed all of them and read
        // the table on every page of every phone's sync (4.4 s a page at 300,000 observations, docs/performance.md
        // item 69). SET LOCAL: the rest of this transaction only.
        em.createNativeQuery("set local plan_cache_mode = force_custom_plan").executeUpdate();
        List<Row> observationRows = missionIds.isEmpty() ? List.of() : rows("with callers as materialized (select sync_xid, id, "
                + "mission_id from observation "
                + "where (submitted_by = :username or delegate_usernames @> jsonb_build_array(cast(:username as text))) and "
                + SETTLED + " and (" + SYNC_ORDER + ", id) > (cast(:xid as bigint), :id)) "
                + "select cast(sync_xid as text), cast(id as text), 0 from callers where mission_id in (:missions) "
                + "order by " + SYNC_ORDER + ", id",
                from.observations(), limit, Map.of("missions", missionIds, "username", username));

        List<Form> forms = templateRows.stream().map(r -> templates.find(r.id(), r.version()).orElseThrow()).toList();
        List<StationView> stations = stationPage.stream().map(StationRow::view).toList();
        List<ObservationView> observations = load(observationRows, Observation.class, "observation", o -> o.id).stream()
                .map(ObservationView::of).toList();
        SyncCursor next = new SyncCursor(from.membership(), advance(from.templates(), templateRows),
                advance(from.stations(), stationRows), advance(from.observations(), observationRows));
        boolean more = templateRows.size() == limit || stationRows.size() == limit || observationRows.size() == limit;
        List<MissionView> missionViews = missions.stream().map(m -> new MissionView(m.id, m.electionId, m.name, m.status,
                m.observationStart, m.observationEnd, Team.of(m.id, username).map(t -> t.id).orElse(null))).toList();
        return new SyncResponse(missionViews, forms, stations, observations, more, next.encode());
    }

    /**
     * The stations after the cursor, election by election: each election's rows come in order from
     * {@code polling_station_sync_idx} and PostgreSQL merges them (a Merge Append), so a page reads about {@code limit}
     * rows. With {@code election_id in (...)} no index gave the order across elections, and every page sorted all the
     * stations of all the caller's elections (ADR 0019). The page's columns come with their keys: reading the stations
     * again by id, as entities, was about half of a first sync's work in PostgreSQL and in the service.
     */
    private List<StationRow> stationsAfter(List<UUID> electionIds, SyncCursor.Position after, int limit) {
        String perElection = "(select sync_xid, id, election_id, number, name, district, address, latitude, longitude, "
                + "accessibility, " + SYNC_ORDER + " as position from polling_station where election_id = :election%d and "
                + SETTLED + " and (" + SYNC_ORDER + ", id) > (cast(:xid as bigint), :id) order by " + SYNC_ORDER + ", id limit "
                + limit + ")";
        String sql = "select cast(sync_xid as text), cast(id as text), cast(election_id as text), number, name, district, "
                + "address, latitude, longitude, cast(accessibility as text) from ("
                + IntStream.range(0, electionIds.size()).mapToObj(perElection::formatted).collect(Collectors.joining(" union all "))
                + ") changed order by position, id";
        return query(sql, after, limit, electionParameters(electionIds)).stream().map(r -> {
            UUID id = UUID.fromString((String) r[1]);
            StationView view = new StationView(id, UUID.fromString((String) r[2]), (String) r[3], (String) r[4], (String) r[5],
                    (String) r[6], (Double) r[7], (Double) r[8], accessibility((String) r[9]));
            return new StationRow(new Row((String) r[0], id, 0), view);
        }).toList();
    }

    /** The stored json list of a station's accessibility features (never null); most stations have none. */
    private List<String> accessibility(String json) {
        if (json.equals("[]")) {
            return List.of();
        }
        try {
            return List.copyOf(mapper.readValue(json, STRINGS));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("polling_station.accessibility is not a list of strings: " + json, e);
        }
    }

    private static Map<String, Object> electionParameters(List<UUID> electionIds) {
        Map<String, Object> parameters = new HashMap<>();
        for (int i = 0; i < electionIds.size(); i++) {
            parameters.put("election" + i, electionIds.get(i));
        }
        return parameters;
    }

    /** The keys of a section's rows after a position; the query uses :xid, :id and the other parameters given. */
    private List<Row> rows(String sql, SyncCursor.Position after, int limit, Map<String, Object> parameters) {
        return query(sql, after, limit, parameters).stream()
                .map(r -> new Row((String) r[0], UUID.fromString((String) r[1]), ((Number) r[2]).intValue())).toList();
    }

    /** A section's rows after a position, at most {@code limit}: the query uses :xid, :id and the other parameters given. */
    private List<Object[]> query(String sql, SyncCursor.Position after, int limit, Map<String, Object> parameters) {
        Query query = em.createNativeQuery(sql + " limit " + limit).setParameter("xid", after.xid()).setParameter("id", after.id());
        parameters.forEach(query::setParameter);
        @SuppressWarnings("unchecked")
        List<Object[]> result = query.getResultList();
        return result;
    }

    /**
     * The entities of the rows, in row order. Read-only: a sync only sends them, and a managed copy would cost a deep
     * copy of every JSON column (an observation's answers) when loaded.
     */
    private <E> List<E> load(List<Row> rows, Class<E> type, String table, Function<E, UUID> id) {
        if (rows.isEmpty()) {
            return List.of();
        }
        @SuppressWarnings("unchecked")
        List<E> loaded = em.createNativeQuery("select * from " + table + " where id = any(cast(?1 as uuid[]))", type)
                .setParameter(1, PgArray.literal(rows, Row::id)).setHint(HibernateHints.HINT_READ_ONLY, true)
                .getResultList();
        Map<UUID, E> byId = loaded.stream().collect(Collectors.toMap(id, Function.identity()));
        return rows.stream().map(r -> byId.get(r.id())).toList();
    }

    private static SyncCursor.Position advance(SyncCursor.Position from, List<Row> rows) {
        if (rows.isEmpty()) {
            return from;
        }
        Row last = rows.get(rows.size() - 1);
        return new SyncCursor.Position(last.xid(), last.id(), last.version());
    }

    /** Changes when the delegate joins or leaves a mission: the cursor then starts over. */
    private static String fingerprint(List<UUID> missionIds, List<UUID> electionIds) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((missionIds + "/" + electionIds).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
