package org.eom.reports.statements;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eom.reports.figures.Phases;
import org.eom.reports.figures.TemplateQuestions;
import org.eom.reports.readmodel.Delegate;
import org.eom.reports.readmodel.Election;
import org.eom.reports.readmodel.Incident;
import org.eom.reports.readmodel.Meeting;
import org.eom.reports.readmodel.Mission;
import org.eom.reports.rendering.Markdown;
import org.eom.reports.statements.SentenceEvidence.Counts;
import org.eom.reports.statements.Topic.Placement;
import org.eom.reports.statements.Topic.Polarity;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.eom.reports.rendering.Markdown.bold;
import static org.eom.reports.rendering.Markdown.escape;

/**
 * Drafts a statement in the shape of an observation mission's preliminary statement, from the
 * mission's data only: heading, introduction (composition, area), pre-election contacts,
 * election day, findings and a conclusion left to the head of mission. Every sentence is written
 * in every supported language and keeps its figures, its sources and (in sentence_evidence) the
 * observations behind it. Nothing here knows any country, organisation or election.
 */
@ApplicationScoped
public class StatementDrafter {

    /** Up to this many stations are named ("polling stations No. 12 and No. 14"); more are counted. */
    static final int MAX_NAMED_STATIONS = 3;
    /** Up to this many districts are named in the area observed. */
    static final int MAX_NAMED_DISTRICTS = 10;

    private static final List<String> AFFILIATIONS = List.of("SECRETARIAT", "CENTRAL_ELECTION_COMMISSION",
            "MINISTRY_OF_FOREIGN_AFFAIRS", "PARLIAMENT", "OTHER");
    private static final List<String> COUNTERPART_KINDS = List.of("POLITICAL_PARTY", "ELECTION_COMMISSION", "GOVERNMENT",
            "CIVIL_SOCIETY", "MEDIA", "OTHER");

    public record Draft(Map<String, String> title, List<Section> sections) {
    }

    /** Everything one draft needs to know, loaded once. */
    private record Context(UUID statementId, Mission mission, Election election, List<TemplateQuestions.Question> questions) {
        UUID missionId() {
            return mission.id;
        }
    }

    private record StationSeen(String number, String district) {
    }

    @Inject
    EntityManager em;

    @Inject
    SentenceEvidence evidence;

    @Inject
    TemplateQuestions templateQuestions;

