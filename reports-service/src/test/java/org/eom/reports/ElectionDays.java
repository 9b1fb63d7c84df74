package org.eom.reports;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.eom.reports.MissionFixture.conflict;
import static org.eom.reports.MissionFixture.map;

/**
 * Two realistic mini election days with different facts, so tests can check that figures and
 * drafts follow the data and nothing else.
 */
public final class ElectionDays {

    private ElectionDays() {
    }

    /**
     * A small OTS-like mission: meetings on 17 March with three parties and the CEC chairman, the
     * opening at No. 431, voting at six stations (No. 12 twice, by teams that disagree), the
     * count at No. 373: 9 observations at 8 stations in 4 districts.
     */
    public record Astana(MissionFixture fixture, UUID opening, UUID voting12a, UUID voting12b, UUID voting30, UUID voting31,
                         UUID counting) {
    }

    public static Astana astana() {
        MissionFixture f = new MissionFixture()
                .election("KZ", "Elections of Members of the Mazhilis of the Parliament of the Republic of Kazakhstan", "2023-03-19")
                .mission("Organization of Turkic States (OTS)", "International Election Observation Mission", List.of("Astana"))
                .delegate("HEAD_OF_MISSION", "Head of Mission", "AZ", "MINISTRY_OF_FOREIGN_AFFAIRS")
                .delegate("ANALYST", "Report Editor", "TR", "SECRETARIAT")
                .delegate("COORDINATOR", "Team Coordinator", "KG", "CENTRAL_ELECTION_COMMISSION")
                .delegate("OBSERVER", "Field Observer", "UZ", "CENTRAL_ELECTION_COMMISSION")
                .stations("Yesil", "431", "12", "30")
                .stations("Saryarka", "373", "22")
                .stations("Almaty", "15", "20", "40")
                .stations("Nura", "31")
                .meeting("2023-03-17", "Auyl", "POLITICAL_PARTY", "Representatives of the Auyl party", "party programmes",
                        "campaign funding")
                .meeting("2023-03-17", "Nationwide Social Democratic Party", "POLITICAL_PARTY", "Its deputy chairman",
                        "access to the media")
                .meeting("2023-03-17", "Amanat", "POLITICAL_PARTY", null, "the legal framework")
                .meeting("2023-03-17", "Central Election Commission of the Republic of Kazakhstan", "ELECTION_COMMISSION",
                        "Mr. Nurlan Abdirov, Chairman", "international observers", "voting abroad")
                .templates();
        UUID team = f.team("Team 1");
        f.deployment(team, "431", "OPENING").deployment(team, "12", "VOTING").deployment(team, "15", "VOTING")
                .deployment(team, "40", "VOTING").deployment(team, "373", "CLOSING_COUNTING");

        UUID opening = f.observe("OPENING", "431", "GOOD", map("opened_on_time", "YES", "ballot_box_sealed", "YES",
                "unauthorised_persons", "NO", "opening_time", "07:58"));
        UUID voting12a = f.observe("VOTING", "12", "VERY_GOOD", voting("FULL", "YES", "NONE", List.of("none")));
        UUID voting12b = f.observe("VOTING", "12", "BAD", voting("NONE", "YES", "OUTSIDE", List.of("none")),
                List.of(conflict("accessibility", voting12a)));
        f.observe("VOTING", "15", "GOOD", voting("FULL", "YES", "NONE", List.of("none")));
        f.observe("VOTING", "20", "GOOD", voting("PARTIAL", "NO", "INSIDE", List.of("none")));
        f.observe("VOTING", "22", "VERY_GOOD", voting("FULL", "YES", "OUTSIDE", List.of("none")));
        UUID voting30 = f.observe("VOTING", "30", "BAD", voting("FULL", "YES", "NONE", List.of("ballot_stuffing", "carousel")));
        UUID voting31 = f.observe("VOTING", "31", null, voting("FULL", "YES", "NONE", List.of("none")));
        UUID counting = f.observe("CLOSING_COUNTING", "373", "GOOD", map("protocol_posted", "YES", "unauthorised_persons", "NO",
                "notes", "calm and orderly"));
        f.incident("PROCEDURAL", "LOW", "20");
        return new Astana(f, opening, voting12a, voting12b, voting30, voting31, counting);
    }

    private static Map<String, Object> voting(String accessibility, String braille, String exitPolls, List<String> irregularities) {
        return map("campaign_material", "NO", "voter_influence", "NO", "observer_access", "YES", "accessibility", accessibility,
                "braille_templates", braille, "mobile_ballot_box", "YES", "exit_polls", exitPolls, "secrecy", "YES",
                "irregularities", irregularities, "voters_in_queue", 12);
    }

    /** {@link #chisinau()}, once the service has applied its observations, incident and three delegates. */
    public static MissionFixture chisinauLoaded() {
        MissionFixture f = chisinau();
        Api.awaitLoaded(f.missionId, 7, 1, 0);
        Api.awaitRows("delegate", f.missionId, 3);
        return f;
    }

    /**
     * Another organisation, country and day: a host-country member, meetings on two dates, two
     * openings, counts at five stations, one count assessed very bad and a high-severity incident.
     */
    public static MissionFixture chisinau() {
        MissionFixture f = new MissionFixture()
                .election("MD", "Presidential Election", "2024-10-20")
                .mission("Commonwealth Observer Network", "Election Observation Mission to Moldova", List.of("Chisinau", "Balti"))
                .delegate("HEAD_OF_MISSION", "Chief Observer", "AM", "PARLIAMENT")
                .delegate("ANALYST", "Analyst", "MD", "OTHER")
                .delegate("OBSERVER", "Observer", "KZ", "CENTRAL_ELECTION_COMMISSION")
                .stations("Centru", "7", "9", "11")
                .stations("Botanica", "21", "23", "25")
                .meeting("2024-10-17", "TV8", "MEDIA", null, "media coverage")
                .meeting("2024-10-18", "Promo-LEX", "CIVIL_SOCIETY", "Ms. Ana Rusu, Director", "domestic observation")
                .templates();
        f.observe("OPENING", "7", "GOOD", map("opened_on_time", "NO", "ballot_box_sealed", "YES", "unauthorised_persons", "NO"));
        f.observe("OPENING", "9", "GOOD", map("opened_on_time", "NO", "ballot_box_sealed", "YES", "unauthorised_persons", "NO"));
        for (String station : List.of("7", "11", "21", "23", "25")) {
            f.observe("CLOSING_COUNTING", station, station.equals("25") ? "VERY_BAD" : "GOOD",
                    map("protocol_posted", station.equals("25") ? "NO" : "YES", "unauthorised_persons", "NO"));
        }
        f.incident("BALLOT_STUFFING", "HIGH", "25");
        return f;
    }
}
