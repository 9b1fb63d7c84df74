package org.eom.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Realistic checklists built from the shipped templates (GET /api/v1/forms), as a pure function of the sequence
 * number: sending number n again is a byte-identical replay. The answers a station gets in a phase come from that
 * station's own character (most stations are fine, some have problems, a few many), so two teams at one station
 * mostly agree, as they do in the field; a little per-visit noise makes the occasional disagreement that the service
 * flags. Times and the arrival lie inside the phase's hours of election day.
 */
final class Observations {

    /** The checklist phases and how an election day's forms divide among them. */
    enum Phase {
        OPENING(0.15, "06:30", 89), VOTING(0.60, "08:00", 719), CLOSING_COUNTING(0.20, "20:00", 119), TABULATION(0.05, "22:00", 119);

        final double share;
        final LocalTime from;
        final int minutes;

        Phase(double share, String from, int minutes) {
            this.share = share;
            this.from = LocalTime.parse(from);
            this.minutes = minutes;
        }
    }

    record Station(UUID id, String number, String district) {
    }

    private static final List<String> NOTES = List.of(
            "Queue of about forty voters outside at arrival.",
            "The chairperson was cooperative and answered all questions.",
            "Voters were unsure where to find their names on the list.",
            "Lighting in the booths was poor.",
            "A party agent complained about the placement of the ballot box.");

    private final Map<Phase, JsonNode> templates;
    private final List<Station> stations;
    private final List<String> observers;
    private final LocalDate electionDay;
    private final Ledger ledger;
    private final long seed;

    Observations(Map<Phase, JsonNode> templates, List<Station> stations, List<String> observers, LocalDate electionDay,
                 Ledger ledger, long seed) {
        this.templates = templates;
        this.stations = stations;
        this.observers = observers;
        this.electionDay = electionDay;
        this.ledger = ledger;
        this.seed = seed;
    }

    /** The delegate who submits observation {@code seq}. */
    String observer(long seq) {
        return observers.get((int) (seq % observers.size()));
    }

