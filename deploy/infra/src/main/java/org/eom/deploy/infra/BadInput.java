package org.eom.deploy.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A corpus of malformed requests, generated from one valid request per write endpoint, and the rules every
 * answer must follow: never a 5xx; every 4xx is {@code application/problem+json} whose {@code status} is the
 * HTTP status, naming the field when a field was broken; a refused request leaves the endpoint's read-back
 * (a GET the test chooses) unchanged. Cases marked {@link Expect#MAY_ACCEPT} are odd but possibly valid
 * (emoji, injection strings, a missing optional field...): they may be accepted, never answered with a 5xx.
 * <p>
 * Value mutations are chosen by the shape of the valid value: a UUID gets a non-UUID, a date an impossible
 * date, an upper-case word (an enum constant) an unknown constant. So valid bodies should not use upper-case
 * words or UUID-shaped text for free-text fields.
 */
public final class BadInput {

    public enum Expect { REFUSED, MAY_ACCEPT }

    /** One request of the corpus; {@code field} is the body path (a.0.b) or path variable it breaks, if any. */
    public record Case(String name, String field, String path, String contentType, byte[] body, Expect expect) {
    }

    /**
     * A write endpoint: its OpenAPI method and path template, a concrete URL, the token of a caller allowed to
     * write, a supplier of a fresh valid body (a new client-chosen id each time, so accepted cases never
     * turn later ones into replays), the URL whose GET must not change when a request is refused, and headers
     * computed before each request (a current If-Match).
     */
    public record Endpoint(String method, String template, String url, String token, String contentType,
                           Supplier<String> validBody, String readBack, Supplier<Map<String, String>> headers,
                           String itemPrefix, Predicate<String> itemRefused) {

        public static Endpoint json(String method, String template, String url, String token, Supplier<String> validBody,
                                    String readBack) {
            return new Endpoint(method, template, url, token, "application/json", validBody, readBack, Map::of, null, null);
        }

        public static Endpoint csv(String method, String template, String url, String token, Supplier<String> validBody,
                                   String readBack) {
            return new Endpoint(method, template, url, token, "text/csv", validBody, readBack, Map::of, null, null);
        }

        public static Endpoint noBody(String method, String template, String url, String token, String readBack) {
            return new Endpoint(method, template, url, token, null, null, readBack, Map::of, null, null);
        }

        /** Sends If-Match with the ETag that a GET of {@code resource} answers at that moment. */
        public Endpoint ifMatchOf(String resource) {
            return new Endpoint(method, template, url, token, contentType, validBody, readBack,
                    () -> Map.of("If-Match", etag(resource, token)), itemPrefix, itemRefused);
        }

        /**
         * The fields under {@code prefix} belong to items that are accepted or refused one by one (a partner batch):
         * breaking one may be answered 2xx when the answer says that item was refused, and nothing was written.
         */
        public Endpoint itemsJudgedSeparately(String prefix, Predicate<String> refusedInAnswer) {
            return new Endpoint(method, template, url, token, contentType, validBody, readBack, headers, prefix, refusedInAnswer);
        }

        public String operation() {
            return method + " " + template;
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();
    private static final String LONE_SURROGATE = "\u0001lone-surrogate\u0001";
    private static final Pattern UUID_SHAPE = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern DATE_SHAPE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern DATE_TIME_SHAPE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T.*");
    private static final Pattern TIME_SHAPE = Pattern.compile("\\d{2}:\\d{2}");
    private static final Pattern ENUM_SHAPE = Pattern.compile("[A-Z][A-Z0-9_]+");
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");
    private static final int HUGE = 100_000;
    private static final int MANY = 10_001;
    /** Odd but possibly valid text: right-to-left override, 4-byte emoji, combining and zero-width marks, injections. */
    static final Map<String, String> ODD_TEXT = Map.of(
            "rtl override", "\u202Eevil.exe\u202C \u05E9\u05DC\u05D5\u05DD",
            "4-byte emoji", "\uD83D\uDDF3\uFE0F \uD83D\uDC4D\uD83C\uDFFD \uD801\uDC37",
            "combining and zero-width marks", "e\u0301\u200B\u200D\uFEFF",
            "sql injection", "x'); drop table observation; --",
            "html injection", "<script>alert(document.cookie)</script>",
            "csv formula injection", "=cmd|' /C calc'!A0");

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    private static URI base;

    private BadInput() {
    }

    /**
     * Sends the corpus of every endpoint and fails with every broken rule at once. Prints, per endpoint, how many
     * requests were sent and how they were answered.
     */
    public static void check(URI serviceBase, List<Endpoint> endpoints) {
        base = serviceBase;
        List<String> failures = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            Map<Integer, Integer> statuses = new TreeMap<>();
            List<Case> cases = corpus(endpoint);
            String before = read(endpoint);
            for (Case c : cases) {
                Answer answer = send(endpoint, c);
                statuses.merge(answer.status, 1, Integer::sum);
                boolean itemRefused = endpoint.itemPrefix() != null && c.field() != null && c.field().startsWith(endpoint.itemPrefix())
                        && answer.status < 300 && endpoint.itemRefused().test(answer.body);
                String failure = itemRefused ? null : judge(c, answer);
                String after = read(endpoint);
                if (failure == null && (answer.status >= 400 || itemRefused) && !after.equals(before)) {
                    failure = "was refused with " + answer.status + " but " + endpoint.readBack() + " changed";
                }
                if (failure != null) {
                    failures.add(endpoint.operation() + " [" + c.name() + "] " + failure + ": " + abbreviate(answer.body));
                }
                before = after;
            }
            // the valid request proves the endpoint's line is right; an odd case may already have done what it does
            boolean accepted = statuses.keySet().stream().anyMatch(status -> status < 300);
            Answer valid = send(endpoint, validCase(endpoint));
            if (valid.status >= 300 && !accepted) {
                failures.add(endpoint.operation() + " [the valid request] was answered " + valid.status + ": " + abbreviate(valid.body));
            }
            System.out.printf("bad input: %s: %d requests, answered %s%n", endpoint.operation(), cases.size(), statuses);
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " malformed requests were mishandled:\n" + String.join("\n", failures));
        }
    }

    /** Fails if the service's OpenAPI document has a POST, PUT, PATCH or DELETE operation that no endpoint covers. */
    public static void requireCovered(URI serviceBase, List<Endpoint> endpoints) {
        base = serviceBase;
        JsonNode document = parse(get("/q/openapi?format=json", null).body);
        Set<String> covered = new TreeSet<>();
        endpoints.forEach(e -> covered.add(e.operation()));
        Set<String> missing = new TreeSet<>();
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            String method = operation.getKey().toUpperCase();
            if (Set.of("POST", "PUT", "PATCH", "DELETE").contains(method) && !covered.contains(method + " " + path.getKey())) {
                missing.add(method + " " + path.getKey());
            }
        }));
        if (!missing.isEmpty()) {
            throw new AssertionError("write operations without a bad-input corpus (add one line for each): " + missing);
        }
    }

    public static List<Case> corpus(Endpoint endpoint) {
        List<Case> cases = new ArrayList<>(pathCases(endpoint));
        if (endpoint.validBody() == null) {
            return cases;
        }
        if (endpoint.contentType().equals("text/csv")) {
            cases.addAll(csvCases(endpoint));
        } else {
            cases.addAll(syntaxCases(endpoint));
            JsonNode valid = parse(endpoint.validBody().get());
            walk(valid, "", 0, (path, value) -> cases.addAll(fieldCases(endpoint, path, value)));
        }
        return cases;
    }

    private static Case validCase(Endpoint e) {
        return new Case("valid", null, e.url(), e.contentType(), e.validBody() == null ? null : utf8(e.validBody().get()), Expect.MAY_ACCEPT);
    }

    private static List<Case> pathCases(Endpoint e) {
        List<Case> cases = new ArrayList<>();
        Map<String, String> variables = variables(e.template(), e.url());
        byte[] body = e.validBody() == null ? null : utf8(e.validBody().get());
        variables.forEach((name, value) -> {
            Function<String, String> with = replacement -> e.url().replace("/" + value, "/" + URLEncoder.encode(replacement, StandardCharsets.UTF_8)
                    .replace("+", "%20"));
            cases.add(new Case("path {" + name + "} with NUL", name, with.apply("a\u0000b"), e.contentType(), body, Expect.REFUSED));
            cases.add(new Case("path {" + name + "} not a UUID", name, with.apply("not-a-uuid"), e.contentType(), body, Expect.MAY_ACCEPT));
            cases.add(new Case("path {" + name + "} unknown", name, with.apply(UUID.randomUUID().toString()), e.contentType(), body, Expect.MAY_ACCEPT));
            cases.add(new Case("path {" + name + "} sql injection", name, with.apply("' or '1'='1"), e.contentType(), body, Expect.MAY_ACCEPT));
            cases.add(new Case("path {" + name + "} 2,000 characters", name, with.apply("x".repeat(2000)), e.contentType(), body, Expect.MAY_ACCEPT));
        });
        return cases;
    }

    private static List<Case> syntaxCases(Endpoint e) {
        String valid = e.validBody().get();
        String json = e.contentType();
        List<Case> cases = new ArrayList<>();
        Function<String, String> fresh = ignored -> e.validBody().get();
        cases.add(bodyCase(e, "empty body", json, "", Expect.REFUSED));
        cases.add(bodyCase(e, "not JSON", json, "observation: yes", Expect.REFUSED));
        cases.add(bodyCase(e, "truncated in the middle", json, valid.substring(0, valid.length() / 2), Expect.REFUSED));
        cases.add(bodyCase(e, "last brace missing", json, valid.substring(0, valid.length() - 1), Expect.REFUSED));
        cases.add(bodyCase(e, "trailing content", json, fresh.apply(null) + " {}", Expect.REFUSED));
        cases.add(bodyCase(e, "array instead of object", json, "[" + fresh.apply(null) + "]", Expect.REFUSED));
        cases.add(bodyCase(e, "JSON null", json, "null", Expect.REFUSED));
        cases.add(bodyCase(e, "a string", json, "\"observation\"", Expect.REFUSED));
        cases.add(bodyCase(e, "a number", json, "42", Expect.REFUSED));
        cases.add(bodyCase(e, "nested 5,000 deep", json, "[".repeat(5000) + "]".repeat(5000), Expect.REFUSED));
        cases.add(bodyCase(e, "extra field nested 5,000 deep", json,
                "{\"nested\":" + "[".repeat(5000) + "]".repeat(5000) + "," + fresh.apply(null).substring(1), Expect.REFUSED));
        cases.add(bodyCase(e, "extra field", json, "{\"unexpectedField\":1," + fresh.apply(null).substring(1), Expect.REFUSED));
        Map.Entry<String, JsonNode> first = parse(valid).fields().next();
        cases.add(bodyCase(e, "duplicate key", json, "{" + text(JSON.getNodeFactory().textNode(first.getKey())) + ":" + text(first.getValue())
                + "," + fresh.apply(null).substring(1), Expect.REFUSED));
        byte[] brokenUtf8 = utf8(fresh.apply(null).replaceFirst(":\"", ":\"\u0001"));
        for (int i = 0; i < brokenUtf8.length; i++) {
            if (brokenUtf8[i] == 1) {
                brokenUtf8[i] = (byte) 0xC3; // a lead byte followed by '(' is not UTF-8
                brokenUtf8 = insert(brokenUtf8, i + 1, (byte) '(');
                break;
            }
        }
        cases.add(new Case("invalid UTF-8 in a string", null, e.url(), json, brokenUtf8, Expect.REFUSED));
        cases.add(new Case("UTF-16 body", null, e.url(), json, fresh.apply(null).getBytes(StandardCharsets.UTF_16), Expect.MAY_ACCEPT));
        cases.add(bodyCase(e, "text/plain", "text/plain", fresh.apply(null), Expect.REFUSED));
        cases.add(bodyCase(e, "application/xml", "application/xml", "<observation><id>1</id></observation>", Expect.REFUSED));
        cases.add(bodyCase(e, "form-urlencoded", "application/x-www-form-urlencoded", "id=1&name=x", Expect.REFUSED));
        cases.add(bodyCase(e, "no content type", null, fresh.apply(null), Expect.MAY_ACCEPT));
        cases.add(bodyCase(e, "charset parameter", "application/json; charset=utf-8", fresh.apply(null), Expect.MAY_ACCEPT));
        return cases;
    }

    private static List<Case> csvCases(Endpoint e) {
        String valid = e.validBody().get();
        String csv = e.contentType();
        List<Case> cases = new ArrayList<>();
        cases.add(bodyCase(e, "empty CSV", csv, "", Expect.REFUSED));
        cases.add(new Case("Latin-1 encoded", null, e.url(), csv, withCell(valid, "\u00D6skemen").getBytes(StandardCharsets.ISO_8859_1), Expect.REFUSED));
        cases.add(new Case("UTF-16 encoded", null, e.url(), csv, valid.getBytes(StandardCharsets.UTF_16), Expect.REFUSED));
        cases.add(new Case("binary", null, e.url(), csv, new byte[]{(byte) 0x89, 'P', 'N', 'G', 0, 0, (byte) 0xFF, (byte) 0xFE}, Expect.REFUSED));
        cases.add(bodyCase(e, "NUL in a cell", csv, withCell(valid, "a\u0000b"), Expect.REFUSED));
        cases.add(bodyCase(e, "unterminated quote", csv, valid + "\"unterminated,x\n", Expect.REFUSED));
        cases.add(bodyCase(e, "unknown column", csv, "bogus," + valid, Expect.REFUSED));
        cases.add(bodyCase(e, "application/json", "application/json", valid, Expect.REFUSED));
        ODD_TEXT.forEach((name, text) -> cases.add(bodyCase(e, name + " in a cell", csv, withCell(valid, text), Expect.MAY_ACCEPT)));
        cases.add(bodyCase(e, "100,000-character cell", csv, withCell(valid, "x".repeat(HUGE)), Expect.MAY_ACCEPT));
        return cases;
    }

    /** The CSV with the second cell of its first row replaced by {@code text}, quoted. */
    private static String withCell(String csv, String text) {
        String[] lines = csv.split("\n", -1);
        String[] cells = lines[1].split(",", -1);
        cells[1] = '"' + text.replace("\"", "\"\"") + '"';
        lines[1] = String.join(",", cells);
        return String.join("\n", lines);
    }

    private static List<Case> fieldCases(Endpoint e, String path, JsonNode value) {
        List<Case> cases = new ArrayList<>();
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        cases.add(mutated(e, path, "missing", null, Expect.MAY_ACCEPT));
        cases.add(mutated(e, path, "null", nodes.nullNode(), Expect.MAY_ACCEPT));
        if (value.isTextual()) {
            String text = value.textValue();
            cases.add(mutated(e, path, "an object for a string", nodes.objectNode(), Expect.REFUSED));
            // Jackson also reads a date as [year, month, day], and an empty array as no date
            boolean date = DATE_SHAPE.matcher(text).matches() || DATE_TIME_SHAPE.matcher(text).matches();
            cases.add(mutated(e, path, "an array for a string", nodes.arrayNode(), date ? Expect.MAY_ACCEPT : Expect.REFUSED));
            cases.add(mutated(e, path, "100,000 characters", nodes.textNode("x".repeat(HUGE)), Expect.REFUSED));
            cases.add(mutated(e, path, "NUL character", nodes.textNode("a\u0000b"), Expect.REFUSED));
            cases.add(mutated(e, path, "lone surrogate", nodes.textNode(LONE_SURROGATE), Expect.REFUSED));
            cases.add(mutated(e, path, "a number for a string", nodes.numberNode(12345), Expect.MAY_ACCEPT));
            ODD_TEXT.forEach((name, odd) -> cases.add(mutated(e, path, name, nodes.textNode(odd), Expect.MAY_ACCEPT)));
            if (UUID_SHAPE.matcher(text).matches()) {
                cases.add(mutated(e, path, "not a UUID", nodes.textNode("not-a-uuid"), Expect.REFUSED));
            } else if (DATE_SHAPE.matcher(text).matches()) {
                cases.add(mutated(e, path, "impossible date", nodes.textNode("2023-02-30"), Expect.REFUSED));
            } else if (DATE_TIME_SHAPE.matcher(text).matches()) {
                cases.add(mutated(e, path, "impossible date-time", nodes.textNode("2023-02-30T25:61:00+06:00"), Expect.REFUSED));
            } else if (TIME_SHAPE.matcher(text).matches()) {
                cases.add(mutated(e, path, "impossible time", nodes.textNode("25:61"), Expect.REFUSED));
            } else if (ENUM_SHAPE.matcher(text).matches()) {
                cases.add(mutated(e, path, "unknown constant", nodes.textNode("NOT_A_VALUE"), Expect.REFUSED));
            }
        } else if (value.isNumber()) {
            cases.add(mutated(e, path, "a word for a number", nodes.textNode("many"), Expect.REFUSED));
            cases.add(mutated(e, path, "1e400", nodes.numberNode(new java.math.BigDecimal("1e400")), Expect.REFUSED));
            cases.add(mutated(e, path, "beyond a long", nodes.numberNode(new java.math.BigInteger("99999999999999999999")), Expect.MAY_ACCEPT));
            cases.add(mutated(e, path, "negative", nodes.numberNode(-1), Expect.MAY_ACCEPT));
            cases.add(mutated(e, path, "fraction", nodes.numberNode(1.5), Expect.MAY_ACCEPT));
            cases.add(mutated(e, path, "an object for a number", nodes.objectNode(), Expect.REFUSED));
        } else if (value.isBoolean()) {
            cases.add(mutated(e, path, "a word for a boolean", nodes.textNode("maybe"), Expect.REFUSED));
            cases.add(mutated(e, path, "a number for a boolean", nodes.numberNode(7), Expect.MAY_ACCEPT));
            cases.add(mutated(e, path, "an object for a boolean", nodes.objectNode(), Expect.REFUSED));
        } else if (value.isArray()) {
            cases.add(mutated(e, path, "a string for an array", nodes.textNode("x"), Expect.REFUSED));
            cases.add(mutated(e, path, "an object for an array", nodes.objectNode(), Expect.REFUSED));
            ArrayNode many = nodes.arrayNode();
            JsonNode element = value.isEmpty() ? nodes.textNode("x") : value.get(0);
            for (int i = 0; i < MANY; i++) {
                many.add(element);
            }
            cases.add(mutated(e, path, "10,001 elements", many, Expect.REFUSED));
        } else if (value.isObject()) {
            cases.add(mutated(e, path, "a string for an object", nodes.textNode("x"), Expect.REFUSED));
            cases.add(mutated(e, path, "an array for an object", nodes.arrayNode(), Expect.REFUSED));
        }
        return cases;
    }

    /** The fresh valid body with the value at {@code path} replaced ({@code null} removes it). */
    private static Case mutated(Endpoint e, String path, String name, JsonNode replacement, Expect expect) {
        JsonNode body = parse(e.validBody().get());
        String[] steps = path.split("\\.");
        JsonNode parent = body;
        for (int i = 0; i < steps.length - 1; i++) {
            parent = parent.isArray() ? parent.get(Integer.parseInt(steps[i])) : parent.get(steps[i]);
        }
        String last = steps[steps.length - 1];
        if (parent instanceof ObjectNode object) {
            if (replacement == null) {
                object.remove(last);
            } else {
                object.set(last, replacement);
            }
        } else if (parent instanceof ArrayNode array) {
            if (replacement == null) {
                array.remove(Integer.parseInt(last));
            } else {
                array.set(Integer.parseInt(last), replacement);
            }
        }
        String text;
        try {
            text = JSON.writeValueAsString(body);
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        // Jackson will not write an unpaired surrogate: put its JSON escape in by hand
        text = text.replace(JSON_ESCAPED_LONE_SURROGATE, "a\\ud800b");
        return new Case(path + ": " + name, path, e.url(), e.contentType(), utf8(text), expect);
    }

    private static final String JSON_ESCAPED_LONE_SURROGATE = "\\u0001lone-surrogate\\u0001";

    /** Calls {@code visit} for every field of {@code node}, three levels deep, the first element of each array. */
    private static void walk(JsonNode node, String prefix, int depth, java.util.function.BiConsumer<String, JsonNode> visit) {
        if (depth > 3) {
            return;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String path = prefix + field.getKey();
                visit.accept(path, field.getValue());
                walk(field.getValue(), path + ".", depth + 1, visit);
            }
        } else if (node.isArray() && !node.isEmpty()) {
            visit.accept(prefix + "0", node.get(0));
            walk(node.get(0), prefix + "0.", depth + 1, visit);
        }
    }

    /** Why the answer breaks the rules, or null. */
    private static String judge(Case c, Answer answer) {
        if (answer.status >= 500) {
            return "was answered " + answer.status;
        }
        if (answer.status < 400) {
            return c.expect() == Expect.REFUSED ? "was accepted with " + answer.status : null;
        }
        if (answer.contentType == null || !answer.contentType.startsWith("application/problem+json")) {
            return "was answered " + answer.status + " as " + answer.contentType + ", not application/problem+json";
        }
        JsonNode problem;
        try {
            problem = JSON.readTree(answer.body);
        } catch (IOException ex) {
            return "answered a problem that is not JSON";
        }
        if (problem.path("status").asInt() != answer.status) {
            return "answered a problem whose status is not " + answer.status;
        }
        if (answer.status == 400 && c.field() != null && c.expect() == Expect.REFUSED) {
            String leaf = c.field().substring(c.field().lastIndexOf('.') + 1);
            boolean named = false;
            for (JsonNode error : problem.path("errors")) {
                String field = error.path("field").asText().replaceAll("\\[(\\d+)]", ".$1");
                // answers of a checklist are named by question (answers.turnout), not by position
                named |= field.startsWith(c.field().split("\\.")[0] + ".") && c.field().matches(".*\\.\\d+(\\..*)?")
                        || field.equals(c.field()) || field.endsWith("." + leaf) || field.equals(leaf)
                        || field.startsWith(c.field() + ".") || c.field().startsWith(field + ".");
            }
            if (!named) {
                return "was refused without naming " + c.field();
            }
        }
        return null;
    }

    private record Answer(int status, String contentType, String body) {
    }

    private static Answer send(Endpoint e, Case c) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(c.path())).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + e.token()).header("Accept", "application/json");
        e.headers().get().forEach(request::header);
        if (c.contentType() != null) {
            request.header("Content-Type", c.contentType());
        }
        request.method(e.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(c.body()));
        return exchange(request.build());
    }

    private static String read(Endpoint e) {
        Answer answer = get(e.readBack(), e.token());
        if (answer.status != 200) {
            throw new IllegalStateException("read-back " + e.readBack() + " answered " + answer.status + ": " + abbreviate(answer.body));
        }
        return answer.body;
    }

    private static String etag(String resource, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(resource)).header("Authorization", "Bearer " + token).GET();
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return response.headers().firstValue("ETag").orElseThrow(() -> new IllegalStateException(resource + " has no ETag"));
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static Answer get(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(120)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return exchange(request.build());
    }

    private static Answer exchange(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null), response.body());
        } catch (IOException ex) {
            return new Answer(599, null, "no answer: " + ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static Map<String, String> variables(String template, String url) {
        Map<String, String> values = new LinkedHashMap<>();
        String[] names = template.split("/");
        String[] parts = url.split("\\?")[0].split("/");
        for (int i = 0; i < names.length && i < parts.length; i++) {
            Matcher variable = VARIABLE.matcher(names[i]);
            if (variable.matches()) {
                values.put(variable.group(1), parts[i]);
            }
        }
        return values;
    }

    private static Case bodyCase(Endpoint e, String name, String contentType, String body, Expect expect) {
        return new Case(name, null, e.url(), contentType, utf8(body), expect);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException ex) {
            throw new IllegalArgumentException("not JSON: " + abbreviate(json), ex);
        }
    }

    private static String text(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] insert(byte[] bytes, int at, byte b) {
        byte[] longer = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, longer, 0, at);
        longer[at] = b;
        System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
        return longer;
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
