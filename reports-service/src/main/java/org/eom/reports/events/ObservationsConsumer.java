package org.eom.reports.events;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eom.platform.events.CloudEvent;
import org.eom.platform.events.EventConsumer;
import org.eom.platform.events.ProcessedEvents;
import org.eom.reports.events.ObservationsEventData.IncidentData;
import org.eom.reports.events.ObservationsEventData.ObservationData;
import org.eom.reports.events.ObservationsEventData.TemplateData;
import org.eom.reports.figures.Tallies;
import org.eom.reports.readmodel.ObservationsReadModel;

import java.util.ArrayList;
import java.util.List;

import static org.eom.reports.events.ObservationsEventData.PREFIX;

/** Builds the observations side of the read model, and the counters behind the figures, from eom.observations.v1. */
@ApplicationScoped
public class ObservationsConsumer {

    @Inject
    EventConsumer consumer;

    @Inject
    ProcessedEvents processed;

    @Inject
    Tallies tallies;

    @Inject
    ObservationsReadModel readModel;

    @Incoming("observations-in")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        consumer.consume(records, this::apply);
    }

    /**
     * Templates and incidents are applied first, in the order of the batch, then all the observation snapshots
     * together (a fixed number of statements per batch), then the counter changes, summed, once. Moving the
     * observations after the rest changes nothing that matters: a template version is immutable, so applying it
     * before an observation that came earlier in the batch only means its question types are known (as if the
     * template had arrived earlier), and no incident reads or writes an observation.
     */
    private void apply(List<CloudEvent> events) {
        List<ObservationData> observations = new ArrayList<>();
        for (CloudEvent event : events) {
            switch (event.type()) {
                case PREFIX + "template.published" -> readModel.template(processed.data(event, TemplateData.class));
                // every observation event carries the full current record: the highest revision wins
                case PREFIX + "observation.submitted", PREFIX + "observation.amended", PREFIX + "observation.withdrawn",
                     PREFIX + "observation.reviewed", PREFIX + "observation.flagged" ->
                        observations.add(processed.data(event, ObservationData.class));
                case PREFIX + "incident.recorded" -> readModel.incident(processed.data(event, IncidentData.class));
                default -> {
                    // a type this service does not need (or a newer one): skipped, but still recorded as processed
                }
            }
        }
        Tallies.Changes changes = new Tallies.Changes();
        readModel.observations(observations, changes);
        tallies.apply(changes);
    }
}
