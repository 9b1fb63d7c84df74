package org.eom.observations.observations;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Metrics;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eom.observations.observations.ObservationService.LostRace;
import org.eom.observations.observations.ObservationService.Submission;
import org.eom.observations.observations.ObservationService.Submitted;
import org.eom.platform.problem.Problem;
import org.eom.platform.problem.ProblemException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.LongStream;

/**
 * Group commit of submissions (ADR 0014). Single submissions from many phones wait in a queue; a few writer
 * threads each take what has gathered in theirs (up to a group's size) and store it in one transaction, then answer
 * every request on its own. The items of a partner batch join the same queues.
 *
 * <p>Each writer has its own queue and a station always goes to the same one, so two writers never hold the same
 * visit's lock: otherwise two groups of a hundred stations among a few thousand nearly always share one, and the
 * writers would take turns instead of working side by side. For the same reason a batch is not stored apart.
 *
 * <p>When the service stops, what is queued is still stored and answered (within {@code stop-timeout}); a submission
 * that arrives after that is answered 503 at once, so no request waits on a queue that nobody takes from.
 *
 * <p>How many submissions the writers hold (queued or being stored) is the gauge {@code eom.submissions.waiting} on
 * /q/metrics: under a flood it is the backlog. The requests that wait for them run on virtual threads, and past
 * {@code max-waiting} submissions, or past {@code max-waiting-size} of heap that they hold by {@link #heapSizes}, a request
 * is answered 503 with Retry-After before anything of it is queued (ADR 0033). The heap they hold is the gauge
 * {@code eom.submissions.waiting.bytes}.
 */
@ApplicationScoped
public class SubmissionWriter {

    private static final Logger LOG = Logger.getLogger(SubmissionWriter.class);

    /** Submissions that go into one group together: one phone's, or one batch's items of one writer's stations. */
    private record Parcel(List<Submission> submissions, CompletableFuture<List<Submitted>> answers) {
    }

    /**
     * What a waiting upload holds of the heap beyond its forms (its virtual thread, the HTTP request and connection), and
     * what a parsed form holds beyond its texts; a text's character takes up to 4 bytes, counting the request's body.
     * Measured in observations-service with the writers held (docs/performance.md item 65): a single upload of the
     * shipped voting checklist 32 kB, one with 4,000 Cyrillic characters of notes 47 kB, a batch's item 5 kB.
     */
    private static final long UPLOAD_BYTES = 28 * 1024;
    private static final long FORM_BYTES = 4 * 1024;
    private static final long TEXT_CHARACTER_BYTES = 4;

    /** The last parcel of every queue once the service stops: its writer ends when it takes it. */
    private static final Parcel END = new Parcel(List.of(), new CompletableFuture<>());

    @Inject
    ObservationService service;

    /** Writers work in parallel on different groups; each holds one database connection while it writes. */
    @ConfigProperty(name = "eom.observations.group-commit.writers")
    int writers;

    @ConfigProperty(name = "eom.observations.group-commit.max-group")
    int maxGroup;

    /**
     * The most submissions the writers hold at once (queued or being stored); more is answered 503 with Retry-After.
     * Each holds its parsed forms until it is answered, so this bounds the memory a flood takes (ADR 0033).
     */
    @ConfigProperty(name = "eom.observations.group-commit.max-waiting")
    int maxWaiting;

    /**
     * The most heap the waiting submissions may hold ({@link #heapSizes}); more is answered 503 with Retry-After. A form
     * with long texts holds many times what a usual one does, and each single upload holds its request besides: the
     * count alone would let 5,000 of either fill the heap (ADR 0033 amended).
     */
    @ConfigProperty(name = "eom.observations.group-commit.max-waiting-size")
    MemorySize maxWaitingSize;

    /** How long stopping waits for the writers to store what is queued; what is left then is answered 503. */
    @ConfigProperty(name = "eom.observations.group-commit.stop-timeout")
    Duration stopTimeout;

    private final List<BlockingQueue<Parcel>> queues = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    /** Queueing holds the read lock, stopping the write lock: no parcel is queued after a queue's END. */
    private final ReadWriteLock queueing = new ReentrantReadWriteLock();
    volatile boolean stopping;
    /**
     * Submissions handed to the writers and not answered yet, and the heap they hold: taken together under {@code room},
     * given back as each parcel is answered.
     */
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong waitingBytes = new AtomicLong();
    private final Object room = new Object();

