package org.eom.platform.events;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** The reason a dead letter carries: what an operator needs to see first. */
class EventConsumerTest {

    @Test
    void aMalformedEventSaysWhichEventAndFieldNotTheParsersInnards() {
        RuntimeException failure = new IllegalStateException("rolled back",
                new MalformedEventException("data of x.submitted 42 is not a Data: revision", new NumberFormatException("For input string")));
        assertThat(EventConsumer.reason(failure)).isEqualTo("data of x.submitted 42 is not a Data: revision");
    }

    @Test
    void otherwiseTheInnermostMessageWithTheOuterType() {
        RuntimeException failure = new IllegalStateException("commit failed", new SQLException("duplicate key value", "23505"));
        assertThat(EventConsumer.reason(failure)).isEqualTo("duplicate key value (IllegalStateException)");
        assertThat(EventConsumer.reason(new MalformedEventException(null, null))).isEqualTo("MalformedEventException");
        assertThat(EventConsumer.reason(new NullPointerException())).isEqualTo("NullPointerException");
    }
}
