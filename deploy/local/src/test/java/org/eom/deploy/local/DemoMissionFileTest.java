package org.eom.deploy.local;

import com.fasterxml.jackson.databind.JsonNode;
import org.eom.deploy.local.demo.DemoMission;
import org.eom.deploy.local.http.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo mission file is data the loader trusts: these checks catch a broken reference or an answer the checklist
 * would refuse before a run command does.
 */
class DemoMissionFileTest {

    private final JsonNode spec = DemoMission.defaultSpec();

    @Test
    void itIsTheOtsMissionToKazakhstan2023AsTheStatementDescribesIt() {
        assertThat(spec.path("election").path("country").asText()).isEqualTo("KZ");
        assertThat(spec.path("election").path("electionDay").asText()).isEqualTo("2023-03-19");
        assertThat(spec.path("election").path("type").asText()).isEqualTo("parliamentary and local");
        assertThat(spec.path("mission").path("organisation").asText()).contains("OTS");
        assertThat(spec.path("mission").path("statusPath").get(spec.path("mission").path("statusPath").size() - 1).asText())
                .isEqualTo("OBSERVING");

        List<String> numbers = values(spec.path("stations"), "number");
        assertThat(numbers).hasSize(32).doesNotHaveDuplicates().contains("431", "373");
        assertThat(Set.copyOf(values(spec.path("stations"), "district")))
                .containsExactlyInAnyOrder("Almaty", "Baikonur", "Yesil", "Saryarka", "Nura");
        long accessible = stream(spec.path("stations")).filter(s -> !s.path("accessibility").isEmpty()).count();
        assertThat(accessible).as("mostly accessible").isGreaterThan(24).isLessThan(32);

        List<String> counterparts = values(spec.path("meetings"), "counterpart");
        assertThat(counterparts).contains("Auyl", "Nationwide Social Democratic Party", "Amanat");
        assertThat(stream(spec.path("meetings")).map(m -> m.path("meetingDate").asText())).containsOnly("2023-03-17");
        assertThat(stream(spec.path("meetings")).filter(m -> m.path("counterpartKind").asText().equals("ELECTION_COMMISSION"))
                .map(m -> m.path("counterpartPerson").asText()))
                .containsExactly("Mr. Nurlan Abdirov, Chairman of the Central Election Commission");

        assertThat(stream(spec.path("delegates")).map(d -> d.path("memberState").asText())).doesNotContain("KZ");
        assertThat(Set.copyOf(values(spec.path("delegates"), "affiliation")))
                .contains("SECRETARIAT", "CENTRAL_ELECTION_COMMISSION", "MINISTRY_OF_FOREIGN_AFFAIRS");
        assertThat(spec.path("partners").findValuesAsText("clientId")).contains("partner-demo");
    }

    @Test
    void theDemoUsersAreDelegatesInTheirRoles() {
        Map<String, String> roles = new HashMap<>();
        spec.path("delegates").forEach(d -> {
            if (d.hasNonNull("username")) {
                roles.put(d.path("username").asText(), d.path("missionRole").asText());
            }
        });
        assertThat(roles).containsEntry("head", "HEAD_OF_MISSION").containsEntry("coordinator", "COORDINATOR")
                .containsEntry("observer1", "OBSERVER").containsEntry("observer2", "OBSERVER")
                .containsEntry("observer3", "OBSERVER").containsEntry("observer4", "OBSERVER")
                .containsEntry("analyst", "ANALYST");
        assertThat(stream(spec.path("delegates")).filter(d -> !d.hasNonNull("username")).count())
                .as("delegates without a login").isGreaterThanOrEqualTo(3);
        roles.keySet().forEach(user -> assertThat(spec.path("credentials").has(user)).as("credentials of " + user).isTrue());
    }

