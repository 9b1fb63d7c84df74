package org.eom.observations.observations;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Group commit of submissions (ADR 0014). Single submissions from many phones wait in a queue; a few writer
 * threads each take what has gathered in theirs (up to a group's size) and store it in one transaction, then answer
 * every request on its own. A partner batch is stored the same way, in groups of its own items.
 *
 * <p>Each writer has its own queue and a station always goes to the same one, so two writers never hold the same
 * visit's lock: otherwise two groups of a hundred stations among a few thousand nearly always share one, and the
 * writers would take turns instead of working side by side.
 */
@ApplicationScoped
public class SubmissionWriter {

    private static final Logger LOG = Logger.getLogger(SubmissionWriter.class);

    private record Waiting(Submission submission, CompletableFuture<Submitted> answer) {
    }

    @Inject
    ObservationService service;

    /** Writers work in parallel on different groups; each holds one database connection while it writes. */
    @ConfigProperty(name = "eom.observations.group-commit.writers", defaultValue = "2")
    int writers;

    @ConfigProperty(name = "eom.observations.group-commit.max-group", defaultValue = "100")
    int maxGroup;

    private final List<BlockingQueue<Waiting>> queues = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;

    void start(@Observes StartupEvent startup) {
        for (int i = 0; i < writers; i++) {
            BlockingQueue<Waiting> queue = new LinkedBlockingQueue<>();
            queues.add(queue);
            threads.add(Thread.ofPlatform().name("submission-writer-" + i).daemon().start(() -> write(queue)));
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        stopping = true;
        threads.forEach(Thread::interrupt);
        for (BlockingQueue<Waiting> queue : queues) {
            for (Waiting waiting; (waiting = queue.poll()) != null; ) {
                waiting.answer().complete(failed(new ProblemException(unavailable())));
            }
        }
    }

    /** Called by a request thread: returns once the group holding this submission has committed (or failed). */
    public Submitted submit(Submission submission) {
        if (stopping) {
            return failed(new ProblemException(unavailable()));
        }
        CompletableFuture<Submitted> answer = new CompletableFuture<>();
        int writer = Math.floorMod(submission.request().stationId().hashCode(), queues.size());
        queues.get(writer).add(new Waiting(submission, answer));
        return answer.join();
    }

    /**
     * Stores the submissions in one transaction. Should it fail as a whole (a lost race with a parallel upload of the
     * same id, a deadlock, a database error), each is stored alone, so that one cannot fail the others.
     */
    public List<Submitted> storeAll(List<Submission> submissions) {
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

    private void write(BlockingQueue<Waiting> queue) {
        List<Waiting> group = new ArrayList<>();
        while (!stopping) {
            try {
                Waiting first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, maxGroup - 1);
                List<Submitted> results = storeAll(group.stream().map(Waiting::submission).toList());
                for (int i = 0; i < group.size(); i++) {
                    group.get(i).answer().complete(results.get(i));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.errorf(e, "A group of %d submissions failed", group.size());
                group.forEach(waiting -> waiting.answer().complete(failed(e)));
            } finally {
                group.clear();
            }
        }
    }

    private static Submitted failed(RuntimeException e) {
        return new Submitted(null, null, e);
    }

    private static Problem unavailable() {
        return Problem.of(503, "stopping", "Service Unavailable",
                "The service is stopping; submit again, nothing of this submission was stored", null);
    }
}
