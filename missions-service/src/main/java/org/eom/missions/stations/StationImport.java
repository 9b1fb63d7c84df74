package org.eom.missions.stations;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.eom.missions.domain.PollingStation;
import org.eom.missions.events.MissionEvents;
import org.eom.platform.http.StorableText;
import org.eom.platform.problem.ProblemException;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Upserts stations by number. Used by the single-station endpoint and the CSV import, so both
 * follow one rule: new numbers are created, changed rows updated, identical rows left alone
 * (no new version, no event), which makes re-importing a file a no-op.
 */
@ApplicationScoped
public class StationImport {

    public static final List<String> COLUMNS = List.of("number", "name", "district", "address", "latitude", "longitude", "accessibility");
    private static final Set<String> REQUIRED_COLUMNS = Set.of("number", "name", "district");
    /** A round's changes fit in one event. */
    private static final int ROWS_PER_ROUND = MissionEvents.STATIONS_PER_EVENT;

    @Inject
    Validator validator;

    @Inject
    MissionEvents events;

    public record RowError(int row, String field, String reason) {
    }

    public record ImportResult(int received, int created, int updated, int unchanged, int rejected, List<RowError> errors) {
    }

    @Transactional
    public ImportResult importCsv(UUID electionId, byte[] bytes) {
        List<List<String>> records = parse(bytes);
        if (records.isEmpty() || records.get(0).isEmpty()) {
            throw ProblemException.invalid("body", "the CSV is empty; its first line must be the header " + String.join(",", COLUMNS));
        }
        Map<String, Integer> header = header(records.get(0));
        List<RowError> errors = new ArrayList<>();
        List<StationRow> rows = new ArrayList<>();
        Set<String> seenNumbers = new HashSet<>();
        int received = 0;
        for (int i = 1; i < records.size(); i++) {
            List<String> record = records.get(i);
            if (record.isEmpty()) {
                continue;
            }
            received++;
            int rowNumber = i + 1;
            List<RowError> rowErrors = new ArrayList<>();
            StationRow row = toRow(record, header, rowNumber, rowErrors);
            if (row != null && !seenNumbers.add(row.number())) {
                rowErrors.add(new RowError(rowNumber, "number", "station " + row.number() + " appears earlier in this file"));
            }
            if (rowErrors.isEmpty()) {
                rows.add(row);
            } else {
                errors.addAll(rowErrors);
            }
        }
        ImportResult applied = upsert(electionId, rows);
        int rejected = received - rows.size();
        return new ImportResult(received, applied.created(), applied.updated(), applied.unchanged(), rejected, errors);
    }

    /**
     * Applies the rows in rounds of {@link #ROWS_PER_ROUND}: each round reads the stations its numbers name, writes the
     * changes and their events, and then empties the persistence context. A national list (hundreds of thousands of
     * stations, imported in parts of up to 20 MB) then needs the memory of one round, not of every station of the
     * election: reading them all for each part, or for one station's upsert, ran the service out of memory at
     * 250,000 stations (docs/performance.md, item 51).
     */
    @Transactional
    public ImportResult upsert(UUID electionId, List<StationRow> rows) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        int created = 0;
        int updated = 0;
        for (int from = 0; from < rows.size(); from += ROWS_PER_ROUND) {
            List<StationRow> round = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_ROUND));
            Map<String, PollingStation> existing = PollingStation.<PollingStation>list("electionId = ?1 and number in ?2",
                            electionId, round.stream().map(StationRow::number).toList()).stream()
                    .collect(Collectors.toMap(s -> s.number, Function.identity()));
            List<PollingStation> changed = new ArrayList<>();
            for (StationRow row : round) {
                PollingStation station = existing.get(row.number());
                if (station == null) {
                    station = new PollingStation();
                    station.id = UUID.randomUUID();
                    station.electionId = electionId;
                    row.applyTo(station);
                    station.updatedAt = now;
                    station.persist();
                    created++;
                } else if (!row.sameAs(station)) {
                    row.applyTo(station);
                    station.updatedAt = now;
                    updated++;
                } else {
                    continue;
                }
                changed.add(station);
            }
            events.stations(electionId, changed);
            // the stations and their outbox entries written before they are forgotten
            PollingStation.flush();
            PollingStation.getEntityManager().clear();
        }
        return new ImportResult(rows.size(), created, updated, rows.size() - created - updated, 0, List.of());
    }

    private static List<List<String>> parse(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw ProblemException.invalid("body", "the CSV is not valid UTF-8; save it as UTF-8 and import again");
        }
        String unstorable = StorableText.problem(text);
        if (unstorable != null) {
            throw ProblemException.invalid("body", "the CSV " + unstorable + "; is it really a UTF-8 text file?");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        try {
            return Csv.parse(text);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("body", e.getMessage());
        }
    }

    private static Map<String, Integer> header(List<String> names) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).trim().toLowerCase(Locale.ROOT);
            if (!COLUMNS.contains(name)) {
                throw ProblemException.invalid("header", "unknown column '" + names.get(i) + "'; allowed: " + String.join(",", COLUMNS));
            }
            if (index.put(name, i) != null) {
                throw ProblemException.invalid("header", "column '" + name + "' appears twice");
            }
        }
        List<String> missing = REQUIRED_COLUMNS.stream().filter(c -> !index.containsKey(c)).sorted().toList();
        if (!missing.isEmpty()) {
            throw ProblemException.invalid("header", "missing required columns " + missing);
        }
        return index;
    }

    private StationRow toRow(List<String> record, Map<String, Integer> header, int rowNumber, List<RowError> errors) {
        if (record.size() != header.size()) {
            errors.add(new RowError(rowNumber, "row", "has " + record.size() + " fields, the header has " + header.size()));
            return null;
        }
        Function<String, String> cell = column -> {
            Integer i = header.get(column);
            if (i == null) {
                return null;
            }
            String value = record.get(i).trim();
            return value.isEmpty() ? null : value;
        };
        Double latitude = number(cell.apply("latitude"), "latitude", rowNumber, errors);
        Double longitude = number(cell.apply("longitude"), "longitude", rowNumber, errors);
        String accessibilityCell = cell.apply("accessibility");
        List<String> accessibility = accessibilityCell == null ? List.of()
                : Arrays.stream(accessibilityCell.split(";")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        StationRow row = new StationRow(cell.apply("number"), cell.apply("name"), cell.apply("district"),
                cell.apply("address"), latitude, longitude, accessibility);
        validator.validate(row).stream()
                .sorted(Comparator.comparing((ConstraintViolation<StationRow> v) -> v.getPropertyPath().toString()))
                .forEach(v -> errors.add(new RowError(rowNumber, v.getPropertyPath().toString().replaceAll("\\[.*", ""), v.getMessage())));
        return errors.isEmpty() ? row : null;
    }

    private static Double number(String value, String field, int rowNumber, List<RowError> errors) {
        if (value == null) {
            return null;
        }
        try {
            double parsed = Double.parseDouble(value);
            if (Double.isFinite(parsed)) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        errors.add(new RowError(rowNumber, field, "'" + value + "' is not a number"));
        return null;
    }
}
