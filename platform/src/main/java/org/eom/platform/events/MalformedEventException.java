package org.eom.platform.events;

/** An incoming record that is not a usable event: {@link EventConsumer} sends it to the dead-letter topic, never retries it. */
public class MalformedEventException extends RuntimeException {
    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