    /** Drafts from the current data; the statement row must exist, as the evidence refers to it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Draft draft(UUID statementId, Mission mission) {
        Election election = mission.electionId == null ? null : Election.findById(mission.electionId);
        Context context = new Context(statementId, mission, election, templateQuestions.of(mission.id));
        List<Section> sections = List.of(heading(context), introduction(context), contacts(context), electionDay(context),
                findings(context), conclusion());
        return new Draft(SectionBuilder.perLanguage(p -> p.get("title", "mission", mission.name)), sections);
    }

    // --- heading and introduction -------------------------------------------------------------

    private Section heading(Context c) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("mission", c.mission().name);
        figures.put("organisation", c.mission().organisation);
        if (c.election() != null) {
            figures.put("election", c.election().name);
            figures.put("country", c.election().country);
            figures.put("electionDay", Objects.toString(c.election().electionDay, null));
        }
        return new SectionBuilder("heading").add("title", p -> {
            List<String> lines = new ArrayList<>();
            lines.add(bold(escape(c.mission().name)));
            lines.add(bold(escape(c.mission().organisation)));
            if (c.election() != null) {
                lines.add(bold(escape(electionWithCountry(p, c.election()))));
                if (c.election().electionDay != null) {
                    lines.add(bold("(" + p.date(c.election().electionDay) + ")"));
                }
            }
            return String.join("  \n", lines) + "\n\n" + bold(p.get("heading.statement"));
        }, figures, Map.of(), null).build();
    }

    private Section introduction(Context c) {
        SectionBuilder section = new SectionBuilder("introduction");
        Mission mission = c.mission();
        Election election = c.election();
        section.add("observed", p -> {
            if (election == null) {
                return p.get("intro.observed.without-election", "mission", escape(mission.name));
            }
            String day = election.electionDay == null ? "" : p.date(election.electionDay);
            return mentionsCountry(p, election)
                    ? p.get("intro.observed", "mission", escape(mission.name), "election", escape(election.name), "electionDay", day)
                    : p.get("intro.observed.in-country", "mission", escape(mission.name), "election", escape(election.name),
                    "country", escape(p.country(election.country)), "electionDay", day);
        }, figures("mission", mission.name, "election", election == null ? null : election.name), Map.of(), null);

        List<Delegate> delegates = Delegate.<Delegate>list("missionId = ?1 order by fullName, id", mission.id).stream()
                .filter(Delegate::hasAccess).toList();
        if (!delegates.isEmpty()) {
            composition(section, c, delegates);
        }
        area(section, c);
        return section.build();
    }

    private void composition(SectionBuilder section, Context c, List<Delegate> delegates) {
        Map<String, Long> byAffiliation = new TreeMap<>(Comparator.comparing(
                (String a) -> AFFILIATIONS.contains(a) ? AFFILIATIONS.indexOf(a) : AFFILIATIONS.size()).thenComparing(a -> a));
        delegates.forEach(d -> byAffiliation.merge(d.affiliation == null ? "OTHER" : d.affiliation, 1L, Long::sum));
        Map<String, List<UUID>> sources = Map.of("delegates", delegates.stream().map(d -> d.id).toList());
        section.newParagraph().add("composition", p -> p.get("intro.composition",
                "members", p.count("members", delegates.size()),
                "groups", p.list(byAffiliation.entrySet().stream().map(e -> p.get("affiliation.count",
                        "group", affiliationLabel(p, e.getKey(), c.mission()), "n", e.getValue())).toList())),
                figures("members", delegates.size(), "byAffiliation", byAffiliation), sources, null);

        Set<String> states = delegates.stream().map(d -> d.memberState).filter(Objects::nonNull)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        if (states.isEmpty()) {
            return;
        }
        String hostCountry = c.election() == null ? null : c.election().country;
        boolean hostAbsent = hostCountry != null && states.stream().noneMatch(s -> s.equalsIgnoreCase(hostCountry));
        section.add("origin", p -> {
            String names = p.list(states.stream().map(p::country).sorted().map(Markdown::escape).toList());
            return hostAbsent
                    ? p.get("intro.origin.not-host", "states", names, "country", escape(p.country(hostCountry)))
                    : p.get("intro.origin", "states", names);
        }, figures("memberStates", List.copyOf(states), "hostCountryRepresented", !hostAbsent), sources, null);
    }

    private static String affiliationLabel(Phrases p, String affiliation, Mission mission) {
        String key = "affiliation." + affiliation;
        return p.has(key) ? p.get(key, "organisation", escape(mission.organisation)) : escape(affiliation);
    }

    private void area(SectionBuilder section, Context c) {
        List<String> areas = c.mission().areas == null ? List.of() : c.mission().areas;
        @SuppressWarnings("unchecked")
        List<String> districts = em.createNativeQuery("""
                        select district from tally where mission_id = ?1 and phase = 'ALL' and metric = 'VISITS'
                          and district <> '' and observations > 0
                        order by district""")
                .setParameter(1, c.missionId()).getResultList();
        // districts are named unless there are too many, or the areas already name them all
        boolean nameDistricts = !districts.isEmpty() && districts.size() <= MAX_NAMED_DISTRICTS
                && !districts.stream().allMatch(d -> areas.stream().anyMatch(a -> a.toLowerCase(Locale.ROOT).contains(d.toLowerCase(Locale.ROOT))));
        if (areas.isEmpty() && !nameDistricts) {
            return;
        }
        Function<Phrases, String> text = p -> {
            String areaNames = p.list(areas.stream().map(Markdown::escape).toList());
            String districtNames = p.list(districts.stream().map(Markdown::escape).toList());
            if (areas.isEmpty()) {
                return p.get("intro.districts", "districts", districtNames);
            }
            return nameDistricts ? p.get("intro.area.districts", "areas", areaNames, "districts", districtNames)
                    : p.get("intro.area", "areas", areaNames);
        };
        section.newParagraph().add("area", text, figures("areas", areas, "districts", districts), Map.of(), null);
    }

    // --- pre-election contacts ----------------------------------------------------------------

    /** The meetings of one date with one kind of counterpart; a lone meeting is quoted with the person met, if named. */
    private record MeetingGroup(LocalDate date, String kind, List<Meeting> meetings) {
        boolean withPerson() {
            return meetings.size() == 1 && meetings.getFirst().counterpartPerson != null
                    && !meetings.getFirst().counterpartPerson.isBlank();
        }
    }

