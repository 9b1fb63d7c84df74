package org.eom.platform.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, as Keycloak describes them: a person by {@code preferred_username}, a partner
 * or CEC system by the client id ({@code azp}) of its client-credentials token. Roles come from
 * {@code realm_access.roles} (configured with quarkus.oidc.roles.role-claim-path).
 */
@RequestScoped
public class CurrentUser {

    public static final String ADMIN = "admin";
    public static final String HEAD_OF_MISSION = "head-of-mission";
    public static final String COORDINATOR = "coordinator";
    public static final String OBSERVER = "observer";
    public static final String ANALYST = "analyst";
    public static final String PARTNER = "partner";
    public static final String CEC = "cec";

    @Inject
    SecurityIdentity identity;

    @Inject
    JsonWebToken token;

    public String username() {
        String preferred = token.getClaim("preferred_username");
        return preferred != null ? preferred : identity.getPrincipal().getName();
    }

    /** The OAuth client the token was issued to: a partner's or CEC's own credentials. */
    public String clientId() {
        String azp = token.getClaim("azp");
        return azp != null ? azp : token.getClaim("client_id");
    }

    public boolean hasRole(String role) {
        return identity.hasRole(role);
    }

    public boolean isAdmin() {
        return identity.hasRole(ADMIN);
    }
}
