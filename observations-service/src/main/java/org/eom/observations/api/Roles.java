package org.eom.observations.api;

/** Role names for @RolesAllowed (annotations need compile-time constants). */
public final class Roles {
    public static final String ADMIN = "admin";
    public static final String HEAD = "head-of-mission";
    public static final String COORDINATOR = "coordinator";
    public static final String OBSERVER = "observer";
    public static final String ANALYST = "analyst";
    public static final String PARTNER = "partner";

    private Roles() {
    }
}
