package org.eom.reports;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.eom.reports.EventFeed.MISSIONS;
import static org.eom.reports.EventFeed.OBSERVATIONS;
import static org.awaitility.Awaitility.await;

/**
 * A mission's life as the other services publish it: election, mission, delegates, stations,
 * teams, deployments, meetings, then observations (submitted, amended, withdrawn) and incidents,
 * each a CloudEvent on the real topic. Usernames carry a random tag so missions never share people.
 */
public final class MissionFixture {

    public static final UUID OPENING_TEMPLATE = UUID.fromString("00000000-0000-4000-8000-0000000000a1");
    public static final UUID VOTING_TEMPLATE = UUID.fromString("00000000-0000-4000-8000-0000000000a2");
    public static final UUID COUNTING_TEMPLATE = UUID.fromString("00000000-0000-4000-8000-0000000000a3");

    /** Question id to its problem answers, as the shipped-like templates below declare them. */
    private static final Map<String, Set<String>> PROBLEMS = Map.ofEntries(
            Map.entry("opened_on_time", Set.of("NO")), Map.entry("ballot_box_sealed", Set.of("NO")),
            Map.entry("unauthorised_persons", Set.of("YES")), Map.entry("campaign_material", Set.of("YES")),
            Map.entry("voter_influence", Set.of("YES")), Map.entry("observer_access", Set.of("NO")),
            Map.entry("accessibility", Set.of("NONE")), Map.entry("secrecy", Set.of("NO")),
            Map.entry("irregularities", Set.of("ballot_stuffing", "carousel")), Map.entry("protocol_posted", Set.of("NO")),
            Map.entry("exit_polls", Set.of("INSIDE")));

    public final EventFeed feed = new EventFeed();
    public final UUID electionId = UUID.randomUUID();
    public final UUID missionId = UUID.randomUUID();
    public final String tag = UUID.randomUUID().toString().substring(0, 8);

    private final Map<String, UUID> stationIds = new HashMap<>();
    private final Map<String, String> districts = new HashMap<>();
    private final Map<String, Map<String, Object>> delegates = new HashMap<>();
    private final Map<UUID, Map<String, Object>> observations = new HashMap<>();
    /** Phase to the mission's own template, where it has one (else the shipped-like one of the phase). */
    private final Map<String, UUID> ownTemplates = new HashMap<>();
    private OffsetDateTime clock = OffsetDateTime.of(2023, 3, 19, 7, 0, 0, 0, ZoneOffset.UTC);

    /** The username of a delegate added with {@link #delegate}: role in lower case plus the mission's tag. */
    public String username(String missionRole) {
        return missionRole.toLowerCase().replace('_', '-') + "-" + tag;
    }

    public UUID station(String number) {
        return stationIds.get(number);
    }

    public MissionFixture election(String country, String name, String electionDay) {
        feed.send(MISSIONS, electionId, "org.eom.missions.election.upserted", map(
                "id", electionId, "country", country, "name", name, "type", "parliamentary", "electionDay", electionDay, "rounds", 1));
        clock = LocalDate.parse(electionDay).atTime(7, 0).atOffset(ZoneOffset.UTC);
        return this;
    }

    public MissionFixture mission(String organisation, String name, List<String> areas) {
        feed.send(MISSIONS, missionId, "org.eom.missions.mission.upserted", map(
                "id", missionId, "electionId", electionId, "organisation", organisation, "name", name, "mandate", null,
                "areas", areas, "status", "OBSERVING", "isPublic", true, "partnerClientIds", List.of(), "version", 1));
        return this;
    }

    public MissionFixture delegate(String missionRole, String fullName, String memberState, String affiliation) {
        UUID id = UUID.randomUUID();
        Map<String, Object> data = map(
                "id", id, "missionId", missionId, "username", username(missionRole), "fullName", fullName, "memberState", memberState,
                "affiliation", affiliation, "missionRole", missionRole, "accreditationStatus", "ACCREDITED", "version", 0);
        delegates.put(missionRole, data);
        feed.send(MISSIONS, missionId, "org.eom.missions.delegate.upserted", data);
        return this;
    }

