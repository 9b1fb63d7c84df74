package org.eom.missions.coverage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import org.eom.missions.domain.Phase;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Planned visits (the deployment plan) against reported ones (observations-service's events).
 *
 * <p>A planned visit is <em>reported</em> when an active (not withdrawn) observation exists for
 * its station and phase, filed by its team or by no team (a partner); otherwise it is
 * <em>missing</em>. An active observation that matches no planned visit is <em>unplanned</em>.
 * The same rule is written once in SQL (for the counts) and once in HQL (for the lists).
 */
@ApplicationScoped
public class Coverage {

    /** HQL: deployment {@code d} has a report. */
    public static final String DEPLOYMENT_REPORTED = "exists (from ReportedVisit v where v.missionId = d.missionId "
            + "and v.stationId = d.stationId and v.phase = d.phase and v.withdrawn = false "
            + "and (v.teamId is null or v.teamId = d.teamId))";

    /** HQL: reported visit {@code v} matches a planned one. */
    public static final String VISIT_PLANNED = "exists (from Deployment d where d.missionId = v.missionId "
            + "and d.stationId = v.stationId and d.phase = v.phase and (v.teamId is null or v.teamId = d.teamId))";

    private static final String VISITS = """
            with planned as (
                select d.team_id, d.station_id,
                       exists (select 1 from reported_visit v
                               where v.mission_id = d.mission_id and v.station_id = d.station_id and v.phase = d.phase
                                 and not v.withdrawn and (v.team_id is null or v.team_id = d.team_id)) as reported
                from deployment d
                where d.mission_id = :mission %1$s
            ), unplanned as (
                select v.team_id, v.station_id
                from reported_visit v
                where v.mission_id = :mission and not v.withdrawn %2$s
                  and not exists (select 1 from deployment d
                                  where d.mission_id = v.mission_id and d.station_id = v.station_id and d.phase = v.phase
                                    and (v.team_id is null or v.team_id = d.team_id))
            )
            """;

    private static final String BY_TEAM = """
            select t.id, t.name,
                   (select count(*) from planned p where p.team_id = t.id),
                   (select count(*) from planned p where p.team_id = t.id and p.reported),
                   (select count(*) from unplanned u where u.team_id = t.id)
            from team t
            where t.mission_id = :mission
            order by t.name, t.id
            """;

    private static final String BY_DISTRICT = """
            , visits as (
                select station_id, true as planned, reported from planned
                union all
                select station_id, false, false from unplanned
            )
            select s.district,
                   count(*) filter (where x.planned),
                   count(*) filter (where x.planned and x.reported),
                   count(*) filter (where not x.planned)
            from visits x left join polling_station s on s.id = x.station_id
            group by s.district
            order by s.district nulls last
            """;

    @Inject
    EntityManager em;

    public record Counts(long planned, long reported, long missing, long unplanned) {
        static Counts of(Object planned, Object reported, Object unplanned) {
            long p = ((Number) planned).longValue();
            long r = ((Number) reported).longValue();
            return new Counts(p, r, p - r, ((Number) unplanned).longValue());
        }
    }

    public record TeamCoverage(UUID teamId, String teamName, Counts visits) {
    }

    /** district is null for visits to stations the registry does not know. */
    public record DistrictCoverage(String district, Counts visits) {
    }

    public record Summary(UUID missionId, Phase phase, OffsetDateTime asOf, Counts total, List<TeamCoverage> teams,
                          List<DistrictCoverage> districts) {
    }

    /** Counts for the whole mission, per team and per district; phase null means every phase. */
    public Summary summary(UUID missionId, Phase phase) {
        List<TeamCoverage> teams = rows(BY_TEAM, missionId, phase).stream()
                .map(r -> new TeamCoverage((UUID) r[0], (String) r[1], Counts.of(r[2], r[3], r[4])))
                .toList();
        List<DistrictCoverage> districts = rows(BY_DISTRICT, missionId, phase).stream()
                .map(r -> new DistrictCoverage((String) r[0], Counts.of(r[1], r[2], r[3])))
                .toList();
        Counts total = districts.stream().map(DistrictCoverage::visits).reduce(new Counts(0, 0, 0, 0),
                (a, b) -> new Counts(a.planned() + b.planned(), a.reported() + b.reported(), a.missing() + b.missing(),
                        a.unplanned() + b.unplanned()));
        return new Summary(missionId, phase, OffsetDateTime.now(ZoneOffset.UTC), total, teams, districts);
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> rows(String select, UUID missionId, Phase phase) {
        String sql = VISITS.formatted(phase == null ? "" : "and d.phase = :phase", phase == null ? "" : "and v.phase = :phase") + select;
        Query query = em.createNativeQuery(sql).setParameter("mission", missionId);
        if (phase != null) {
            query.setParameter("phase", phase.name());
        }
        return query.getResultList();
    }
}
