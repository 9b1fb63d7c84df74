package org.eom.deploy.e2e;

import org.eom.deploy.infra.KeycloakServer;
import org.eom.deploy.local.Service;
import org.eom.deploy.local.Stack;
import org.eom.deploy.local.http.Api;
import org.eom.deploy.local.http.KeycloakTokens;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.nio.file.Path;

/**
 * The stack the end-to-end test classes run against: PostgreSQL, Kafka and Keycloak with throwaway data on free
 * ports and the three packaged services, started once per test run (Keycloak alone takes minutes on a busy machine)
 * and stopped when the run ends. Each class makes its own election and mission, so none depends on another or on
 * their order. A class asks for it as a parameter of its {@code @BeforeAll} method, with
 * {@code @ExtendWith(E2eStack.Resolver.class)}.
 */
final class E2eStack implements AutoCloseable {

    final Stack stack;
    final Api api = new Api();
    final KeycloakTokens tokens;
    final String missions;
    final String observations;
    final String reports;

    private E2eStack(Stack stack) {
        this.stack = stack;
        this.tokens = new KeycloakTokens(api, stack.keycloak().issuer());
        this.missions = stack.url(Service.MISSIONS) + "/api/v1";
        this.observations = stack.url(Service.OBSERVATIONS) + "/api/v1";
        this.reports = stack.url(Service.REPORTS) + "/api/v1";
    }

    private static E2eStack start() {
        Path projectDir = Path.of(System.getProperty("eom.project.dir", "../..")).toAbsolutePath().normalize();
        Path work = Path.of(System.getProperty("eom.e2e.work", "target/e2e")).toAbsolutePath();
        Stack stack = new Stack(Stack.Options.ephemeral(projectDir, work));
        stack.start(line -> System.out.println("[e2e] " + line));
        return new E2eStack(stack);
    }

    /** A person's token: password grant through the development client eom-web (password = user name). */
    String user(String username) {
        return tokens.password("eom-web", username, username);
    }

    /** A partner's or CEC's token: client credentials (secret = client id + "-secret" in the development realm). */
    String client(String clientId) {
        return tokens.clientCredentials(clientId, clientId + "-secret");
    }

    /** A token of Keycloak's own administrator (master realm): for the admin REST API, or as a valid token of another issuer. */
    String masterAdmin() {
        KeycloakTokens master = new KeycloakTokens(api, stack.keycloak().baseUrl() + "/realms/master");
        return master.password("admin-cli", KeycloakServer.ADMIN_USERNAME, KeycloakServer.ADMIN_PASSWORD);
    }

    @Override
    public void close() {
        api.close();
        stack.close();
    }

    /** Hands each test class the one stack of the run; the root store closes it when the run ends. */
    static final class Resolver implements ParameterResolver {

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == E2eStack.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .computeIfAbsent(E2eStack.class, key -> start(), E2eStack.class);
        }
    }
}
