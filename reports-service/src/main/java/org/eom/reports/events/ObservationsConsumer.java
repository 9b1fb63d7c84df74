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

    /** The counter changes of all the events are summed and applied once, at the end. */
    private void apply(List<CloudEvent> events) {
        Tallies.Changes changes = new Tallies.Changes();
        for (CloudEvent event : events) {
            switch (event.type()) {
                case PREFIX + "template.published" -> readModel.template(processed.data(event, TemplateData.class));
                // every observation event carries the full current record: the highest revision wins
                case PREFIX + "observation.submitted", PREFIX + "observation.amended", PREFIX + "observation.withdrawn",
                     PREFIX + "observation.reviewed", PREFIX + "observation.flagged" ->
                        readModel.observation(processed.data(event, ObservationData.class), changes);
                case PREFIX + "incident.recorded" -> readModel.incident(processed.data(event, IncidentData.class));
                default -> {
                    // a type this service does not need (or a newer one): skipped, but still recorded as processed
                }
            }
        }
        tallies.apply(changes);
    }
}
