package org.eom.platform.audit;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * One read by a partner system or a CEC: who read which path of which mission, and when. Services
 * share no database: each creates its own audit_read table in a migration of its own.
 */
@Entity
@Table(name = "audit_read")
public class AuditedRead extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public OffsetDateTime at;
    @Column(name = "client_id")
    public String clientId;
    public String username;
    /** The caller's realm roles, comma-separated. */
    public String roles;
    public String method;
    /** Path and query string as requested. */
    public String path;
    public int status;
    /** Null for reads that concern no one mission (e.g. the list of elections). */
    @Column(name = "mission_id")
    public UUID missionId;

    /** What {@code GET /api/v1/missions/{missionId}/audit} shows of a read, in every service. */
    public record AuditedReadView(long id, OffsetDateTime at, String clientId, String username, List<String> roles,
                                  String method, String path, int status) {
        static AuditedReadView of(AuditedRead r) {
            return new AuditedReadView(r.id, r.at, r.clientId, r.username, Arrays.asList(r.roles.split(",")), r.method,
                    r.path, r.status);
        }
    }
}
