package org.eom.observations.observations;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.Arc;
import org.eom.observations.TestMission;
import org.eom.observations.access.Actor;
import org.eom.observations.domain.Channel;
import org.eom.observations.missions.MissionDirectory;
import org.eom.observations.observations.ObservationService.Submission;

import java.util.Map;

/** Submissions as the API hands them to the write path, for tests that call it directly. */
final class Submissions {

    private Submissions() {
    }

    /** {@code body}: the JSON a phone would send (see {@code Checklists}), submitted by {@code username} through the web. */
    static Submission of(TestMission m, String username, Map<String, Object> body) {
        ObjectMapper mapper = Arc.container().select(ObjectMapper.class).get();
        MissionDirectory directory = Arc.container().select(MissionDirectory.class).get();
        return new Submission(directory.mission(m.missionId()).orElseThrow(), new Actor(username, Channel.WEB),
                mapper.convertValue(body, ObservationRequest.class));
    }
}