    void start(@Observes StartupEvent startup) {
        Metrics.gauge("eom.submissions.waiting", waiting);
        Metrics.gauge("eom.submissions.waiting.bytes", waitingBytes);
        for (int i = 0; i < writers; i++) {
            BlockingQueue<Parcel> queue = new LinkedBlockingQueue<>();
            queues.add(queue);
            threads.add(Thread.ofPlatform().name("submission-writer-" + i).daemon().start(() -> write(queue)));
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        queueing.writeLock().lock();
        try {
            stopping = true;
            queues.forEach(queue -> queue.add(END));
        } finally {
            queueing.writeLock().unlock();
        }
        long deadline = System.nanoTime() + stopTimeout.toNanos();
        try {
            for (Thread thread : threads) {
                thread.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // a writer the database held too long: it still answers the group it is storing, the rest is refused here
        threads.forEach(Thread::interrupt);
        for (BlockingQueue<Parcel> queue : queues) {
            for (Parcel parcel; (parcel = queue.poll()) != null; ) {
                parcel.answers().complete(unavailable(parcel.submissions()));
            }
        }
    }

    /** Called by a request thread: returns once the group holding this submission has committed (or failed). */
    public Submitted submit(Submission submission) {
        return submitAll(List.of(submission)).get(0);
    }

    /**
     * A partner batch: its items join the writers' groups like single submissions, those of one writer's stations in
     * order and together (up to a group's size); returns once all are stored.
     */
    public List<Submitted> submitAll(List<Submission> submissions) {
        Map<Integer, List<Integer>> byWriter = new TreeMap<>();
        for (int i = 0; i < submissions.size(); i++) {
            int writer = Math.floorMod(submissions.get(i).request().stationId().hashCode(), queues.size());
            byWriter.computeIfAbsent(writer, w -> new ArrayList<>()).add(i);
        }
        record Sent(List<Integer> indexes, CompletableFuture<List<Submitted>> answers) {
        }
        List<Sent> sent = new ArrayList<>();
        long[] bytes = heapSizes(submissions);
        queueing.readLock().lock();
        try {
            if (stopping) {
                return unavailable(submissions);
            }
            if (!reserve(submissions.size(), LongStream.of(bytes).sum())) {
                throw ProblemException.overloaded("More submissions are waiting to be stored than this service holds ("
                        + maxWaiting + ", or " + maxWaitingSize.asLongValue() / (1024 * 1024) + " MB of them); nothing of "
                        + "this request was stored. Send it again after Retry-After.");
            }
            byWriter.forEach((writer, indexes) -> {
                for (int from = 0; from < indexes.size(); from += maxGroup) {
                    List<Integer> part = indexes.subList(from, Math.min(from + maxGroup, indexes.size()));
                    Parcel parcel = new Parcel(part.stream().map(submissions::get).toList(), new CompletableFuture<>());
                    long partBytes = part.stream().mapToLong(i -> bytes[i]).sum();
                    parcel.answers().whenComplete((answers, failure) -> {
                        waiting.addAndGet(-part.size());
                        waitingBytes.addAndGet(-partBytes);
                    });
                    queues.get(writer).add(parcel);
                    sent.add(new Sent(part, parcel.answers()));
                }
            });
        } finally {
            queueing.readLock().unlock();
        }
        Submitted[] results = new Submitted[submissions.size()];
        for (Sent parcel : sent) {
            List<Submitted> stored = parcel.answers().join();
            for (int i = 0; i < parcel.indexes().size(); i++) {
                results[parcel.indexes().get(i)] = stored.get(i);
            }
        }
        return List.of(results);
    }

    /**
     * Takes room for {@code count} more waiting submissions holding {@code bytes}, unless that would pass {@code max-waiting}
     * or {@code max-waiting-size}. An upload larger than the whole size is taken when nothing else waits, or it never would
     * be (the body limit bounds it).
     */
    private boolean reserve(int count, long bytes) {
        synchronized (room) {
            boolean fits = waitingBytes.get() + bytes <= maxWaitingSize.asLongValue() || waiting.get() == 0;
            if (waiting.get() + count > maxWaiting || !fits) {
                return false;
            }
            waiting.addAndGet(count);
            waitingBytes.addAndGet(bytes);
            return true;
        }
    }

    /**
     * About how much of the heap each of one upload's submissions holds while it waits: its form and texts, and its share
     * of the upload's own (the first carries it). An estimate from measurements (see {@link #UPLOAD_BYTES}), high rather
     * than low.
     */
    private static long[] heapSizes(List<Submission> submissions) {
        long[] bytes = new long[submissions.size()];
        for (int i = 0; i < bytes.length; i++) {
            ObservationRequest form = submissions.get(i).request();
            long characters = length(form.notes());
            if (form.delegateUsernames() != null) {
                characters += form.delegateUsernames().stream().mapToLong(SubmissionWriter::length).sum();
            }
            for (ObservationRequest.AnswerInput answer : form.answers()) {
                characters += length(answer.questionId()) + characters(answer.value());
            }
            bytes[i] = FORM_BYTES + TEXT_CHARACTER_BYTES * characters + (i == 0 ? UPLOAD_BYTES : 0);
        }
        return bytes;
    }

    /** The characters of a JSON value's texts and names (a number or literal counts as eight). */
    private static long characters(JsonNode value) {
        if (value == null) {
            return 0;
        }
        if (value.isTextual()) {
            return value.textValue().length();
        }
        if (!value.isContainerNode()) {
            return 8;
        }
        long sum = 0;
        for (JsonNode element : value) { // an array's elements, an object's values
            sum += characters(element);
        }
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            sum += field.getKey().length();
        }
        return sum;
    }

    private static long length(String text) {
        return text == null ? 0 : text.length();
    }

    /**
     * Stores the submissions in one transaction. Should it fail as a whole (a lost race with a parallel upload of the
     * same id, a deadlock, a database error), each is stored alone, so that one cannot fail the others.
     */
    private List<Submitted> storeAll(List<Submission> submissions) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> service.submitAll(submissions));
        } catch (RuntimeException e) {
            LOG.debugf(e, "A group of %d submissions failed as a whole; storing them one by one", submissions.size());
            return submissions.stream().map(this::storeAlone).toList();
        }
    }

    private Submitted storeAlone(Submission submission) {
        for (int attempt = 1; ; attempt++) {
            try {
                return QuarkusTransaction.requiringNew().call(() -> service.submitAll(List.of(submission))).get(0);
            } catch (LostRace e) {
                if (attempt == 2) {
                    return failed(e);
                }
                // the parallel upload has committed now: the next attempt finds it and answers replay or conflict
            } catch (RuntimeException e) {
                LOG.errorf(e, "Observation %s of mission %s could not be stored", submission.request().id(), submission.mission().id);
                return failed(e);
            }
        }
    }

    private void write(BlockingQueue<Parcel> queue) {
        List<Parcel> group = new ArrayList<>();
        while (true) {
            try {
                Parcel first = queue.take();
                if (first == END) {
                    return;
                }
                group.add(first);
                int size = first.submissions().size();
                // this thread is the queue's only taker, so what it peeks at is what it polls; END stays for the next take
                for (Parcel next; (next = queue.peek()) != null && next != END && size + next.submissions().size() <= maxGroup; ) {
                    group.add(queue.poll());
                    size += next.submissions().size();
                }
                List<Submitted> results = storeAll(group.stream().flatMap(parcel -> parcel.submissions().stream()).toList());
                int from = 0;
                for (Parcel parcel : group) {
                    int to = from + parcel.submissions().size();
                    parcel.answers().complete(results.subList(from, to));
                    from = to;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.errorf(e, "A group of %d submissions failed", group.size());
                group.forEach(parcel -> parcel.answers().complete(parcel.submissions().stream().map(s -> failed(e)).toList()));
            } finally {
                group.clear();
            }
        }
    }

    private static Submitted failed(RuntimeException e) {
        return new Submitted(null, null, e);
    }

    private static List<Submitted> unavailable(List<Submission> submissions) {
        Problem stopping = Problem.of(503, "stopping", "Service Unavailable",
                "The service is stopping; submit again, nothing of this submission was stored", null);
        return submissions.stream().map(s -> failed(new ProblemException(stopping))).toList();
    }
}