    /** The delegate of {@code missionRole} again, as a newer version with another accreditation status (e.g. REVOKED). */
    public MissionFixture accreditation(String missionRole, String status) {
        Map<String, Object> data = new LinkedHashMap<>(delegates.get(missionRole));
        data.put("accreditationStatus", status);
        data.put("version", ((Number) data.get("version")).longValue() + 1);
        delegates.put(missionRole, data);
        feed.send(MISSIONS, missionId, "org.eom.missions.delegate.upserted", data);
        return this;
    }

    public MissionFixture stations(String district, String... numbers) {
        List<Map<String, Object>> stations = new ArrayList<>();
        for (String number : numbers) {
            UUID id = UUID.randomUUID();
            stationIds.put(number, id);
            districts.put(number, district);
            stations.add(map("id", id, "number", number, "name", "School " + number, "district", district, "address", null,
                    "latitude", null, "longitude", null, "accessibility", List.of("ramp")));
        }
        feed.send(MISSIONS, electionId, "org.eom.missions.polling-stations.upserted", map("electionId", electionId, "stations", stations));
        return this;
    }

    public MissionFixture meeting(String date, String counterpart, String kind, String person, String... topics) {
        UUID id = UUID.randomUUID();
        feed.send(MISSIONS, missionId, "org.eom.missions.meeting.upserted", map(
                "id", id, "missionId", missionId, "meetingDate", date, "counterpart", counterpart, "counterpartKind", kind,
                "counterpartPerson", person, "attendeeIds", List.of(), "topics", List.of(topics), "version", 0));
        return this;
    }

    public UUID team(String name) {
        UUID id = UUID.randomUUID();
        feed.send(MISSIONS, missionId, "org.eom.missions.team.upserted", map(
                "id", id, "missionId", missionId, "name", name, "members", List.of(), "version", 0));
        return id;
    }

    public MissionFixture deployment(UUID teamId, String stationNumber, String phase) {
        UUID id = UUID.randomUUID();
        feed.send(MISSIONS, missionId, "org.eom.missions.deployment.upserted", map(
                "id", id, "missionId", missionId, "teamId", teamId, "stationId", station(stationNumber), "phase", phase,
                "plannedStart", clock.toString(), "plannedEnd", clock.plusHours(1).toString(), "version", 0));
        return this;
    }

    /** Publishes the checklist templates the observations answer (like observations-service's shipped ones). */
    public MissionFixture templates() {
        template(OPENING_TEMPLATE, "OPENING", List.of(
                question("opened_on_time", "YES_NO", "opened_on_time", "The station opened on time", "Участок открылся вовремя"),
                question("ballot_box_sealed", "YES_NO", "ballot_box_sealed", "Ballot boxes shown empty and sealed", "Урны опечатаны"),
                question("unauthorised_persons", "YES_NO", "unauthorised_persons", "Unauthorised persons present", "Посторонние"),
                question("opening_time", "TIME", null, "Time of opening", "Время открытия")));
        template(VOTING_TEMPLATE, "VOTING", List.of(
                question("campaign_material", "YES_NO", "campaign_material", "Campaign material visible", "Агитация"),
                question("voter_influence", "YES_NO", "voter_influence", "Attempts to influence voters", "Давление"),
                question("observer_access", "YES_NO", "observer_access", "Observers given full access", "Доступ наблюдателей"),
                question("accessibility", "SINGLE_CHOICE", "accessibility", "Accessible for persons with disabilities", "Доступность"),
                question("braille_templates", "YES_NO", "braille_templates", "Braille templates available", "Трафареты Брайля"),
                question("mobile_ballot_box", "YES_NO", "mobile_ballot_box", "Mobile ballot box used", "Переносной ящик"),
                question("exit_polls", "SINGLE_CHOICE", "exit_polls", "Exit polls", "Экзитполы"),
                question("secrecy", "YES_NO", "secrecy", "Secrecy of the vote respected", "Тайна голосования"),
                question("irregularities", "MULTIPLE_CHOICE", "ballot_irregularities", "Irregularities seen", "Нарушения"),
                question("voters_in_queue", "NUMBER", null, "Voters in the queue", "Избиратели в очереди")));
        template(COUNTING_TEMPLATE, "CLOSING_COUNTING", List.of(
                question("protocol_posted", "YES_NO", "protocol_posted", "Results protocol posted", "Протокол вывешен"),
                question("unauthorised_persons", "YES_NO", "unauthorised_persons", "Unauthorised persons present", "Посторонние"),
                question("notes", "TEXT", null, "Notes", "Заметки")));
        // observations are categorised by their template's question types: let the templates land first
        await().atMost(Duration.ofSeconds(60)).until(() -> Api.count(
                "select count(*) from form_template where id in (?, ?, ?)", OPENING_TEMPLATE, VOTING_TEMPLATE, COUNTING_TEMPLATE) == 3);
        return this;
    }

