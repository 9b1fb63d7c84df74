package org.eom.observations.observations;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eom.observations.access.ReadScope;
import org.eom.observations.api.Conditions;
import org.eom.observations.api.CursorPage;
import org.eom.observations.domain.FlagCode;
import org.eom.observations.domain.Observation;
import org.eom.observations.domain.ObservationStatus;
import org.eom.observations.domain.Phase;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** The filtered, newest-first list of a mission's observations, in keyset pages. */
@ApplicationScoped
public class ObservationQuery {

    /** A review state to filter by: a review status, or not reviewed yet. */
    public enum ReviewState {
        VERIFIED, REJECTED, NEEDS_FOLLOW_UP, UNREVIEWED
    }

    /** Every filter is optional; {@code from} (inclusive) and {@code to} (exclusive) bound the arrival time. */
    public record Filter(Phase phase, String district, UUID stationId, UUID teamId, FlagCode flag, String assessment,
                         ReviewState review, ObservationStatus status, OffsetDateTime from, OffsetDateTime to) {
    }

    @Inject
    EntityManager em;

    public CursorPage<ObservationView> list(UUID missionId, ReadScope scope, Filter f, CursorPage.Position after, int size) {
        Conditions where = new Conditions()
                .and("mission_id = ?", missionId)
                .and("partner_client_id = ?", scope.partnerClientId())
                .and("phase = ?", f.phase() == null ? null : f.phase().name())
                .and("district = ?", f.district())
                .and("station_id = ?", f.stationId())
                .and("team_id = ?", f.teamId())
                .and("flags @> cast(? as jsonb)", f.flag() == null ? null : "[{\"code\":\"" + f.flag().name() + "\"}]")
                .and("overall_assessment = ?", f.assessment())
                .and("status = ?", f.status() == null ? null : f.status().name())
                .and("arrived_at >= ?", f.from())
                .and("arrived_at < ?", f.to());
        if (f.review() == ReviewState.UNREVIEWED) {
            where.and("review_status is null");
        } else {
            where.and("review_status = ?", f.review() == null ? null : f.review().name());
        }
        if (after != null) {
            where.and("(received_at, id) < (?, ?)", OffsetDateTime.ofInstant(after.at(), ZoneOffset.UTC), after.id());
        }
        String sql = "select * from observation where " + where.where() + " order by received_at desc, id desc limit " + (size + 1);
        @SuppressWarnings("unchecked")
        List<Observation> rows = where.bind(em.createNativeQuery(sql, Observation.class)).getResultList();
        boolean more = rows.size() > size;
        List<Observation> page = more ? rows.subList(0, size) : rows;
        String next = more ? new CursorPage.Position(page.get(size - 1).receivedAt.toInstant(), page.get(size - 1).id).encode() : null;
        return new CursorPage<>(page.stream().map(ObservationView::of).toList(), next);
    }
}
