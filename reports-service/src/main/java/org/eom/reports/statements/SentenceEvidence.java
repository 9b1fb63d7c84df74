package org.eom.reports.statements;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import org.eom.platform.http.Cursor;
import org.eom.platform.http.Page;
import org.eom.platform.http.PageRequest;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Keeps the observations behind each generated sentence, copied inside the database (never
 * through memory), so a sentence stays checkable however many observations it rests on and
 * however the data moves after the draft was generated.
 */
@ApplicationScoped
public class SentenceEvidence {

    /** What a selection yielded: observations and distinct stations, all and matching. */
    public record Counts(long observations, long matching, long stations, long matchingStations) {
        public Sentence.Evidence evidence() {
            return new Sentence.Evidence(observations, matching);
        }
    }

    public record EvidenceRef(UUID observationId, boolean matching) {
    }

    @Inject
    EntityManager em;

    /**
     * Records the rows of {@code selection}, a query over {@code observation o} returning
     * {@code (id, matching)} with named parameters, as the evidence of one sentence.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Counts record(UUID statementId, String sentenceId, String selection, Map<String, Object> parameters) {
        Query insert = em.createNativeQuery("""
                insert into sentence_evidence (statement_id, sentence_id, observation_id, matching)
                select :statement, :sentence, selected.id, selected.matching from (%s) as selected(id, matching)
                """.formatted(selection))
                .setParameter("statement", statementId)
                .setParameter("sentence", sentenceId);
        parameters.forEach(insert::setParameter);
        insert.executeUpdate();
        Object[] counts = (Object[]) em.createNativeQuery("""
                        select count(*), count(*) filter (where e.matching),
                               count(distinct o.station_id), count(distinct o.station_id) filter (where e.matching)
                        from sentence_evidence e join observation o on o.id = e.observation_id
                        where e.statement_id = :statement and e.sentence_id = :sentence""")
                .setParameter("statement", statementId)
                .setParameter("sentence", sentenceId)
                .getSingleResult();
        return new Counts(((Number) counts[0]).longValue(), ((Number) counts[1]).longValue(),
                ((Number) counts[2]).longValue(), ((Number) counts[3]).longValue());
    }

    /** A sentence that turned out not to be written keeps no evidence. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void discard(UUID statementId, String sentenceId) {
        em.createNativeQuery("delete from sentence_evidence where statement_id = :statement and sentence_id = :sentence")
                .setParameter("statement", statementId).setParameter("sentence", sentenceId).executeUpdate();
    }

    /** A correction starts with the evidence of the statement it corrects. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void copy(UUID fromStatementId, UUID toStatementId) {
        em.createNativeQuery("""
                        insert into sentence_evidence (statement_id, sentence_id, observation_id, matching)
                        select :to, sentence_id, observation_id, matching from sentence_evidence where statement_id = :from""")
                .setParameter("to", toStatementId).setParameter("from", fromStatementId).executeUpdate();
    }

    /** In observation id order, the order of the evidence's key: a page read on from a cursor starts where it left off. */
    public Page<EvidenceRef> list(UUID statementId, String sentenceId, Boolean matching, PageRequest page) {
        String where = "where statement_id = :statement and sentence_id = :sentence"
                + (matching == null ? "" : " and matching = :matching");
        List<String> after = page.afterKey(1);
        UUID afterId = after == null ? null : Cursor.uuid(after.getFirst());
        Query count = em.createNativeQuery("select count(*) from sentence_evidence " + where);
        Query select = em.createNativeQuery("select observation_id, matching from sentence_evidence " + where
                + (afterId == null ? "" : " and observation_id > :after") + " order by observation_id");
        for (Query q : List.of(count, select)) {
            q.setParameter("statement", statementId).setParameter("sentence", sentenceId);
            if (matching != null) {
                q.setParameter("matching", matching);
            }
        }
        if (afterId != null) {
            select.setParameter("after", afterId);
        }
        long total = ((Number) count.getSingleResult()).longValue();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = select.setFirstResult((int) page.offset()).setMaxResults(page.sizeAndOneMore()).getResultList();
        List<EvidenceRef> items = rows.stream().map(r -> new EvidenceRef((UUID) r[0], (Boolean) r[1])).toList();
        return Page.withNext(items, page, total, e -> List.of(e.observationId().toString()));
    }
}