    /** Publishes a template of the mission's own for {@code phase} (question id to type); the phase's next observations answer it. */
    public UUID ownTemplate(String phase, Map<String, String> questionTypes) {
        UUID id = UUID.randomUUID();
        List<Map<String, Object>> questions = new ArrayList<>();
        questionTypes.forEach((question, type) -> questions.add(question(question, type, null, question, question)));
        template(id, phase, questions);
        ownTemplates.put(phase, id);
        return id;
    }

    private void template(UUID id, String phase, List<Map<String, Object>> questions) {
        feed.send(OBSERVATIONS, EventFeed.NIL, "org.eom.observations.template.published", map(
                "id", id, "version", 1, "missionId", null, "phase", phase,
                "title", Map.of("en", phase + " checklist", "ru", "Чек-лист " + phase), "questions", questions));
    }

    private static Map<String, Object> question(String id, String type, String topic, String en, String ru) {
        List<Map<String, Object>> choices = switch (id) {
            case "accessibility" -> List.of(choice("FULL"), choice("PARTIAL"), choice("NONE"));
            case "irregularities" -> List.of(choice("none"), choice("ballot_stuffing"), choice("carousel"));
            case "exit_polls" -> List.of(choice("NONE"), choice("OUTSIDE"), choice("INSIDE"));
            default -> List.of();
        };
        return map("id", id, "type", type, "label", Map.of("en", en, "ru", ru), "choices", choices, "required", false,
                "problemAnswers", List.copyOf(PROBLEMS.getOrDefault(id, Set.of())), "min", null, "max", null, "topic", topic);
    }

    private static Map<String, Object> choice(String value) {
        return map("value", value, "label", Map.of("en", value, "ru", value));
    }

    /** Submits an observation (revision 1); answers are question id to value, their problem flag follows the template. */
    public UUID observe(String phase, String stationNumber, String assessment, Map<String, Object> answers) {
        return observe(phase, stationNumber, assessment, answers, List.of());
    }

    public UUID observe(String phase, String stationNumber, String assessment, Map<String, Object> answers,
                        List<Map<String, Object>> flags) {
        UUID id = UUID.randomUUID();
        clock = clock.plusMinutes(20);
        Map<String, Object> observation = map(
                "id", id, "version", 1, "revision", 1, "missionId", missionId, "electionId", electionId,
                "stationId", station(stationNumber), "stationNumber", stationNumber, "district", districts.get(stationNumber),
                "phase", phase, "templateId", template(phase), "templateVersion", 1, "teamId", null,
                "delegateUsernames", List.of(username("OBSERVER")), "submittedBy", username("OBSERVER"), "source", "MOBILE",
                "partnerClientId", null, "arrivedAt", clock.toString(), "departedAt", clock.plusMinutes(15).toString(),
                "receivedAt", clock.plusMinutes(16).toString(), "status", "ACTIVE", "withdrawalReason", null,
                "overallAssessment", assessment, "answers", answers(answers), "flags", flags, "review", null, "notes", null);
        observations.put(id, observation);
        feed.send(OBSERVATIONS, missionId, "org.eom.observations.observation.submitted", observation);
        return id;
    }

