package org.eom.reports.figures;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The questions a mission's counted observations answered, from the template versions they used. */
@ApplicationScoped
public class TemplateQuestions {

    private static final TypeReference<Map<String, String>> LABEL = new TypeReference<>() {
    };

    /**
     * @param declaresProblems whether the template names problem answers for the question; if it
     *                         does not, a statement reads a yes/no question's YES as the finding
     */
    public record Question(String phase, String questionId, String type, Map<String, String> label, String topic,
                           int position, boolean declaresProblems) {
    }

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper mapper;

    /** One entry per phase and question id (the latest template version used wins), in template order. */
    public List<Question> of(UUID missionId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select distinct on (tl.phase, q.question_id) tl.phase, q.question_id, q.type, q.label::text, q.topic,
                               q.position, jsonb_array_length(q.problem_answers) > 0
                        from tally tl
                        join form_template t on tl.answer = t.id::text || ':' || t.version
                        join template_question q on q.template_id = t.id and q.template_version = t.version
                        where tl.mission_id = ?1 and tl.metric = 'TEMPLATE' and tl.observations > 0
                        order by tl.phase, q.question_id, t.version desc
                        """)
                .setParameter(1, missionId)
                .getResultList();
        return rows.stream()
                .map(r -> new Question((String) r[0], (String) r[1], (String) r[2], label((String) r[3]), (String) r[4],
                        ((Number) r[5]).intValue(), (Boolean) r[6]))
                .sorted(Comparator.comparing(Question::phase, Phases.BY_ELECTION_DAY)
                        .thenComparingInt(Question::position).thenComparing(Question::questionId))
                .toList();
    }

    private Map<String, String> label(String json) {
        try {
            return mapper.readValue(json, LABEL);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored label is not JSON", e);
        }
    }
}
