package org.eom.deploy.local;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceTest {

    @Test
    void portsDefaultAndMoveWithTheirVariables() {
        assertThat(Service.MISSIONS.port(Map.of())).isEqualTo(8081);
        assertThat(Service.OBSERVATIONS.port(Map.of())).isEqualTo(8082);
        assertThat(Service.REPORTS.port(Map.of("EOM_REPORTS_PORT", " 9083 "))).isEqualTo(9083);
        assertThatThrownBy(() -> Service.MISSIONS.port(Map.of("EOM_MISSIONS_PORT", "eighty")))
                .hasMessageContaining("EOM_MISSIONS_PORT must be a port number");
    }

    @Test
    void jvmOptionsDefaultAndAreReplacedByTheirVariable() {
        assertThat(ServiceJvmOptions.from(Map.of())).contains("-Xmx384m", "-XX:SurvivorRatio=4", "-XX:+ExitOnOutOfMemoryError");
        assertThat(ServiceJvmOptions.from(Map.of("EOM_SERVICE_JAVA_OPTS", "  "))).isEqualTo(ServiceJvmOptions.DEFAULT);
        assertThat(ServiceJvmOptions.from(Map.of("EOM_SERVICE_JAVA_OPTS", " -Xmx1g  -XX:+UseG1GC ")))
                .containsExactly("-Xmx1g", "-XX:+UseG1GC");
        assertThat(Stack.Options.localRun(Path.of("/p"), Map.of("EOM_SERVICE_JAVA_OPTS", "-Xmx1g")).serviceJvmOptions())
                .containsExactly("-Xmx1g");
    }

    @Test
    void theJarIsTheQuarkusFastJarOfTheModule() {
        assertThat(Service.OBSERVATIONS.jar(Path.of("/p")))
                .isEqualTo(Path.of("/p/observations-service/target/quarkus-app/quarkus-run.jar"));
    }

    @Test
    void theBuildRecordedTheProjectDirectory() {
        assertThat(ProjectLayout.projectDir().resolve("deploy/keycloak/eom-realm.json")).exists();
    }

    @Test
    void aTakenPortIsReportedWithTheVariableThatMovesIt() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
            Stack.Options options = Stack.Options.localRun(Path.of("/nonexistent"),
                    Map.of("EOM_MISSIONS_PORT", Integer.toString(taken.getLocalPort()),
                            "EOM_OBSERVATIONS_PORT", Integer.toString(taken.getLocalPort())));
            assertThat(new Stack(options).portConflicts())
                    .anySatisfy(c -> assertThat(c).contains("Port " + taken.getLocalPort() + " (missions-service) is already in use")
                            .contains("EOM_MISSIONS_PORT"))
                    .anySatisfy(c -> assertThat(c).contains("configured for both missions-service and observations-service"));
        }
    }
}
