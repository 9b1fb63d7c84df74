package org.eom.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Election day, all at once: delegates submitting single observations (a few re-sending one, as phones do), partner
 * systems posting batches, analysts reading the summary and its drill-downs and exporting CSV. Submissions and reads
 * run open loop: each request is due at its scheduled moment, whatever the earlier ones are doing, and its latency
 * counts from that moment; a service that falls behind shows as latency, not as a lower offered rate (no coordinated
 * omission). Each kind of traffic has its own bound on requests in flight, its connection pool.
 */
final class LoadPlan {

    static final String SUBMIT = "submit";
    static final String REPLAY = "submit replay";
    static final String BATCH = "partner batch";
    static final String SUMMARY = "summary";
    static final String DRILL_DOWN = "drill-down";
    static final String EXPORT = "export CSV";
    static final String SYNC = "phone sync";
    static final String PRELOAD = "preload batch";
    static final String FLOOD_TOKEN = "flood token";
    static final String FLOOD_UPLOAD = "flood upload";
    static final String FLOOD_CATCH_UP = "flood catch-up";

    private static final int BATCH_LANE = 4;
    private static final int ANALYST_LANE = 8;
    private static final int SYNC_LANE = 8;
    private static final int SYNC_PAGE = 500;
    private static final Duration EXPORT_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration LINKS_EVERY = Duration.ofSeconds(5);
    /** Long enough for the requests in flight at the end to answer; a saturated run's backlog is given up after it. */
    private static final Duration GRACE = Duration.ofSeconds(10);
    /** A request that waited this long for a free connection is dropped, so that a stalled service cannot hold the run. */
    private static final Duration BACKLOG = Duration.ofSeconds(30);
    /** A partner system's bulk upload waits minutes rather than give up on a batch the service is still storing. */
    private static final Duration BATCH_TIMEOUT = Duration.ofMinutes(5);

    /** One export: how long, how much, and observations-service's memory before and at its highest meanwhile. */
    record ExportRun(double seconds, long rows, long bytes, double serviceMemoryBeforeMb, double serviceMemoryPeakMb) {
    }

    private final Options options;
    private final Http http;
    private final Keycloak keycloak;
    private final Setup.Mission mission;
    private final Observations observations;
    private final Ledger ledger;
    private final Freshness freshness;
    private final ProcessStats processes;
    private final String collection;
    /** The observers whose phones sync during the load: the first {@code --phones} of them (none without syncs). */
    private final List<String> phones;
    /** The observers whose phones were offline for hours and come back together: the last {@code --flood-phones}. */
    private final List<String> floodPhones;
    /** Each observer's phone keeps the cursor of its last complete sync, as the app does (docs/sync-protocol.md). */
    private final Map<String, String> syncCursors = new ConcurrentHashMap<>();
    /** The offline token each flood phone received when its observer signed in on the app (eom-mobile). */
    private final Map<String, String> offlineTokens = new ConcurrentHashMap<>();
    private final AtomicInteger analystTurn = new AtomicInteger();
    private final AtomicReference<List<String>> drillDowns = new AtomicReference<>(List.of());
    private final AtomicLong linksReadAt = new AtomicLong(Long.MIN_VALUE / 2);
    private final List<ExportRun> exports = new ArrayList<>();
    private volatile FloodRun flood;

    LoadPlan(Options options, Http http, Keycloak keycloak, Setup.Mission mission, Observations observations, Ledger ledger,
             Freshness freshness, ProcessStats processes) {
        this.options = options;
        this.http = http;
        this.keycloak = keycloak;
        this.mission = mission;
        this.observations = observations;
        this.ledger = ledger;
        this.freshness = freshness;
        this.processes = processes;
        this.collection = options.observationsUrl() + "/api/v1/missions/" + mission.missionId() + "/observations";
        List<String> observers = mission.observers();
        this.phones = options.syncRate() > 0 ? observers.subList(0, options.phones()) : List.of();
        this.floodPhones = observers.subList(observers.size() - options.floodPhones(), observers.size());
    }

