package org.eom.platform.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A record's data is bound to the consumer's type from the text it came as: exactly that text, nothing around it. */
class ProcessedEventsTest {

    /** What a consumer reads of an observation: a few of its fields. */
    record Visit(UUID id, Long revision, String phase) {
    }

    private final ProcessedEvents processed = new ProcessedEvents();

    ProcessedEventsTest() {
        processed.mapper = new ObjectMapper().registerModule(new JavaTimeModule());
    }

    @Test
    void theDataIsReadAsTheConsumersTypeSkippingWhatItDoesNotKnow() {
        CloudEvent event = processed.parse("""
                {"specversion":"1.0","id":"0192f7a4-1b2c-7d3e-8f40-5a6b7c8d9e0f","source":"/observations","type":"x.submitted",
                 "time":"2026-03-15T09:30:00Z","data":{"answers":[{"questionId":"q\\"1}","value":["a]",{"b":"}"}]}],
                 "id":"11111111-2222-4333-8444-555555555555","note":"Ünïcödé \\u00e9 }]","revision":7,"phase":"VOTING"},
                 "partitionkey":"after-the-data"}""");

        assertThat(event.type()).isEqualTo("x.submitted");
        assertThat(event.partitionkey()).isEqualTo("after-the-data");
        assertThat(processed.data(event, Visit.class))
                .isEqualTo(new Visit(UUID.fromString("11111111-2222-4333-8444-555555555555"), 7L, "VOTING"));
        assertThat(processed.data(event, Map.class).get("answers"))
                .isEqualTo(List.of(Map.of("questionId", "q\"1}", "value", List.of("a]", Map.of("b", "}")))));
        assertThat(processed.data(event, Map.class).get("note")).isEqualTo("Ünïcödé é }]");
    }

    @Test
    void dataThatIsNotAnObjectIsReadToo() {
        CloudEvent event = processed.parse("{\"id\":\"0192f7a4-1b2c-7d3e-8f40-5a6b7c8d9e0f\",\"type\":\"x.counted\",\"data\":\"forty-two\"}");
        assertThat(processed.data(event, String.class)).isEqualTo("forty-two");
    }

    @Test
    void dataThatDoesNotBindIsMalformedAndNamesTheEvent() {
        CloudEvent event = processed.parse("""
                {"id":"0192f7a4-1b2c-7d3e-8f40-5a6b7c8d9e0f","type":"x.submitted","data":{"revision":"seven"}}""");
        assertThatThrownBy(() -> processed.data(event, Visit.class)).isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("data of x.submitted 0192f7a4-1b2c-7d3e-8f40-5a6b7c8d9e0f is not a Visit");
    }

    @Test
    void anEventWithoutDataIsMalformed() {
        assertThatThrownBy(() -> processed.parse("{\"id\":\"0192f7a4-1b2c-7d3e-8f40-5a6b7c8d9e0f\",\"type\":\"x.submitted\",\"data\":null}"))
                .isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> processed.parse("{\"id\":\"0192f7a4-1b2c-7d3e-8f40-5a6b7c8d9e0f\",\"type\":\"x.submitted\"}"))
                .isInstanceOf(MalformedEventException.class);
    }
}
