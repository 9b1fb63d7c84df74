package org.eom.observations.forms;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eom.observations.domain.Form;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The default checklists every mission can use as they are (one per phase, plus the incident report),
 * shipped as JSON resources. At startup each version that is not stored yet is stored and published;
 * a changed default is a new file with a higher version, never an edit of an old one.
 */
@ApplicationScoped
public class ShippedTemplates {

    static final List<String> RESOURCES = List.of(
            "forms/opening-v1.json",
            "forms/voting-v1.json",
            "forms/closing-counting-v1.json",
            "forms/tabulation-v1.json",
            "forms/incident-v1.json");

    @Inject
    ObjectMapper mapper;

    @Inject
    Templates templates;

    @Inject
    EntityManager em;

    void publishAtStartup(@Observes StartupEvent startup) {
        QuarkusTransaction.requiringNew().run(this::publishMissing);
    }

    private void publishMissing() {
        // Instances starting together take turns, so each version is published once.
        em.createNativeQuery("select pg_advisory_xact_lock(hashtext('eom-shipped-templates'))").getSingleResult();
        for (String resource : RESOURCES) {
            Form form = read(resource);
            if (form.missionId() != null) {
                throw new IllegalStateException(resource + " is shipped and must not name a mission");
            }
            if (templates.find(form.id(), form.version()).isEmpty()) {
                templates.publish(form, "system");
            }
        }
    }

    private Form read(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("shipped template " + resource + " is missing");
            }
            return mapper.readValue(in, Form.class);
        } catch (IOException e) {
            throw new UncheckedIOException("shipped template " + resource + " is not a valid form", e);
        }
    }
}
