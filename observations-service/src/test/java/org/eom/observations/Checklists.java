package org.eom.observations;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Observation bodies built on the shipped templates: every required question answered, nothing wrong unless a test says so. */
public final class Checklists {

    public static final String OPENING = "0b5e7a1c-0000-4000-8000-000000000001";
    public static final String VOTING = "0b5e7a1c-0000-4000-8000-000000000002";
    public static final String CLOSING_COUNTING = "0b5e7a1c-0000-4000-8000-000000000003";
    public static final String TABULATION = "0b5e7a1c-0000-4000-8000-000000000004";
    public static final String INCIDENT = "0b5e7a1c-0000-4000-8000-000000000005";
    public static final String ARRIVED = "2023-03-19T10:00:00+06:00";

    private Checklists() {
    }

    /** A good voting visit: no problem answers, overall GOOD. */
    public static Map<String, Object> cleanVotingAnswers() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("arrival_time", "10:00");
        a.put("voters_on_list", 1500);
        a.put("voters_voted", 420);
        a.put("campaign_material", "NO");
        a.put("unauthorised_persons", "NO");
        a.put("police_inside", "NO");
        a.put("voter_identity_checked", "YES");
        a.put("voter_list_signed", "YES");
        a.put("ballots_stamped", "YES");
        a.put("secrecy", "YES");
        a.put("group_voting", "NO");
        a.put("voter_influence", "NO");
        a.put("multiple_voting", "NO");
        a.put("ballot_stuffing", "NO");
        a.put("ballot_box_sealed", "YES");
        a.put("observer_access", "YES");
        a.put("accessibility", "YES");
        a.put("braille_templates", "YES");
        a.put("mobile_ballot_box", "YES");
        a.put("exit_polls", "OUTSIDE");
        a.put("technologies", List.of("VIDEO_SURVEILLANCE"));
        a.put("overcrowding", "NO");
        a.put("overall_assessment", "GOOD");
        return a;
    }

    public static Map<String, Object> voting(UUID id, UUID station, Map<String, Object> answers) {
        return observation(id, station, VOTING, ARRIVED, answers);
    }

    public static Map<String, Object> voting(UUID id, UUID station) {
        return voting(id, station, cleanVotingAnswers());
    }

    public static Map<String, Object> observation(UUID id, UUID station, String template, String arrivedAt, Map<String, Object> answers) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id.toString());
        body.put("stationId", station.toString());
        body.put("templateId", template);
        body.put("templateVersion", 1);
        body.put("arrivedAt", arrivedAt);
        body.put("departedAt", "2023-03-19T10:40:00+06:00");
        List<Map<String, Object>> list = new ArrayList<>();
        answers.forEach((question, value) -> list.add(Map.of("questionId", question, "value", value)));
        body.put("answers", list);
        body.put("notes", "calm");
        return body;
    }

    /** The answers with some replaced. */
    public static Map<String, Object> with(Map<String, Object> answers, Object... questionAndValue) {
        Map<String, Object> changed = new LinkedHashMap<>(answers);
        for (int i = 0; i < questionAndValue.length; i += 2) {
            changed.put((String) questionAndValue[i], questionAndValue[i + 1]);
        }
        return changed;
    }

    /**
     * What a partner system with a broken station list sends: voting visits all to one station, a second apart from the
     * {@code from}th on, each by its own observer, answering campaign_material NO and YES by turns (the even and the odd ones).
     */
    public static List<Object> crowd(UUID station, List<UUID> ids, int from) {
        OffsetDateTime start = OffsetDateTime.parse(ARRIVED);
        List<Object> items = new ArrayList<>();
        for (int i = from; i < from + ids.size(); i++) {
            Map<String, Object> answers = with(cleanVotingAnswers(), "campaign_material", i % 2 == 0 ? "NO" : "YES");
            Map<String, Object> item = observation(ids.get(i - from), station, VOTING, start.plusSeconds(i).toString(), answers);
            item.remove("departedAt");
            item.put("delegateUsernames", List.of("crowd-observer-" + i));
            items.add(item);
        }
        return items;
    }
}