    /** The request body of observation {@code seq} as JSON text. */
    String json(long seq) {
        try {
            return Http.JSON.writeValueAsString(body(seq));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ObjectNode body(long seq) {
        SplittableRandom visit = new SplittableRandom(seed * 31 + seq);
        Station station = stations.get(visit.nextInt(stations.size()));
        Phase phase = phase(visit.nextDouble());
        JsonNode template = templates.get(phase);
        // The station's character in this phase: the same draws for every visit, so teams agree.
        SplittableRandom character = new SplittableRandom(seed ^ (station.id().getLeastSignificantBits() * 7 + phase.ordinal()));
        double roll = character.nextDouble();
        double problemRate = roll < 0.85 ? 0.01 : roll < 0.97 ? 0.12 : 0.45;
        double assessmentRoll = character.nextDouble();

        LocalTime arrival = phase.from.plusMinutes(visit.nextInt(phase.minutes));
        OffsetDateTime arrivedAt = OffsetDateTime.of(electionDay, arrival, ZoneOffset.UTC);
        ObjectNode body = Http.JSON.createObjectNode();
        body.put("id", ledger.id(seq).toString());
        body.put("stationId", station.id().toString());
        body.put("templateId", template.path("id").asText());
        body.put("templateVersion", template.path("version").asInt());
        body.put("arrivedAt", arrivedAt.toString());
        body.put("departedAt", arrivedAt.plusMinutes(20 + visit.nextInt(40)).toString());
        ArrayNode answers = body.putArray("answers");
        int problems = 0;
        for (JsonNode question : template.path("questions")) {
            String id = question.path("id").asText();
            // Drawn for every question, so that the station's draws line up for every visit.
            double truth = character.nextDouble();
            if (id.equals("overall_assessment") || !question.path("required").asBoolean() && visit.nextDouble() < 0.3) {
                continue;
            }
            // Now and then a team sees it differently: the disagreement the service flags as a conflict.
            double pick = visit.nextDouble() < 0.02 ? visit.nextDouble() : truth;
            List<String> problemAnswers = texts(question.path("problemAnswers"));
            JsonNode value = answer(question, problemAnswers, pick, problemRate, arrival, visit);
            if (value != null) {
                problems += isProblem(value, problemAnswers) ? 1 : 0;
                answers.addObject().put("questionId", id).set("value", value);
            }
        }
        answers.addObject().put("questionId", "overall_assessment").put("value", assessment(problems, assessmentRoll));
        if (visit.nextDouble() < 0.08) {
            body.put("notes", NOTES.get(visit.nextInt(NOTES.size())));
        }
        return body;
    }

    private static Phase phase(double roll) {
        double sum = 0;
        for (Phase phase : Phase.values()) {
            sum += phase.share;
            if (roll < sum) {
                return phase;
            }
        }
        return Phase.VOTING;
    }

    /**
     * A value of the question's type. Categorical answers follow {@code pick}, a uniform draw below
     * {@code problemRate} meaning a problem; counts, times and lists vary from visit to visit.
     */
    private static JsonNode answer(JsonNode question, List<String> problemAnswers, double pick, double problemRate,
                                   LocalTime arrival, SplittableRandom visit) {
        boolean problem = pick < problemRate;
        // Where in the problem (or the fine) part of the range the draw fell, as a fresh uniform draw.
        double within = problem ? pick / problemRate : (pick - problemRate) / (1 - problemRate);
        return switch (question.path("type").asText()) {
            case "YES_NO" -> text(problemAnswers.isEmpty() ? (within < 0.8 ? "YES" : "NO")
                    : problem ? problemAnswers.getFirst() : problemAnswers.getFirst().equals("YES") ? "NO" : "YES");
            case "SINGLE_CHOICE" -> text(choice(question.path("choices").findValuesAsText("value"), problemAnswers, problem, within));
            case "MULTIPLE_CHOICE" -> {
                List<String> choices = new ArrayList<>(question.path("choices").findValuesAsText("value"));
                choices.removeAll(problem ? List.of() : problemAnswers);
                ArrayNode picked = Http.JSON.createArrayNode();
                int count = choices.isEmpty() ? 0 : 1 + visit.nextInt(Math.min(2, choices.size()));
                for (int i = 0; i < count; i++) {
                    picked.add(choices.remove(visit.nextInt(choices.size())));
                }
                yield picked.isEmpty() ? null : picked;
            }
            case "NUMBER" -> {
                long min = question.path("min").isNumber() ? question.path("min").asLong() : 0;
                long max = question.path("max").isNumber() ? question.path("max").asLong() : min + 3000;
                yield Http.JSON.getNodeFactory().numberNode(min + visit.nextLong(Math.min(max, min + 3000) - min + 1));
            }
            case "TIME" -> text((question.path("id").asText().equals("arrival_time") ? arrival
                    : arrival.plusMinutes(5 + visit.nextInt(55))).toString());
            case "TEXT" -> text("No further remarks.");
            default -> null;
        };
    }

    private static String choice(List<String> choices, List<String> problemAnswers, boolean problem, double within) {
        List<String> pool = new ArrayList<>(choices);
        if (problem && !problemAnswers.isEmpty()) {
            pool.retainAll(problemAnswers);
        } else if (pool.size() > problemAnswers.size()) {
            pool.removeAll(problemAnswers);
        }
        return pool.get(Math.min(pool.size() - 1, (int) (within * pool.size())));
    }

    /** The four-point scale, following what the team saw and the station's overall impression. */
    private static String assessment(int problems, double roll) {
        if (problems == 0) {
            return roll < 0.45 ? "VERY_GOOD" : roll < 0.98 ? "GOOD" : "BAD";
        }
        if (problems <= 2) {
            return roll < 0.55 ? "GOOD" : roll < 0.95 ? "BAD" : "VERY_BAD";
        }
        return roll < 0.5 ? "BAD" : "VERY_BAD";
    }

    private static boolean isProblem(JsonNode value, List<String> problemAnswers) {
        if (value.isArray()) {
            for (JsonNode element : value) {
                if (problemAnswers.contains(element.asText())) {
                    return true;
                }
            }
            return false;
        }
        return problemAnswers.contains(value.asText());
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static JsonNode text(String value) {
        return Http.JSON.getNodeFactory().textNode(value);
    }
}
