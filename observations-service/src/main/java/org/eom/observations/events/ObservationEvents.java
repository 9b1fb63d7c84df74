package org.eom.observations.events;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eom.observations.domain.Form;
import org.eom.observations.domain.VersionKind;
import org.eom.observations.incidents.IncidentView;
import org.eom.platform.events.EventOutbox;

import java.util.Locale;
import java.util.UUID;

/** The events of topic eom.observations.v1 (see docs/events.md), written to the outbox in the caller's transaction. */
@ApplicationScoped
public class ObservationEvents {

    public static final String PREFIX = "org.eom.observations.";
    /** The key of data that belongs to no mission: the shipped templates. */
    public static final UUID NO_MISSION = new UUID(0, 0);

    @Inject
    EventOutbox outbox;

    public void templatePublished(Form form) {
        UUID key = form.missionId() == null ? NO_MISSION : form.missionId();
        outbox.publish(PREFIX + "template.published", key, "forms/" + form.id() + "/versions/" + form.version(), form);
    }

    /**
     * observation.submitted, .amended, .withdrawn, .reviewed or .flagged, with the full current record: a tree, or the
     * record's JSON text already written (a raw value node), which is put into the event as it is.
     */
    public void observation(VersionKind kind, UUID missionId, UUID observationId, JsonNode record) {
        outbox.publish(PREFIX + "observation." + kind.name().toLowerCase(Locale.ROOT), missionId,
                "missions/" + missionId + "/observations/" + observationId, record);
    }

    public void incidentRecorded(IncidentView view) {
        outbox.publish(PREFIX + "incident.recorded", view.missionId(),
                "missions/" + view.missionId() + "/incidents/" + view.id(), view);
    }
}
