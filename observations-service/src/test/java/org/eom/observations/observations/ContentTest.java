package org.eom.observations.observations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eom.observations.domain.Answer;
import org.eom.observations.domain.ContentHash;
import org.eom.observations.domain.Observation;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A stored observation's hash decides whether a phone's retry is a replay or a conflict, and phones retry across
 * upgrades of the service: the hash of the same content must never change. The expected values were computed by the
 * code that stored the observations before (valueToTree for every field).
 */
class ContentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UUID MISSION = UUID.fromString("6f1c1d8e-3b1a-4c55-9a43-1f0c2e7b9d10");
    private static final UUID STATION = UUID.fromString("0b9f5a4e-7c2d-4e61-8f3a-5d6c7b8a9e01");
    private static final UUID TEMPLATE = UUID.fromString("a3e1c2b4-5d6f-4a7b-8c9d-0e1f2a3b4c5d");
    private static final UUID TEAM = UUID.fromString("c4d5e6f7-0819-4a2b-bc3d-4e5f60718293");

    @Test
    void theHashOfARequestIsTheOneStoredBefore() throws Exception {
        ObservationRequest request = new ObservationRequest(UUID.fromString("11111111-2222-4333-8444-555555555555"),
                STATION, TEMPLATE, 3, TEAM, List.of("zeynep", "ali"),
                OffsetDateTime.parse("2026-03-15T09:30:00.123456789+05:00"), OffsetDateTime.parse("2026-03-15T10:05:00+05:00"),
                List.of(new ObservationRequest.AnswerInput("voters_in_queue", JSON.readTree("5.0")),
                        new ObservationRequest.AnswerInput("materials", JSON.readTree("[\"ballots\",\"booths\"]")),
                        new ObservationRequest.AnswerInput("remarks", JSON.readTree("\"Calm\"")),
                        new ObservationRequest.AnswerInput("unanswered", null)),
                "Queue of about forty voters");

        assertEquals("ad21d81004b0357bd3de34ffb6606f577dfb91e0036e28957c2504864c3e522e", ContentHash.of(Content.of(MISSION, request)));
    }

    @Test
    void theContentOfAStoredObservationIsWhatItWasBefore() throws Exception {
        Observation o = new Observation();
        o.stationId = STATION;
        o.templateId = TEMPLATE;
        o.templateVersion = 3;
        o.teamId = TEAM;
        o.delegateUsernames = List.of("zeynep", "ali");
        o.arrivedAt = OffsetDateTime.parse("2026-03-15T09:30:00.123456789+05:00");
        o.answers = List.of(new Answer("voters_in_queue", JSON.readTree("5"), false),
                new Answer("materials", JSON.readTree("[\"ballots\",\"booths\"]"), true));

        assertEquals("{\"answers.materials\":[\"ballots\",\"booths\"],\"answers.voters_in_queue\":5,"
                        + "\"arrivedAt\":\"2026-03-15T04:30:00.123456Z\",\"delegateUsernames\":[\"ali\",\"zeynep\"],"
                        + "\"stationId\":\"0b9f5a4e-7c2d-4e61-8f3a-5d6c7b8a9e01\",\"teamId\":\"c4d5e6f7-0819-4a2b-bc3d-4e5f60718293\","
                        + "\"templateId\":\"a3e1c2b4-5d6f-4a7b-8c9d-0e1f2a3b4c5d\",\"templateVersion\":3}",
                JSON.writeValueAsString(Content.of(o)));
    }
}
