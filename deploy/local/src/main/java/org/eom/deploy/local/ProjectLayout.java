package org.eom.deploy.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Where the project is: baked in by the build, or given by -Deom.project.dir / EOM_PROJECT_DIR. */
public final class ProjectLayout {

    public static final String PROPERTY = "eom.project.dir";
    public static final String VARIABLE = "EOM_PROJECT_DIR";

    private ProjectLayout() {
    }

    public static Path projectDir() {
        String explicit = System.getProperty(PROPERTY, System.getenv(VARIABLE));
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath().normalize();
        }
        try (InputStream in = ProjectLayout.class.getResourceAsStream("/eom-local.properties")) {
            if (in == null) {
                throw new IllegalStateException("eom-local.properties is missing: build deploy/local with Maven");
            }
            Properties properties = new Properties();
            properties.load(in);
            String dir = properties.getProperty("project.dir", "");
            if (dir.isBlank() || dir.contains("${")) {
                throw new IllegalStateException("The build did not record the project directory; set " + VARIABLE);
            }
            return Path.of(dir).toAbsolutePath().normalize();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails with the build command when a service has not been packaged. */
    public static void requirePackaged(Path projectDir) {
        List<String> missing = new ArrayList<>();
        for (Service service : Service.values()) {
            if (!Files.isRegularFile(service.jar(projectDir))) {
                missing.add(service.jar(projectDir).toString());
            }
        }
        if (!Files.isRegularFile(projectDir.resolve("deploy").resolve("keycloak").resolve("eom-realm.json"))) {
            missing.add(projectDir.resolve("deploy/keycloak/eom-realm.json").toString());
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Not built yet: " + String.join(", ", missing)
                    + ". Build first, from " + projectDir + ": ./mvnw -q install -DskipTests");
        }
    }
}