    private Section contacts(Context c) {
        SectionBuilder section = new SectionBuilder("contacts");
        List<Meeting> meetings = Meeting.list("missionId", c.missionId());
        if (meetings.isEmpty()) {
            return section.add("none", p -> p.get("contacts.none"), Map.of(), Map.of(), null).build();
        }
        List<MeetingGroup> groups = meetingGroups(meetings);
        LocalDate previousDate = null;
        for (int i = 0; i < groups.size(); i++) {
            MeetingGroup group = groups.get(i);
            String opening = i == 0 ? "contacts.first" : group.date().equals(previousDate) ? "contacts.same-day" : "contacts.next";
            previousDate = group.date();
            Map<String, List<UUID>> sources = Map.of("meetings", group.meetings().stream().map(m -> m.id).toList());
            Map<String, Object> figures = figures("date", group.date().toString(), "counterpartKind", group.kind(),
                    "counterparts", group.meetings().stream().map(m -> m.counterpart).toList(),
                    "counterpartPersons", group.meetings().stream().map(m -> m.counterpartPerson).filter(Objects::nonNull).toList());
            section.newParagraph().add("meeting-" + (i + 1), p -> p.get(opening, "date", p.date(group.date()),
                    "counterparts", counterparts(p, group)), figures, sources, null);
            List<String> topics = group.meetings().stream().flatMap(m -> m.topics.stream())
                    .filter(t -> t != null && !t.isBlank()).distinct().toList();
            if (!topics.isEmpty()) {
                section.add("meeting-" + (i + 1) + "-topics", p -> p.get("contacts.topics",
                        "topics", p.list(topics.stream().map(Markdown::escape).toList())),
                        figures("topics", topics), sources, null);
            }
        }
        return section.build();
    }

    private static List<MeetingGroup> meetingGroups(List<Meeting> meetings) {
        Comparator<Meeting> order = Comparator.comparing((Meeting m) -> m.meetingDate)
                .thenComparing(m -> COUNTERPART_KINDS.contains(m.counterpartKind) ? COUNTERPART_KINDS.indexOf(m.counterpartKind) : 99)
                .thenComparing(m -> m.counterpart)
                .thenComparing(m -> m.id);
        List<MeetingGroup> groups = new ArrayList<>();
        for (Meeting m : meetings.stream().sorted(order).toList()) {
            MeetingGroup last = groups.isEmpty() ? null : groups.getLast();
            if (last != null && last.date().equals(m.meetingDate) && last.kind().equals(m.counterpartKind)) {
                last.meetings().add(m);
            } else {
                groups.add(new MeetingGroup(m.meetingDate, m.counterpartKind, new ArrayList<>(List.of(m))));
            }
        }
        return groups;
    }

    private static String counterparts(Phrases p, MeetingGroup group) {
        String kind = p.has("kind." + group.kind() + ".one") ? group.kind() : "OTHER";
        if (group.withPerson()) {
            Meeting m = group.meetings().getFirst();
            return p.get("counterparts.person", "person", escape(m.counterpartPerson), "counterpart", escape(m.counterpart),
                    "kind", p.get("kind." + kind + ".label"));
        }
        List<String> names = group.meetings().stream().map(m -> p.quote(escape(m.counterpart))).toList();
        String kindWords = p.get("kind." + kind + (names.size() == 1 ? ".one" : ".other"));
        return p.get("counterparts.group", "kind", kindWords, "names", p.list(names));
    }