    /** Lets go of the observations and records kept so far: they can no longer be amended, withdrawn or sent again. */
    public void forgetObservations() {
        observations.clear();
        feed.forgetSent();
    }

    /** Amends an observation: a new content version and revision with the changed answers and assessment. */
    public EventFeed.Sent amend(UUID id, String assessment, Map<String, Object> changedAnswers) {
        Map<String, Object> observation = next(id);
        observation.put("version", (int) observation.get("version") + 1);
        observation.put("overallAssessment", assessment);
        Map<String, Object> answers = new LinkedHashMap<>();
        for (Object answer : (List<?>) observation.get("answers")) {
            Map<?, ?> a = (Map<?, ?>) answer;
            answers.put((String) a.get("questionId"), a.get("value"));
        }
        answers.putAll(changedAnswers);
        observation.put("answers", answers(answers));
        return feed.send(OBSERVATIONS, missionId, "org.eom.observations.observation.amended", observation);
    }

    public EventFeed.Sent withdraw(UUID id) {
        Map<String, Object> observation = next(id);
        observation.put("status", "WITHDRAWN");
        observation.put("withdrawalReason", "wrong station");
        return feed.send(OBSERVATIONS, missionId, "org.eom.observations.observation.withdrawn", observation);
    }

    /** An analyst's review; a REJECTED observation stops counting like a withdrawn one. */
    public EventFeed.Sent review(UUID id, String status) {
        Map<String, Object> observation = next(id);
        observation.put("review", map("status", status, "comment", "checked", "by", username("ANALYST"), "at", clock.toString()));
        return feed.send(OBSERVATIONS, missionId, "org.eom.observations.observation.reviewed", observation);
    }

    /** The observation's current snapshot as last sent (its revision included). */
    public Map<String, Object> snapshot(UUID id) {
        return new LinkedHashMap<>(observations.get(id));
    }

    public MissionFixture incident(String category, String severity, String stationNumber) {
        UUID id = UUID.randomUUID();
        feed.send(OBSERVATIONS, missionId, "org.eom.observations.incident.recorded", map(
                "id", id, "version", 1, "missionId", missionId, "stationId", station(stationNumber), "category", category,
                "severity", severity, "occurredAt", clock.toString(), "description", "seen by the team",
                "followUpStatus", "OPEN", "reportedBy", username("OBSERVER")));
        return this;
    }

    public static Map<String, Object> conflict(String questionId, UUID other) {
        return map("code", "CONFLICT", "questionId", questionId, "otherObservationId", other, "detail", "teams disagree");
    }

    private Map<String, Object> next(UUID id) {
        Map<String, Object> observation = new LinkedHashMap<>(observations.get(id));
        observation.put("revision", (int) observation.get("revision") + 1);
        observations.put(id, observation);
        return observation;
    }

    private static List<Map<String, Object>> answers(Map<String, Object> answers) {
        List<Map<String, Object>> list = new ArrayList<>();
        answers.forEach((question, value) -> {
            Set<String> problems = PROBLEMS.getOrDefault(question, Set.of());
            boolean problem = value instanceof List<?> values ? values.stream().anyMatch(problems::contains) : problems.contains(value);
            list.add(map("questionId", question, "value", value, "problem", problem));
        });
        return list;
    }

    private UUID template(String phase) {
        return ownTemplates.containsKey(phase) ? ownTemplates.get(phase) : switch (phase) {
            case "OPENING" -> OPENING_TEMPLATE;
            case "VOTING" -> VOTING_TEMPLATE;
            default -> COUNTING_TEMPLATE;
        };
    }

    /** A map that keeps nulls and order (Map.of refuses nulls), with UUIDs written as strings. */
    public static Map<String, Object> map(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            Object value = pairs[i + 1];
            map.put((String) pairs[i], value instanceof UUID uuid ? uuid.toString() : value);
        }
        return map;
    }
}
