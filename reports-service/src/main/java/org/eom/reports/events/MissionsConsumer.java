package org.eom.reports.events;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eom.platform.events.CloudEvent;
import org.eom.platform.events.EventConsumer;
import org.eom.platform.events.ProcessedEvents;
import org.eom.reports.events.MissionsEventData.DelegateData;
import org.eom.reports.events.MissionsEventData.DeploymentData;
import org.eom.reports.events.MissionsEventData.DeploymentRemoved;
import org.eom.reports.events.MissionsEventData.ElectionData;
import org.eom.reports.events.MissionsEventData.MeetingData;
import org.eom.reports.events.MissionsEventData.MissionData;
import org.eom.reports.events.MissionsEventData.StationsData;
import org.eom.reports.events.MissionsEventData.TeamData;
import org.eom.reports.readmodel.MissionDirectory;
import org.eom.reports.readmodel.MissionsReadModel;

import static org.eom.reports.events.MissionsEventData.PREFIX;

/** Builds the missions side of the read model from eom.missions.v1. */
@ApplicationScoped
public class MissionsConsumer {

    @Inject
    EventConsumer consumer;

    @Inject
    ProcessedEvents processed;

    @Inject
    MissionsReadModel readModel;

    @Inject
    MissionDirectory directory;

    @Incoming("missions-in")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        consumer.consume(records, events -> {
            directory.invalidateAroundCommit();
            events.forEach(this::apply);
        });
    }

    private void apply(CloudEvent event) {
        switch (event.type()) {
            case PREFIX + "election.upserted" -> readModel.election(processed.data(event, ElectionData.class));
            case PREFIX + "mission.upserted" -> readModel.mission(processed.data(event, MissionData.class));
            case PREFIX + "delegate.upserted" -> readModel.delegate(processed.data(event, DelegateData.class));
            case PREFIX + "team.upserted" -> readModel.team(processed.data(event, TeamData.class));
            case PREFIX + "deployment.upserted" -> readModel.deployment(processed.data(event, DeploymentData.class));
            case PREFIX + "deployment.removed" -> readModel.deploymentRemoved(processed.data(event, DeploymentRemoved.class));
            case PREFIX + "polling-stations.upserted" -> readModel.stations(processed.data(event, StationsData.class));
            case PREFIX + "meeting.upserted" -> readModel.meeting(processed.data(event, MeetingData.class));
            default -> {
                // a type this service does not need (or a newer one): skipped, but still recorded as processed
            }
        }
    }
}