    // --- election day -------------------------------------------------------------------------

    private Section electionDay(Context c) {
        SectionBuilder section = new SectionBuilder("election-day");
        stationsOfPhase(section, c, Phases.OPENING, "opening", "day.opening");
        topics(section, c, Placement.AFTER_OPENING);
        visited(section, c);
        section.newParagraph();
        stationsOfPhase(section, c, Phases.CLOSING_COUNTING, "counting", "day.counting");
        topics(section, c, Placement.AFTER_COUNTING);
        return section.build();
    }

    /** "attended the opening of polling station No. 12 (…)": the stations observed in a phase, named when few. */
    private void stationsOfPhase(SectionBuilder section, Context c, String phase, String name, String phraseKey) {
        String sentenceId = section.sentenceId(name);
        Counts counts = evidence.record(c.statementId(), sentenceId,
                "select o.id, true from observation o where o.mission_id = :mission and o.counted and o.phase = :phase",
                Map.of("mission", c.missionId(), "phase", phase));
        if (counts.observations() == 0) {
            evidence.discard(c.statementId(), sentenceId);
            return;
        }
        List<StationSeen> stations = firstStationsSeen(c.missionId(), phase);
        Map<String, Object> figures = figures("phase", phase, "observations", counts.observations(), "stations", counts.stations(),
                "stationNumbers", counts.stations() <= MAX_NAMED_STATIONS ? stations.stream().map(StationSeen::number).toList() : List.of());
        section.add(name, p -> {
            if (counts.stations() > MAX_NAMED_STATIONS) {
                return p.get(phraseKey + ".many", "stationsAt", p.count("stations.at", counts.stations()));
            }
            List<String> refs = stations.stream().map(s -> stationRef(p, s, c.mission())).toList();
            return p.get(phraseKey + ".listed." + (refs.size() == 1 ? "one" : "other"), "stations", p.list(refs));
        }, figures, Map.of(), counts.evidence());
    }

