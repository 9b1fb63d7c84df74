package org.eom.deploy.infra;

import java.util.Map;

/** The Kafka topics of the platform: the single source of their names and partition counts. */
public final class Topics {

    public static final String MISSIONS = "eom.missions.v1";
    public static final String OBSERVATIONS = "eom.observations.v1";
    public static final String REPORTS = "eom.reports.v1";

    public static final String MISSIONS_DLQ = MISSIONS + ".dlq";
    public static final String OBSERVATIONS_DLQ = OBSERVATIONS + ".dlq";
    public static final String REPORTS_DLQ = REPORTS + ".dlq";

    public static final int PARTITIONS = 6;
    /** Dead letters are rare and read by hand: one partition keeps them in order. */
    public static final int DLQ_PARTITIONS = 1;

    /** Topic name to partition count, for every topic above. */
    public static final Map<String, Integer> ALL = Map.of(
            MISSIONS, PARTITIONS,
            OBSERVATIONS, PARTITIONS,
            REPORTS, PARTITIONS,
            MISSIONS_DLQ, DLQ_PARTITIONS,
            OBSERVATIONS_DLQ, DLQ_PARTITIONS,
            REPORTS_DLQ, DLQ_PARTITIONS);

    private Topics() {
    }
}
