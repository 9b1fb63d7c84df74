package org.eom.platform.events;

/** An incoming record that is not a usable event: the consumer nacks it so it goes to the dead-letter topic. */
public class MalformedEventException extends RuntimeException {
    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
