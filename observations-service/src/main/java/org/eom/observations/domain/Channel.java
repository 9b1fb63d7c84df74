package org.eom.observations.domain;

/**
 * Through which channel a change came: the web client, the mobile app, a partner system, or this
 * service itself (quality flags). An observation's {@code source} is never SYSTEM.
 */
public enum Channel {
    WEB, MOBILE, PARTNER, SYSTEM
}