    /** Runs every kind of traffic for the duration; returns when the last request has answered. */
    void run(Duration duration, Recorder recorder, boolean measured) {
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Thread> senders = new ArrayList<>();
        senders.addAll(openLoop(options.rate(), start, end, options.connections(), recorder.op(SUBMIT),
                intended -> submitOne(intended, recorder, measured)));
        senders.addAll(openLoop(options.batchRate(), start, end, BATCH_LANE, recorder.op(BATCH),
                intended -> submitBatch(intended, options.batchSize(), keycloak.partner(), recorder.op(BATCH))));
        senders.addAll(openLoop(options.summaryRate(), start, end, ANALYST_LANE, recorder.op(SUMMARY),
                intended -> readSummary(intended, recorder.op(SUMMARY))));
        senders.addAll(openLoop(options.drilldownRate(), start, end, ANALYST_LANE, recorder.op(DRILL_DOWN),
                intended -> drillDown(intended, recorder.op(DRILL_DOWN))));
        senders.addAll(openLoop(options.syncRate(), start, end, SYNC_LANE, recorder.op(SYNC),
                intended -> syncPhone(intended, recorder.op(SYNC))));
        if (measured && !options.exportInterval().isZero()) {
            senders.add(Thread.ofVirtual().start(() -> exportEvery(options.exportInterval(), end, recorder.op(EXPORT))));
        }
        if (measured && !floodPhones.isEmpty()) {
            long back = start + duration.toNanos() / 2;
            senders.add(Thread.ofVirtual().start(() -> flood(back, recorder)));
        }
        try {
            for (Thread sender : senders) {
                sender.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Requests at a fixed rate from {@code start} to {@code end}, sent by {@code connections} threads, each with one
     * request in flight at most (the lane's connection pool): a thread takes the next moment of the schedule, waits
     * for it if it is still to come, and sends. A request whose moment has passed has waited for a free connection,
     * and that wait is part of its latency. A service that cannot keep up would keep the run going for as long as
     * its backlog lasts, so a request still waiting {@link #GRACE} after the end is given up and counted as "not sent"
     * with the time it waited; one that waited {@link #BACKLOG} is dropped as "client-backlog" and the next is taken.
     *
     * <p>A thread per connection, not a virtual thread per request waiting for a permit: at a thousand requests a
     * second the hand-offs between threads (a timed wait for each permit, a wake-up for each start and each answer)
     * cost the generator a third of its CPU, taken from the two cores the stack under test shares with it
     * (docs/performance.md, item 46).
     */
    private List<Thread> openLoop(double rate, long start, long end, int connections, Recorder.Op op, LongConsumer request) {
        if (rate <= 0) {
            return List.of();
        }
        double period = 1e9 / rate;
        long giveUp = end + GRACE.toNanos();
        AtomicLong next = new AtomicLong();
        List<Thread> senders = new ArrayList<>();
        for (int connection = 0; connection < connections; connection++) {
            senders.add(Thread.ofPlatform().name("bench-" + op.name().replace(' ', '-') + "-" + connection).start(() -> {
                for (long k = next.getAndIncrement(); ; k = next.getAndIncrement()) {
                    long intended = start + (long) (k * period);
                    if (intended >= end) {
                        return;
                    }
                    long now = waitUntil(intended);
                    if (now > giveUp) {
                        op.error("not sent", now - intended);
                    } else if (now - intended > BACKLOG.toNanos()) {
                        op.dropped("client-backlog");
                    } else {
                        request.accept(intended);
                    }
                }
            }));
        }
        return senders;
    }

    /** Parks until {@code moment} (System.nanoTime()) and returns the time it woke. */
    private static long waitUntil(long moment) {
        long now;
        while ((now = System.nanoTime()) < moment) {
            LockSupport.parkNanos(moment - now);
        }
        return now;
    }

    /** A fresh observation (201 expected) or, now and then, one sent again (200 expected, stored once). */
    private void submitOne(long intended, Recorder recorder, boolean measured) {
        long replayOf = ThreadLocalRandom.current().nextDouble() < options.replayShare()
                ? ledger.recentSingle(ThreadLocalRandom.current().nextInt()) : -1;
        long seq = replayOf >= 0 ? replayOf : ledger.nextSeq();
        Recorder.Op op = recorder.op(replayOf >= 0 ? REPLAY : SUBMIT);
        int expected = replayOf >= 0 ? 200 : 201;
        Http.Response response = http.send(Http.request(collection, keycloak.user(observations.observer(seq)))
                .header("Content-Type", "application/json").POST(Http.json(observations.json(seq))));
        long now = System.nanoTime();
        if (response.status() == expected) {
            op.ok(now - intended, 1);
            if (expected == 201) {
                ledger.accepted(seq, true);
                freshness.accepted(now, 1, measured);
            }
        } else {
            op.error(Http.describe(response.status()), now - intended);
            if (response.status() < 0) {
                ledger.uncertain(seq);
            }
        }
    }

    /** A batch sent with {@code token}: each item stands alone, CREATED ones are counted; other item outcomes are errors. */
    private long submitBatch(long intended, int size, String token, Recorder.Op op) {
        return submitBatch(intended, size, token, op, null);
    }

    /**
     * As above; with {@code busyAnswers}, a 503 is not an error but counted there, and the same batch is sent again
     * after its Retry-After, as the app does (docs/sync-protocol.md).
     */
    private long submitBatch(long intended, int size, String token, Recorder.Op op, AtomicLong busyAnswers) {
        long[] seqs = new long[size];
        ObjectNode batch = Http.JSON.createObjectNode();
        var items = batch.putArray("items");
        for (int i = 0; i < size; i++) {
            seqs[i] = ledger.nextSeq();
            items.add(observations.body(seqs[i]));
        }
        Supplier<Http.Response> send = () -> http.send(Http.request(collection + "/batch", token)
                .header("Content-Type", "application/json").POST(Http.json(batch)), BATCH_TIMEOUT);
        Http.Response response = send.get();
        while (response.status() == 503 && busyAnswers != null) {
            busyAnswers.incrementAndGet();
            String retryAfter = response.header("Retry-After");
            waitUntil(System.nanoTime() + Duration.ofSeconds(retryAfter == null ? 5 : Long.parseLong(retryAfter.trim())).toNanos());
            response = send.get();
        }
        long now = System.nanoTime();
        if (response.status() != 200) {
            op.error(Http.describe(response.status()), now - intended);
            if (response.status() < 0) {
                for (long seq : seqs) {
                    ledger.uncertain(seq);
                }
            }
            return 0;
        }
        int created = 0;
        for (JsonNode result : response.json().path("results")) {
            long seq = seqs[result.path("index").asInt()];
            String outcome = result.path("outcome").asText();
            if (outcome.equals("CREATED")) {
                ledger.accepted(seq, false);
                created++;
            } else {
                op.dropped("item " + outcome);
            }
        }
        freshness.accepted(now, created, false);
        op.ok(now - intended, created);
        return created;
    }

    /**
     * The summary, as an analyst's dashboard refreshes it; its count feeds the freshness measure. The summary is
     * large (hundreds of kB), so only its total is read on every answer, and its links now and then, to keep the
     * generator's own CPU off the machine it shares with the services.
     */
    private void readSummary(long intended, Recorder.Op op) {
        Http.Response response = http.get(summaryUrl(), analystToken());
        long now = System.nanoTime();
        if (response.status() != 200) {
            op.error(Http.describe(response.status()), now - intended);
            return;
        }
        op.ok(now - intended, 0);
        freshness.counted(now, totalObservations(response.body()));
        long last = linksReadAt.get();
        if (now - last > LINKS_EVERY.toNanos() && linksReadAt.compareAndSet(last, now)) {
            drillDowns.set(response.json().findValuesAsText("href"));
        }
    }

    /** total.observations of a summary, read without building the whole tree (it comes first). */
    static long totalObservations(String summary) {
        try (JsonParser parser = Http.JSON.getFactory().createParser(summary)) {
            int depth = 0;
            boolean inTotal = false;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    depth++;
                } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    depth--;
                    inTotal &= depth >= 2;
                } else if (token == JsonToken.FIELD_NAME && depth == 1 && parser.currentName().equals("total")) {
                    inTotal = true;
                } else if (token == JsonToken.FIELD_NAME && depth == 2 && inTotal && parser.currentName().equals("observations")) {
                    parser.nextToken();
                    return parser.getLongValue();
                }
            }
            throw new IllegalStateException("The summary has no total.observations");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One of the latest summary's links: the records behind a figure. */
    private void drillDown(long intended, Recorder.Op op) {
        List<String> links = drillDowns.get();
        if (links.isEmpty()) {
            op.dropped("no summary yet");
            return;
        }
        String link = links.get(ThreadLocalRandom.current().nextInt(links.size()));
        Http.Response response = http.get(options.reportsUrl() + link, analystToken());
        long now = System.nanoTime();
        if (response.status() == 200) {
            op.ok(now - intended, 0);
        } else {
            op.error(Http.describe(response.status()), now - intended);
        }
    }

    /**
     * Every phone does its first sync before election day, as the app is set up (all the election's stations, the
     * templates): the load's syncs are then the catch-ups of phones in use, and the flood's those of phones offline
     * since. Not measured.
     */
    void setUpPhones(Consumer<String> progress) {
        List<String> all = new ArrayList<>(phones);
        all.addAll(floodPhones);
        if (all.isEmpty()) {
            return;
        }
        progress.accept("First sync of " + all.size() + " observers' phones …");
        Set<String> offlineForHours = Set.copyOf(floodPhones);
        Setup.parallel(all, observer -> {
            String token;
            if (offlineForHours.contains(observer)) {
                Keycloak.PhoneSession session = keycloak.signInPhone(observer);
                offlineTokens.put(observer, session.offlineToken());
                token = session.accessToken();
            } else {
                token = keycloak.user(observer);
            }
            CatchUp first = catchUp(observer, token);
            if (first.refusedStatus() != 0) {
                throw new IllegalStateException("A phone's first sync was refused: " + Http.describe(first.refusedStatus()));
            }
        });
    }

    /**
     * What the flood did: how many phones came back and what they stored; when the first came back, when the last
     * upload was answered and when the last catch-up ended (System.nanoTime()); how many times an upload was
     * answered 503 and sent again.
     */
    record FloodRun(int phones, int backlog, Duration spread, long stored, long busyAnswers, long firstBack,
                    long lastUploadAnswered, long lastCatchUpEnded) {
    }

    /**
     * A region's network comes back: each of its phones, offline since its first sync, comes back at its moment in
     * the spread, exchanges its offline token for an access token at Keycloak (its sign-in session has long ended),
     * uploads the forms it held as one batch, sending it again after Retry-After when it is answered 503, and then
     * catches up, as the app does after a long offline period (docs/sync-protocol.md). The upload's time counts from
     * the phone's return, its token included. One thread per phone: each phone is its own device, so nothing waits
     * for a connection but the servers.
     */
    private void flood(long firstBack, Recorder recorder) {
        int count = floodPhones.size();
        long spread = options.floodSpread().toNanos();
        AtomicLong stored = new AtomicLong();
        AtomicLong busyAnswers = new AtomicLong();
        AtomicLong lastUpload = new AtomicLong(firstBack);
        AtomicLong lastCatchUp = new AtomicLong(firstBack);
        List<Thread> devices = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String observer = floodPhones.get(i);
            long back = firstBack + spread * i / count;
            devices.add(Thread.ofVirtual().start(() -> {
                waitUntil(back);
                Http.Response refreshed = keycloak.refreshPhone(offlineTokens.get(observer));
                if (refreshed.status() != 200) {
                    recorder.op(FLOOD_TOKEN).error(Http.describe(refreshed.status()), System.nanoTime() - back);
                    return;
                }
                recorder.op(FLOOD_TOKEN).ok(System.nanoTime() - back, 0);
                String token = refreshed.json().path("access_token").asText();
                stored.addAndGet(submitBatch(back, options.floodBacklog(), token, recorder.op(FLOOD_UPLOAD), busyAnswers));
                long uploaded = System.nanoTime();
                lastUpload.accumulateAndGet(uploaded, Math::max);
                CatchUp catchUp = catchUp(observer, token);
                long caughtUp = System.nanoTime();
                if (catchUp.refusedStatus() != 0) {
                    recorder.op(FLOOD_CATCH_UP).error(Http.describe(catchUp.refusedStatus()), caughtUp - uploaded);
                } else {
                    recorder.op(FLOOD_CATCH_UP).ok(caughtUp - uploaded, catchUp.rows());
                }
                lastCatchUp.accumulateAndGet(caughtUp, Math::max);
            }));
        }
        for (Thread device : devices) {
            try {
                device.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        flood = new FloodRun(count, options.floodBacklog(), options.floodSpread(), stored.get(), busyAnswers.get(), firstBack,
                lastUpload.get(), lastCatchUp.get());
    }

    /** The measured run's flood, or null when it had none. */
    FloodRun flood() {
        return flood;
    }

    /** A random phone catching up from the cursor of its last sync; items are the rows it received. */
    private void syncPhone(long intended, Recorder.Op op) {
        String observer = phones.get(ThreadLocalRandom.current().nextInt(phones.size()));
        CatchUp catchUp = catchUp(observer, keycloak.user(observer));
        long now = System.nanoTime();
        if (catchUp.refusedStatus() != 0) {
            op.error(Http.describe(catchUp.refusedStatus()), now - intended);
        } else {
            op.ok(now - intended, catchUp.rows());
        }
    }

    /** The rows a phone's catch-up received, and the status of the page that was refused (0: none was). */
    private record CatchUp(long rows, int refusedStatus) {
    }

    /** Every page from the phone's stored cursor until {@code hasMore} is false, then the new cursor is stored. */
    private CatchUp catchUp(String observer, String token) {
        String cursor = syncCursors.get(observer);
        long rows = 0;
        boolean more = true;
        while (more) {
            String url = options.observationsUrl() + "/api/v1/sync?limit=" + SYNC_PAGE
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            Http.Response response = http.get(url, token);
            if (response.status() != 200) {
                return new CatchUp(rows, response.status());
            }
            JsonNode page = response.json();
            for (String section : List.of("missions", "templates", "stations", "observations")) {
                rows += page.path(section).size();
            }
            cursor = page.path("cursor").asText();
            more = page.path("hasMore").asBoolean();
        }
        syncCursors.put(observer, cursor);
        return new CatchUp(rows, 0);
    }

    /** One export at a time, the next one {@code interval} after the previous started, until the load ends. */
    private void exportEvery(Duration interval, long end, Recorder.Op op) {
        long next = System.nanoTime() + interval.toNanos() / 2;
        while (next < end) {
            LockSupport.parkNanos(next - System.nanoTime());
            long started = System.nanoTime();
            double before = processes.memoryNowMb("observations-service");
            ExportResult result = export(id -> { });
            long finished = System.nanoTime();
            if (result.status() == 200) {
                op.ok(finished - started, result.rows());
                synchronized (exports) {
                    exports.add(new ExportRun((finished - started) / 1e9, result.rows(), result.bytes(), before,
                            processes.memoryPeakMb("observations-service", started, finished)));
                }
            } else {
                op.error(Http.describe(result.status()), finished - started);
            }
            next = Math.max(started + interval.toNanos(), finished);
        }
    }

    List<ExportRun> exports() {
        synchronized (exports) {
            return List.copyOf(exports);
        }
    }

    record ExportResult(int status, long rows, long bytes, String failure) {
    }

    /** The mission's CSV export, streamed; each row's id goes to {@code ids}. */
    ExportResult export(Consumer<UUID> ids) {
        String url = options.observationsUrl() + "/api/v1/missions/" + mission.missionId() + "/export?format=csv";
        return http.stream(url, analystToken(), EXPORT_TIMEOUT, new Http.StreamReader<>() {
            @Override
            public ExportResult read(int status, InputStream body) throws IOException {
                if (status != 200) {
                    return new ExportResult(status, 0, 0, new String(body.readNBytes(600), StandardCharsets.UTF_8));
                }
                long[] bytes = {0};
                InputStream counting = new FilterInputStream(body) {
                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        int n = super.read(b, off, len);
                        bytes[0] += Math.max(0, n);
                        return n;
                    }
                };
                long rows = scanCsv(new InputStreamReader(counting, StandardCharsets.UTF_8), id -> ids.accept(UUID.fromString(id)));
                return new ExportResult(200, rows, bytes[0], null);
            }

            @Override
            public ExportResult failed(int status, Exception cause) {
                return new ExportResult(status, 0, 0, cause.toString());
            }
        });
    }

    /**
     * Bulk-loads observations the fastest way the API offers, full partner batches with a few in flight (closed
     * loop: this measures capacity, not latency under a given rate); returns how many were stored.
     */
    long preload(long count, Recorder recorder, Consumer<String> progress) {
        Recorder.Op op = recorder.op(PRELOAD);
        AtomicLong remaining = new AtomicLong(count);
        AtomicLong stored = new AtomicLong();
        AtomicLong busyAnswers = new AtomicLong();
        long start = System.nanoTime();
        Thread reporter = Thread.ofVirtual().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    return;
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                progress.accept(String.format(Locale.ROOT, "  preloaded %,d of %,d (%.0f/s)", stored.get(), count,
                        stored.get() / seconds));
            }
        });
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < options.preloadConcurrency(); w++) {
                workers.execute(() -> {
                    long size;
                    while ((size = take(remaining, 1000)) > 0) {
                        stored.addAndGet(submitBatch(System.nanoTime(), (int) size, keycloak.partner(), op));
                    }
                });
            }
        } finally {
            reporter.interrupt();
        }
        return stored.get();
    }

