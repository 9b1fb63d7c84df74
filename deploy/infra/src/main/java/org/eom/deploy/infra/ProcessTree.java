package org.eom.deploy.infra;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Killing a child process the way a crash or the OOM killer would: SIGKILL, no shutdown hook runs. */
public final class ProcessTree {

    private static final Duration EXIT_WAIT = Duration.ofSeconds(30);

    private ProcessTree() {
    }

    /** SIGKILL to the process and everything it started; returns once all of them are gone. */
    public static void kill(Process process) {
        List<ProcessHandle> tree = new java.util.ArrayList<>(process.descendants().toList());
        tree.addFirst(process.toHandle());
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while killing process " + handle.pid(), e);
            } catch (Exception e) {
                throw new IllegalStateException("Process " + handle.pid() + " outlived SIGKILL for " + EXIT_WAIT.toSeconds() + " s", e);
            }
        }
    }
}
