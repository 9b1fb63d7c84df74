package org.eom.observations.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eom.observations.access.Actor;
import org.eom.observations.access.MissionAccess;
import org.eom.observations.missions.Mission;
import org.eom.observations.observations.ObservationRequest;
import org.eom.observations.observations.ObservationService;
import org.eom.observations.observations.ObservationService.Submission;
import org.eom.observations.observations.ObservationService.Submitted;
import org.eom.observations.observations.SubmissionWriter;
import org.eom.platform.problem.Problem;
import org.eom.platform.problem.Problem.FieldError;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Bulk upload for partner systems (and offline clients catching up): one result per item, one bad item never fails the others. */
@Path("/api/v1/missions/{missionId}/observations/batch")
@Tag(name = "Observations")
public class ObservationBatchResource {

    public static final int MAX_ITEMS = 1000;

    public enum ItemOutcome {
        CREATED, REPLAY, CONFLICT, INVALID,
        /** Something unexpected went wrong with this item only; retrying it is safe. */
        FAILED
    }

    /** Items are read one by one, so that an item that is not even a valid observation fails alone. */
    public record BatchRequest(@NotNull @Size(min = 1, max = MAX_ITEMS) List<BatchItem> items) {
    }

    /**
     * One item as read from the batch: its id if it has one, and its request, or the error that kept it from being
     * read ({@code field} null: the item is not an object). Each item's JSON tree is read and let go at once: kept
     * for the whole batch, a thousand items' trees were the largest thing a service held while a batch was stored,
     * and they outlived the young generation (docs/performance.md item 38). Documented as what a partner sends.
     */
    @JsonDeserialize(using = BatchItem.Reader.class)
    @Schema(implementation = ObservationRequest.class)
    public record BatchItem(UUID id, ObservationRequest request, FieldError unreadable) {

        static final class Reader extends StdDeserializer<BatchItem> {

            Reader() {
                super(BatchItem.class);
            }

            @Override
            public BatchItem deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                JsonNode json = context.readTree(parser);
                if (json == null || !json.isObject()) {
                    return getNullValue(context);
                }
                UUID id = idOf(json);
                try {
                    return new BatchItem(id, context.readTreeAsValue(json, ObservationRequest.class), null);
                } catch (JsonProcessingException e) {
                    return new BatchItem(id, null, new FieldError(fieldOf(e), e.getOriginalMessage()));
                }
            }

            /** JSON null, like any other item that is not an object, fails alone. */
            @Override
            public BatchItem getNullValue(DeserializationContext context) {
                return new BatchItem(null, null, new FieldError(null, "must be an observation object"));
            }
        }
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record ItemResult(int index, UUID id, ItemOutcome outcome, Long revision, String detail, List<FieldError> errors) {
    }

    public record BatchResult(int received, Map<ItemOutcome, Long> outcomes, List<ItemResult> results) {
    }

    @Inject
    MissionAccess access;

    @Inject
    SubmissionWriter writer;

    @Inject
    Validator validator;


    /** Waits for its group commit on a virtual thread, so that a flood of uploads holds no worker thread (ADR 0033). */
    @RunOnVirtualThread
    @POST
    @RolesAllowed({Roles.ADMIN, Roles.OBSERVER, Roles.PARTNER})
    @Operation(summary = "Submit up to " + MAX_ITEMS + " observations at once (same callers and rules as a single submission). "
            + "Each item gets its own result: CREATED, REPLAY, CONFLICT (amend instead), INVALID with its errors, or FAILED "
            + "(retrying it is safe); one bad item never fails the others. Retrying the whole batch is safe.")
    public BatchResult submit(@PathParam("missionId") UUID missionId, @Valid @NotNull BatchRequest batch) {
        Mission mission = access.mission(missionId);
        Actor actor = access.requireSubmit(mission);
        ItemResult[] results = new ItemResult[batch.items().size()];
        List<Item> valid = new ArrayList<>();
        for (int i = 0; i < batch.items().size(); i++) {
            Item item = read(i, batch.items().get(i));
            if (item.invalid() != null) {
                results[i] = item.invalid();
            } else {
                valid.add(item);
            }
        }
        List<Submitted> stored = writer.submitAll(valid.stream().map(item -> new Submission(mission, actor, item.request())).toList());
        for (int i = 0; i < valid.size(); i++) {
            results[valid.get(i).index()] = result(mission, valid.get(i), stored.get(i));
        }
        Map<ItemOutcome, Long> outcomes = Arrays.stream(results).collect(Collectors.groupingBy(ItemResult::outcome,
                () -> new EnumMap<>(ItemOutcome.class), Collectors.counting()));
        return new BatchResult(results.length, outcomes, List.of(results));
    }

    /** An item that is a valid observation request, or the result that says why it is not. */
    private record Item(int index, UUID id, ObservationRequest request, ItemResult invalid) {
    }

    private Item read(int index, BatchItem item) {
        if (item.unreadable() != null) {
            FieldError error = item.unreadable();
            String field = error.field() == null ? "items[" + index + "]" : error.field();
            return new Item(index, item.id(), null, invalid(index, item.id(), List.of(new FieldError(field, error.reason()))));
        }
        List<FieldError> violations = validator.validate(item.request()).stream()
                .map(v -> new FieldError(v.getPropertyPath().toString(), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field)).toList();
        return new Item(index, item.id(), item.request(), violations.isEmpty() ? null : invalid(index, item.id(), violations));
    }

    private static ItemResult result(Mission mission, Item item, Submitted stored) {
        int index = item.index();
        UUID id = item.id();
        if (stored.refused() != null) {
            Problem problem = stored.refused().problem();
            return new ItemResult(index, id, ItemOutcome.INVALID, null, problem.detail(), problem.errors());
        }
        if (stored.failed() != null) {
            return new ItemResult(index, id, ItemOutcome.FAILED, null, "unexpected error; this item may be retried", List.of());
        }
        ObservationService.Result result = stored.result();
        return switch (result.outcome()) {
            case CREATED -> new ItemResult(index, id, ItemOutcome.CREATED, result.observation().revision, null, List.of());
            case REPLAY -> new ItemResult(index, id, ItemOutcome.REPLAY, result.observation().revision, null, List.of());
            default -> new ItemResult(index, id, ItemOutcome.CONFLICT, null, ObservationResource.idConflict(mission.id, id).detail(), List.of());
        };
    }

    private static ItemResult invalid(int index, UUID id, List<FieldError> errors) {
        String detail = errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).reason() : errors.size() + " fields are invalid";
        return new ItemResult(index, id, ItemOutcome.INVALID, null, detail, errors);
    }

    private static UUID idOf(JsonNode item) {
        try {
            return UUID.fromString(item.path("id").asText());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String fieldOf(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()))
                    .collect(Collectors.joining("."));
        }
        return "body";
    }
}