    private static long take(AtomicLong remaining, long most) {
        long before;
        long taken;
        do {
            before = remaining.get();
            taken = Math.min(before, most);
        } while (taken > 0 && !remaining.compareAndSet(before, before - taken));
        return taken;
    }

    /** The summary's count of observations as an analyst sees it now, or -1 when it does not answer. */
    long countedNow() {
        Http.Response response = http.get(summaryUrl(), analystToken());
        long now = System.nanoTime();
        if (response.status() != 200) {
            return -1;
        }
        long counted = totalObservations(response.body());
        freshness.counted(now, counted);
        return counted;
    }

    private String summaryUrl() {
        return options.reportsUrl() + "/api/v1/missions/" + mission.missionId() + "/summary";
    }

    private String analystToken() {
        List<String> names = mission.analysts();
        return keycloak.user(names.get(Math.floorMod(analystTurn.getAndIncrement(), names.size())));
    }

    /**
     * Counts the records of an RFC 4180 text after its header and hands over each one's first field (the id):
     * quoted fields may hold commas and line breaks, so lines are not records.
     */
    static long scanCsv(Reader in, Consumer<String> firstField) throws IOException {
        char[] buffer = new char[1 << 16];
        StringBuilder first = new StringBuilder();
        boolean quoted = false;
        boolean inFirst = true;
        boolean header = true;
        boolean pending = false;
        long records = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            for (int i = 0; i < n; i++) {
                char c = buffer[i];
                if (c == '"') {
                    quoted = !quoted; // a doubled quote inside a quoted field toggles twice
                } else if (quoted) {
                    if (inFirst) {
                        first.append(c);
                    }
                } else if (c == '\n') {
                    if (!header) {
                        records++;
                        firstField.accept(first.toString());
                    }
                    header = false;
                    first.setLength(0);
                    inFirst = true;
                    pending = false;
                    continue;
                } else if (c == ',') {
                    inFirst = false;
                } else if (c != '\r' && inFirst) {
                    first.append(c);
                }
                pending = true;
            }
        }
        if (pending && !header) {
            records++;
            firstField.accept(first.toString());
        }
        return records;
    }
}
