package org.eom.platform.security;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bearer tokens this instance has verified, so that a token sent again is not verified again (ADR 0021): parsing it
 * and checking its RS256 signature was a fifth of a service's CPU under election-day load, for the same few hundred
 * tokens over and over. quarkus-oidc verifies a token the first time; {@link Remember} keeps the identity it built under
 * the token, and this provider, asked before quarkus-oidc's, answers the token with it until the token expires
 * or {@code eom.security.verified-token-max-age} has passed, whichever is first. Only successes are kept: a refused
 * token is verified (and refused) every time.
 */
@ApplicationScoped
public class VerifiedTokens implements IdentityProvider<TokenAuthenticationRequest> {

    /** A few thousand observers' tokens at a few kilobytes each; beyond it the expired go, then all if need be. */
    private static final int MAX_ENTRIES = 4_096;

    /** Set on the identities answered from here, so that {@link Remember} does not keep them again. */
    private static final String REMEMBERED = "eom.security.remembered";

    /** The attributes that belong to one request: each answer gets the current request's instead. */
    private static final String ROUTING_CONTEXT = RoutingContext.class.getName();
    private static final String REQUEST_CONTEXT = AuthenticationRequestContext.class.getName();

    private record Entry(SecurityIdentity identity, long validUntilMillis) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** How long a key that the identity provider withdraws may still be trusted through a token verified with it. */
    @ConfigProperty(name = "eom.security.verified-token-max-age", defaultValue = "PT60S")
    Duration maxAge;

    /** Before quarkus-oidc's provider (the default priority). */
    @Override
    public int priority() {
        return IdentityProvider.super.priority() + 1;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /** The identity of a token verified before, for this request; no identity (quarkus-oidc verifies it) otherwise. */
    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        if (!(request.getToken() instanceof AccessTokenCredential credential) || maxAge.isZero()) {
            return Uni.createFrom().nullItem();
        }
        Entry entry = entries.get(credential.getToken());
        if (entry == null || System.currentTimeMillis() >= entry.validUntilMillis()) {
            return Uni.createFrom().nullItem();
        }
        RoutingContext routingContext = HttpSecurityUtils.getRoutingContextAttribute(request);
        return Uni.createFrom().item(copyOf(entry.identity())
                .addAttribute(ROUTING_CONTEXT, routingContext)
                .addAttribute(REQUEST_CONTEXT, routingContext == null ? null : routingContext.get(REQUEST_CONTEXT))
                .build());
    }

    void remember(SecurityIdentity identity) {
        AccessTokenCredential credential = identity.getCredential(AccessTokenCredential.class);
        if (credential == null || !(identity.getPrincipal() instanceof JsonWebToken token) || token.getExpirationTime() <= 0
                || maxAge.isZero() || Boolean.TRUE.equals(identity.getAttribute(REMEMBERED))) {
            return;
        }
        long now = System.currentTimeMillis();
        long validUntil = Math.min(token.getExpirationTime() * 1000, now + maxAge.toMillis());
        if (entries.size() >= MAX_ENTRIES) {
            entries.values().removeIf(e -> now >= e.validUntilMillis());
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
        }
        // kept without the request it came with: a finished request's buffers are not held, nor handed to another
        entries.put(credential.getToken(), new Entry(copyOf(identity)
                .addAttribute(ROUTING_CONTEXT, null).addAttribute(REQUEST_CONTEXT, null).addAttribute(REMEMBERED, true)
                .build(), validUntil));
    }

    /**
     * What an identity says about its caller, and nothing that refers back to it. {@code QuarkusSecurityIdentity.builder(identity)}
     * adds a permission checker that holds the identity itself, and with it the request it came with: a remembered
     * partner's identity kept its first batch of a thousand observations, parsed, for as long as the token was kept.
     * quarkus-oidc grants a token's scopes as permissions, not as checkers, so the permissions are all there is to copy.
     */
    private static QuarkusSecurityIdentity.Builder copyOf(SecurityIdentity identity) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .setAnonymous(identity.isAnonymous())
                .addRoles(identity.getRoles())
                .addCredentials(identity.getCredentials())
                .addAttributes(identity.getAttributes())
                .addPermissions(identity instanceof QuarkusSecurityIdentity quarkus ? quarkus.getPermissions() : Set.of());
    }

    /** Keeps each identity that quarkus-oidc built from a bearer token. */
    @ApplicationScoped
    public static class Remember implements SecurityIdentityAugmentor {

        @Inject
        VerifiedTokens verifiedTokens;

        @Override
        public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
            verifiedTokens.remember(identity);
            return Uni.createFrom().item(identity);
        }
    }
}
