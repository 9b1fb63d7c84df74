package org.eom.observations;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eom.deploy.infra.InfraTestResource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The copy of the mission data, built from real records on eom.missions.v1. */
@QuarkusTest
class MissionReadModelTest {

    @Inject
    MissionFeed feed;

    @Test
    void buildsTheMissionCopyFromMissionEvents() {
        TestMission m = feed.mission(3);
        assertThat(feed.count("select count(*) from mission where id = ? and status = 'OBSERVING' and version = 3", m.missionId())).isEqualTo(1);
        assertThat(feed.count("select count(*) from mission_partner where mission_id = ? and client_id = ?", m.missionId(), m.partnerClient())).isEqualTo(1);
        assertThat(feed.count("select count(*) from polling_station where election_id = ?", m.electionId())).isEqualTo(3);
        assertThat(feed.count("select count(*) from delegate where mission_id = ?", m.missionId())).isEqualTo(6);
        assertThat(feed.count("select count(*) from team_member where team_id = ? and username in (?, ?)", m.teamA(), m.observerA1(), m.observerA2())).isEqualTo(2);
        assertThat(feed.count("select count(*) from deployment where team_id = ? and removed = false", m.teamA())).isEqualTo(3);
    }

    @Test
    void olderSnapshotsAndUnknownTypesChangeNothingAndRemovalsStick() {
        TestMission m = feed.mission(2);
        feed.apply("mission.upserted", m.missionId(), MissionFeed.missionData(m, "CLOSED", 2));
        feed.apply("meeting.upserted", m.missionId(), Map.of("id", UUID.randomUUID().toString(), "missionId", m.missionId().toString()));
        feed.apply("something.new", m.missionId(), Map.of("anything", 1));
        assertThat(feed.count("select count(*) from mission where id = ? and status = 'OBSERVING' and version = 3", m.missionId())).isEqualTo(1);

        UUID deployment = UUID.randomUUID();
        feed.apply("deployment.upserted", m.missionId(), MissionFeed.deploymentData(deployment, m, m.teamB(), m.station(1), "VOTING"));
        feed.apply("deployment.removed", m.missionId(), Map.of("id", deployment.toString(), "missionId", m.missionId().toString()));
        feed.apply("deployment.upserted", m.missionId(), MissionFeed.deploymentData(deployment, m, m.teamB(), m.station(1), "VOTING"));
        assertThat(feed.count("select count(*) from deployment where id = ? and removed", deployment)).isEqualTo(1);
    }

    @Test
    void malformedRecordGoesToTheDeadLetterTopicAndTheConsumerGoesOn() {
        String garbage = "not json " + UUID.randomUUID();
        feed.sendRaw("bad-key", garbage);
        UUID missing = UUID.randomUUID();
        // a CloudEvent whose data lacks the mission's election: also unusable
        feed.send("mission.upserted", missing, Map.of("id", missing.toString(), "status", "OBSERVING", "version", 1));

        List<ConsumerRecord<String, String>> dead = InfraTestResource.awaitRecords("eom.missions.v1.dlq",
                r -> r.value().equals(garbage) || r.value().contains(missing.toString()), 2);
        assertThat(dead).hasSize(2);

        TestMission next = feed.mission(2);
        assertThat(feed.count("select count(*) from mission where id = ?", next.missionId())).isEqualTo(1);
        assertThat(feed.count("select count(*) from mission where id = ?", missing)).isZero();
    }
}