    @Test
    void everyReferenceResolves() {
        Set<String> delegates = Set.copyOf(values(spec.path("delegates"), "key"));
        Set<String> stations = Set.copyOf(values(spec.path("stations"), "number"));
        Set<String> teams = Set.copyOf(values(spec.path("teams"), "key"));
        spec.path("meetings").forEach(m -> m.path("attendees").forEach(a -> assertThat(delegates).contains(a.asText())));
        Set<String> inTeams = new HashSet<>();
        spec.path("teams").forEach(t -> t.path("members").forEach(member -> {
            assertThat(delegates).contains(member.asText());
            assertThat(inTeams.add(member.asText())).as(member.asText() + " is in one team only").isTrue();
        }));
        spec.path("deployments").forEach(d -> {
            assertThat(teams).contains(d.path("team").asText());
            assertThat(stations).contains(d.path("station").asText());
        });
        spec.path("observations").forEach(o -> {
            assertThat(stations).contains(o.path("station").asText());
            assertThat(teams).contains(o.path("team").asText());
            assertThat(spec.path("credentials").has(o.path("by").asText())).isTrue();
        });
    }

    @Test
    void electionDayMatchesTheStatement() {
        JsonNode observations = spec.path("observations");
        Set<String> visited = new HashSet<>(values(observations, "station"));
        assertThat(visited).as("the Mission visited 32 polling stations in total").hasSize(32);
        assertThat(stream(observations).filter(o -> o.path("phase").asText().equals("OPENING")).map(o -> o.path("station").asText()))
                .containsExactly("431");
        assertThat(stream(observations).filter(o -> o.path("phase").asText().equals("CLOSING_COUNTING")).map(o -> o.path("station").asText()))
                .containsExactly("373");
        for (JsonNode o : observations) {
            Map<String, JsonNode> answers = answers(o);
            assertThat(answers.get("overall_assessment").asText()).isIn("GOOD", "VERY_GOOD");
            if (answers.containsKey("campaign_material")) {
                assertThat(answers.get("campaign_material").asText()).isEqualTo("NO");
            }
            if (answers.containsKey("voter_influence")) {
                assertThat(answers.get("voter_influence").asText()).isEqualTo("NO");
            }
            assertThat(answers.get("observer_access").asText()).isEqualTo("YES");
        }
        assertThat(answers(first(observations, "OPENING")).get("opened_on_time").asText()).isEqualTo("YES");
        List<JsonNode> voting = stream(observations).filter(o -> o.path("phase").asText().equals("VOTING")).toList();
        assertThat(voting).allSatisfy(o -> {
            assertThat(answers(o).get("braille_templates").asText()).isEqualTo("YES");
            assertThat(answers(o).get("mobile_ballot_box").asText()).isEqualTo("YES");
            assertThat(answers(o).get("exit_polls").asText()).isIn("NONE", "OUTSIDE");
        });
        assertThat(voting).anySatisfy(o -> assertThat(answers(o).get("exit_polls").asText()).isEqualTo("OUTSIDE"));
        long accessible = voting.stream().filter(o -> answers(o).get("accessibility").asText().equals("YES")).count();
        assertThat(accessible).as("mostly accessible").isGreaterThan(voting.size() * 3 / 4).isLessThan(voting.size());
    }

    @Test
    void everyVisitIsPlannedInsideTheObservationWindowAndNoTeamIsInTwoPlaces() {
        OffsetDateTime from = OffsetDateTime.parse(spec.path("mission").path("observationStart").asText());
        OffsetDateTime to = OffsetDateTime.parse(spec.path("mission").path("observationEnd").asText());
        Map<String, JsonNode> plan = new HashMap<>();
        spec.path("deployments").forEach(d -> assertThat(plan.put(d.path("team").asText() + "/" + d.path("station").asText()
                + "/" + d.path("phase").asText(), d)).as("one deployment per team, station and phase").isNull());
        for (JsonNode o : spec.path("observations")) {
            OffsetDateTime arrived = OffsetDateTime.parse(o.path("arrivedAt").asText());
            OffsetDateTime departed = OffsetDateTime.parse(o.path("departedAt").asText());
            assertThat(arrived).isAfterOrEqualTo(from).isBefore(departed);
            assertThat(departed).isBeforeOrEqualTo(to);
            assertThat(plan).containsKey(o.path("team").asText() + "/" + o.path("station").asText() + "/" + o.path("phase").asText());
        }
        Map<String, List<OffsetDateTime[]>> windows = new HashMap<>();
        for (JsonNode d : spec.path("deployments")) {
            OffsetDateTime start = OffsetDateTime.parse(d.path("plannedStart").asText());
            OffsetDateTime end = OffsetDateTime.parse(d.path("plannedEnd").asText());
            assertThat(end).isAfter(start);
            for (OffsetDateTime[] other : windows.computeIfAbsent(d.path("team").asText(), k -> new ArrayList<>())) {
                assertThat(start.isBefore(other[1]) && other[0].isBefore(end)).as("overlap in " + d).isFalse();
            }
            windows.get(d.path("team").asText()).add(new OffsetDateTime[] {start, end});
        }
    }