    private List<StationSeen> firstStationsSeen(UUID missionId, String phase) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select station_number, district from observation
                        where mission_id = ?1 and counted and phase = ?2
                        group by station_id, station_number, district
                        order by min(arrived_at) nulls last, station_number
                        limit ?3""")
                .setParameter(1, missionId).setParameter(2, phase).setParameter(3, MAX_NAMED_STATIONS + 1)
                .getResultList();
        return rows.stream().map(r -> new StationSeen((String) r[0], (String) r[1])).toList();
    }

    /** "No. 12 (North, Capital City)": the district, and the mission's area when it has just one. */
    private static String stationRef(Phrases p, StationSeen station, Mission mission) {
        List<String> place = new ArrayList<>();
        if (station.district() != null && !station.district().isBlank()) {
            place.add(station.district());
        }
        if (mission.areas != null && mission.areas.size() == 1 && !place.contains(mission.areas.getFirst())) {
            place.add(mission.areas.getFirst());
        }
        String number = escape(station.number() == null ? "?" : station.number());
        return place.isEmpty() ? p.get("station.ref", "number", number)
                : p.get("station.ref.place", "number", number, "place", escape(String.join(", ", place)));
    }

    private void visited(SectionBuilder section, Context c) {
        String sentenceId = section.sentenceId("visited");
        Counts counts = evidence.record(c.statementId(), sentenceId,
                "select o.id, true from observation o where o.mission_id = :mission and o.counted", Map.of("mission", c.missionId()));
        if (counts.observations() == 0) {
            evidence.discard(c.statementId(), sentenceId);
            return;
        }
        section.add("visited", p -> p.get("day.visited", "stations", p.count("stations", counts.stations()),
                        "forms", p.count("forms", counts.observations())),
                figures("stations", counts.stations(), "observations", counts.observations()), Map.of(), counts.evidence());
    }

    // --- findings -----------------------------------------------------------------------------

    private Section findings(Context c) {
        SectionBuilder section = new SectionBuilder("findings");
        seriousProblems(section, c);
        for (String phase : phasesObserved(c.missionId())) {
            assessment(section, c, phase);
        }
        section.newParagraph();
        topics(section, c, Placement.FINDINGS);
        section.newParagraph();
        uncataloguedTopics(section, c);
        section.newParagraph();
        incidents(section, c);
        return section.build();
    }

    /** "No serious problems" only when no observation was assessed very bad and no incident was high or critical. */
    private void seriousProblems(SectionBuilder section, Context c) {
        String sentenceId = section.sentenceId("serious-problems");
        Counts counts = evidence.record(c.statementId(), sentenceId, """
                        select o.id, o.overall_assessment = 'VERY_BAD' from observation o
                        where o.mission_id = :mission and o.counted and o.overall_assessment is not null""",
                Map.of("mission", c.missionId()));
        long seriousIncidents = Incident.count("missionId = ?1 and severity in ?2", c.missionId(), Incident.SERIOUS);
        if (counts.observations() == 0 || counts.matching() == 0 && seriousIncidents > 0) {
            evidence.discard(c.statementId(), sentenceId);
            return;
        }
        Map<String, Object> figures = figures("assessedVeryBad", counts.matching(), "assessed", counts.observations(),
                "seriousIncidents", seriousIncidents);
        if (counts.matching() == 0) {
            section.add("serious-problems", p -> p.get("findings.no-serious"), figures, Map.of(), counts.evidence());
        } else {
            section.add("serious-problems", p -> p.get("findings.very-bad",
                    "observationShare", p.countOf("observations.of", counts.matching(), counts.observations())), figures, Map.of(), counts.evidence());
        }
    }

    private List<String> phasesObserved(UUID missionId) {
        @SuppressWarnings("unchecked")
        List<String> phases = em.createNativeQuery("""
                        select phase from tally where mission_id = ?1 and metric = 'VISITS' and phase <> 'ALL'
                        group by phase having sum(observations) > 0""")
                .setParameter(1, missionId).getResultList();
        return phases.stream().sorted(Phases.BY_ELECTION_DAY).toList();
    }

    /** Assessed negatively = (BAD + VERY_BAD) / answered, over observations and over distinct stations. */
    private void assessment(SectionBuilder section, Context c, String phase) {
        String name = "assessment-" + phase.toLowerCase(Locale.ROOT);
        String sentenceId = section.sentenceId(name);
        Counts counts = evidence.record(c.statementId(), sentenceId, """
                        select o.id, o.overall_assessment in ('BAD', 'VERY_BAD') from observation o
                        where o.mission_id = :mission and o.counted and o.phase = :phase and o.overall_assessment is not null""",
                Map.of("mission", c.missionId(), "phase", phase));
        if (counts.observations() == 0) {
            evidence.discard(c.statementId(), sentenceId);
            return;
        }
        Map<String, Object> figures = figures("phase", phase, "negativeObservations", counts.matching(),
                "assessedObservations", counts.observations(), "negativeStations", counts.matchingStations(),
                "assessedStations", counts.stations(),
                "negativeShareOfObservations", (double) counts.matching() / counts.observations(),
                "negativeShareOfStations", (double) counts.matchingStations() / counts.stations());
        section.add(name, p -> {
            String phaseWords = p.has("phase." + phase) ? p.get("phase." + phase) : escape(phase);
            if (counts.matching() == 0) {
                return p.get("assessment.positive", "phase", phaseWords, "observations", p.count("observations", counts.observations()),
                        "stations", p.count("stations", counts.stations()));
            }
            if (p.has("assessment.negative." + phase)) {
                return p.get("assessment.negative." + phase, "countShare", p.countOf("counts.of", counts.matching(), counts.observations()));
            }
            return p.get("assessment.negative", "phase", phaseWords, "percent", p.percent(counts.matching(), counts.observations()),
                    "observationShare", p.countOf("observations.of", counts.matching(), counts.observations()),
                    "stationShare", p.countOf("stations.of", counts.matchingStations(), counts.stations()));
        }, figures, Map.of(), counts.evidence());
    }

    private void topics(SectionBuilder section, Context c, Placement placement) {
        for (Topic topic : Topic.CATALOGUE) {
            if (topic.placement() != placement) {
                continue;
            }
            List<TemplateQuestions.Question> questions = c.questions().stream().filter(q -> topic.key().equals(q.topic())).toList();
            if (questions.isEmpty()) {
                continue;
            }
            String name = "topic-" + topic.key();
            Counts counts = evidence.record(c.statementId(), section.sentenceId(name), topicSelection(topic.polarity(), questions),
                    topicParameters(c.missionId(), questions));
            if (counts.observations() == 0) {
                evidence.discard(c.statementId(), section.sentenceId(name));
                continue;
            }
            Level level = Level.of(counts.matching(), counts.observations());
            section.add(name, p -> p.get("topic." + topic.key() + "." + level.phraseForm(),
                            "quantifier", level.phraseForm().equals("PARTIAL") ? p.get("quantifier." + level) : "",
                            "share", p.countOf("observations.of", counts.matching(), counts.observations()),
                            "total", p.count("observations", counts.observations())),
                    topicFigures(topic.key(), topic.polarity(), level, counts, questions), Map.of(), counts.evidence());
        }
    }

    /** Topics the catalogue does not know: reported by question label when problems were observed. */
    private void uncataloguedTopics(SectionBuilder section, Context c) {
        List<TemplateQuestions.Question> questions = c.questions().stream()
                .filter(q -> q.topic() != null && Topic.of(q.topic()).isEmpty() && !Topic.REPORTED_ELSEWHERE.contains(q.topic())
                        && q.declaresProblems())
                .toList();
        for (TemplateQuestions.Question question : questions) {
            String name = "question-" + question.phase().toLowerCase(Locale.ROOT) + "-" + question.questionId();
            Counts counts = evidence.record(c.statementId(), section.sentenceId(name), topicSelection(Polarity.ADVERSE, List.of(question)),
                    topicParameters(c.missionId(), List.of(question)));
            if (counts.matching() == 0) {
                evidence.discard(c.statementId(), section.sentenceId(name));
                continue;
            }
            Level level = Level.of(counts.matching(), counts.observations());
            section.add(name, p -> p.get("topic.generic." + level.phraseForm(),
                            "question", escape(label(question, p.language())),
                            "quantifier", level.phraseForm().equals("PARTIAL") ? p.get("quantifier." + level) : "",
                            "share", p.countOf("observations.of", counts.matching(), counts.observations()),
                            "total", p.count("observations", counts.observations())),
                    topicFigures(question.topic(), Polarity.ADVERSE, level, counts, List.of(question)), Map.of(), counts.evidence());
        }
    }

    /**
     * Per observation answering one of the questions: does it match the finding? A question whose
     * template names no problem answers is read by its YES; a noted fact is any answer that is
     * neither a problem nor NO / NONE (see docs/statement-thresholds.md). The answer rows are read back from the
     * observation's answer keys ({@code AnswerKeys}).
     */
    private static String topicSelection(Polarity polarity, List<TemplateQuestions.Question> questions) {
        String values = IntStream.range(0, questions.size())
                .mapToObj(i -> "(cast(:phase%d as text), cast(:question%d as text), cast(:declared%d as boolean))".formatted(i, i, i))
                .collect(Collectors.joining(", "));
        String matching = switch (polarity) {
            case ADVERSE -> "bool_or(case when q.declared then a.problem else a.answer = 'YES' end)";
            case EXPECTED -> "bool_and(case when q.declared then not a.problem else a.answer = 'YES' end)";
            case NOTED -> "bool_or(a.answer not in ('NO', 'NONE', '') and not a.problem)";
        };
        return """
                select o.id, %s from observation o
                cross join lateral (select split_part(k, '=', 1) as question_id, substr(k, strpos(k, '=') + 1) as answer,
                                           o.answer_keys @> array[split_part(k, '=', 1) || '!'] as problem
                                    from unnest(o.answer_keys) as k where strpos(k, '=') > 0) as a
                join (values %s) as q(phase, question_id, declared) on q.phase = o.phase and q.question_id = a.question_id
                where o.mission_id = :mission and o.counted
                group by o.id""".formatted(matching, values);
    }

    private static Map<String, Object> topicParameters(UUID missionId, List<TemplateQuestions.Question> questions) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("mission", missionId);
        for (int i = 0; i < questions.size(); i++) {
            parameters.put("phase" + i, questions.get(i).phase());
            parameters.put("question" + i, questions.get(i).questionId());
            parameters.put("declared" + i, questions.get(i).declaresProblems());
        }
        return parameters;
    }

    private static Map<String, Object> topicFigures(String topic, Polarity polarity, Level level, Counts counts,
                                                    List<TemplateQuestions.Question> questions) {
        return figures("topic", topic, "polarity", polarity.name(), "level", level.name(), "matchingObservations", counts.matching(),
                "observations", counts.observations(), "matchingStations", counts.matchingStations(), "stations", counts.stations(),
                "share", (double) counts.matching() / counts.observations(),
                "questions", questions.stream().map(q -> q.phase() + ":" + q.questionId()).toList());
    }

    private static String label(TemplateQuestions.Question question, String language) {
        Map<String, String> label = question.label();
        return label.getOrDefault(language, label.getOrDefault(Phrases.ENGLISH, question.questionId()));
    }

    private void incidents(SectionBuilder section, Context c) {
        List<Incident> incidents = Incident.list("missionId = ?1 order by category, id", c.missionId());
        Map<String, List<UUID>> sources = Map.of("incidents", incidents.stream().map(i -> i.id).toList());
        if (incidents.isEmpty()) {
            section.add("incidents", p -> p.get("incidents.none"), figures("incidents", 0), sources, null);
            return;
        }
        Map<String, Long> byCategory = incidents.stream()
                .collect(Collectors.groupingBy(i -> i.category, TreeMap::new, Collectors.counting()));
        long serious = incidents.stream().filter(i -> Incident.SERIOUS.contains(i.severity)).count();
        section.add("incidents", p -> {
            String categories = p.list(byCategory.entrySet().stream().map(e -> p.get("incidents.category",
                    "category", escape(e.getKey().replace('_', ' ').toLowerCase(Locale.ROOT)), "n", e.getValue())).toList());
            String text = p.get("incidents.reported", "incidents", p.count("incidents", incidents.size()), "categories", categories);
            return serious == 0 ? text : text + " " + p.get("incidents.serious", "n", serious);
        }, figures("incidents", incidents.size(), "byCategory", byCategory, "serious", serious), sources, null);
    }

    private static Section conclusion() {
        return new SectionBuilder("conclusion")
                .add("placeholder", p -> p.get("conclusion.placeholder"), Map.of(), Map.of(), null)
                .build();
    }

    // --- helpers ------------------------------------------------------------------------------

    private static String electionWithCountry(Phrases p, Election election) {
        return mentionsCountry(p, election) ? election.name : election.name + " (" + p.country(election.country) + ")";
    }

    /** Whether the election's name already names its country, in this language (so it is not repeated). */
    private static boolean mentionsCountry(Phrases p, Election election) {
        String country = p.country(election.country);
        return country == null || election.name.toLowerCase(Locale.ROOT).contains(country.toLowerCase(Locale.ROOT));
    }

    /** An ordered map of figures; null values are left out. */
    private static Map<String, Object> figures(Object... pairs) {
        Map<String, Object> figures = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                figures.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return figures;
    }
}