    /** Against the checklists observations-service ships: known questions, every required one answered, valid values. */
    @Test
    void everyChecklistIsCompleteForItsTemplate() throws IOException {
        Path forms = projectDir().resolve("observations-service/src/main/resources/forms");
        Map<String, JsonNode> templates = new HashMap<>();
        try (Stream<Path> files = Files.list(forms)) {
            files.filter(f -> f.toString().endsWith(".json")).forEach(f -> {
                try {
                    JsonNode form = Json.parse(Files.readString(f));
                    templates.merge(form.path("phase").asText(), form,
                            (a, b) -> a.path("version").asInt() >= b.path("version").asInt() ? a : b);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        for (JsonNode o : spec.path("observations")) {
            JsonNode form = templates.get(o.path("phase").asText());
            assertThat(form).as("a shipped " + o.path("phase").asText() + " checklist").isNotNull();
            Map<String, JsonNode> questions = new HashMap<>();
            form.path("questions").forEach(q -> questions.put(q.path("id").asText(), q));
            Map<String, JsonNode> answers = answers(o);
            answers.forEach((id, value) -> {
                JsonNode q = questions.get(id);
                assertThat(q).as("question " + id + " in " + o.path("phase").asText()).isNotNull();
                List<String> choices = q.path("choices").findValuesAsText("value");
                switch (q.path("type").asText()) {
                    case "YES_NO" -> assertThat(value.asText()).as(id).isIn("YES", "NO");
                    case "NUMBER" -> assertThat(value.isNumber()).as(id).isTrue();
                    case "TIME" -> assertThat(value.asText()).as(id).matches("([01]\\d|2[0-3]):[0-5]\\d");
                    case "SINGLE_CHOICE" -> assertThat(choices).as(id).contains(value.asText());
                    case "MULTIPLE_CHOICE" -> value.forEach(v -> assertThat(choices).as(id).contains(v.asText()));
                    default -> assertThat(value.isTextual()).as(id).isTrue();
                }
            });
            questions.values().stream().filter(q -> q.path("required").asBoolean())
                    .forEach(q -> assertThat(answers).as("required " + q.path("id").asText() + " at " + o.path("station").asText())
                            .containsKey(q.path("id").asText()));
        }
    }

    @Test
    void idsAreStableAcrossRuns() {
        assertThat(DemoMission.stableId("ots-kz-2023", "mission", "ots-ieom"))
                .isEqualTo(DemoMission.stableId("ots-kz-2023", "mission", "ots-ieom"))
                .isNotEqualTo(DemoMission.stableId("ots-kz-2023", "mission", "other"));
    }

    private Map<String, JsonNode> answers(JsonNode observation) {
        Map<String, JsonNode> merged = new HashMap<>();
        spec.path("checklists").path(observation.path("phase").asText()).properties().forEach(e -> merged.put(e.getKey(), e.getValue()));
        observation.path("answers").properties().forEach(e -> merged.put(e.getKey(), e.getValue()));
        return merged;
    }

    private static JsonNode first(JsonNode observations, String phase) {
        return stream(observations).filter(o -> o.path("phase").asText().equals(phase)).findFirst().orElseThrow();
    }

    private static List<String> values(JsonNode array, String field) {
        return stream(array).map(n -> n.path(field).asText()).toList();
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        array.forEach(list::add);
        return list.stream();
    }

    static Path projectDir() {
        return ProjectLayout.projectDir();
    }
}
