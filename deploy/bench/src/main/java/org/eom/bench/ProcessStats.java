package org.eom.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CPU time and memory of the stack's processes, sampled from /proc while the benchmark runs. Each component is found
 * by the port it listens on (/proc/net/tcp* inode, matched against /proc/PID/fd) and counted with its descendants:
 * PostgreSQL is a postmaster plus one process per connection. CPU includes children that already exited (cutime,
 * cstime). Memory is RSS for a single process; for a tree of processes (PostgreSQL) it is the sum of PSS, since
 * each backend's RSS counts the shared buffers again.
 */
final class ProcessStats implements AutoCloseable {

    /** Linux reports CPU time in USER_HZ ticks, 100 a second on every mainstream architecture. */
    private static final double TICKS_PER_SECOND = 100.0;
    private static final long SAMPLE_MILLIS = 1000;
    /**
     * A tree's PSS is read every fifth sample and kept in between: the kernel walks every mapped page of each process
     * for smaps_rollup, and PostgreSQL's fifty backends each map the shared buffers. Read every second, that cost 7 %
     * of a core, taken from the stack it measures (docs/performance.md, item 36).
     */
    private static final int TREE_MEMORY_EVERY = 5;

    record Component(String name, long pid) {
    }

    /** Per component, then the whole machine: busy CPU of all cores, memory in use (total − available). */
    private record Sample(long nanos, long[] cpuTicks, long[] memoryBytes, long machineTicks, long machineMemoryBytes) {
    }

    /** One component over a window: CPU seconds spent, memory at its start, highest and at its end, in MB. */
    record Usage(String name, long pid, double cpuSeconds, double cpuPercent, double memoryStartMb, double memoryPeakMb,
                 double memoryEndMb) {
    }

    private final List<Component> components;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean running = true;

    private ProcessStats(List<Component> components) {
        this.components = components;
        sample();
        sampler = Thread.ofPlatform().daemon().name("bench-process-stats").start(() -> {
            while (running) {
                try {
                    Thread.sleep(SAMPLE_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                sample();
            }
        });
    }

    /** Starts sampling the processes listening on these ports (name → port), and this JVM as "bench". */
    static ProcessStats watch(Map<String, Integer> ports) {
        Map<Long, Set<Integer>> listeners = listeningProcesses(new HashSet<>(ports.values()));
        Map<Long, Long> parents = parents();
        List<Component> found = new ArrayList<>();
        ports.forEach((name, port) -> listeners.entrySet().stream()
                .filter(e -> e.getValue().contains(port))
                .map(Map.Entry::getKey)
                // The topmost of the processes sharing the socket: a postmaster, not a backend it forked.
                .filter(pid -> !listeners.containsKey(parents.getOrDefault(pid, 0L)))
                .findFirst()
                .ifPresentOrElse(pid -> found.add(new Component(name, pid)), () -> found.add(new Component(name, -1))));
        found.add(new Component("bench", ProcessHandle.current().pid()));
        return new ProcessStats(found);
    }

    List<Component> components() {
        return components;
    }

    /** The component's memory in MB at the latest sample, or NaN when it was not found. */
    synchronized double memoryNowMb(String name) {
        int i = indexOf(name);
        return i < 0 || samples.isEmpty() ? Double.NaN : samples.getLast().memoryBytes()[i] / 1048576.0;
    }

    /**
     * The highest memory of a component between two moments (System.nanoTime), in MB; for a moment shorter than
     * the sampling interval, the latest sample.
     */
    synchronized double memoryPeakMb(String name, long fromNanos, long toNanos) {
        int i = indexOf(name);
        if (i < 0) {
            return Double.NaN;
        }
        return samples.stream().filter(s -> s.nanos() >= fromNanos && s.nanos() <= toNanos)
                .mapToLong(s -> s.memoryBytes()[i]).max().orElse(samples.getLast().memoryBytes()[i]) / 1048576.0;
    }

    /**
     * Every component between two moments (System.nanoTime), then "other processes" (what else ran on the machine:
     * builds, other programs) and the machine as a whole, so that a run on a busy machine shows as one.
     */
    synchronized List<Usage> usage(long fromNanos, long toNanos) {
        Sample first = null;
        Sample last = null;
        long[] peak = new long[components.size()];
        for (Sample s : samples) {
            if (s.nanos() < fromNanos || s.nanos() > toNanos) {
                continue;
            }
            first = first == null ? s : first;
            last = s;
            for (int i = 0; i < peak.length; i++) {
                peak[i] = Math.max(peak[i], s.memoryBytes()[i]);
            }
        }
        List<Usage> usage = new ArrayList<>();
        if (first == null) {
            return usage;
        }
        double wall = Math.max(1e-9, (last.nanos() - first.nanos()) / 1e9);
        double stack = 0;
        long machinePeak = 0;
        for (int i = 0; i < components.size(); i++) {
            Component c = components.get(i);
            if (c.pid() < 0) {
                usage.add(new Usage(c.name(), c.pid(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN));
                continue;
            }
            double cpu = (last.cpuTicks()[i] - first.cpuTicks()[i]) / TICKS_PER_SECOND;
            stack += cpu;
            usage.add(new Usage(c.name(), c.pid(), cpu, 100 * cpu / wall, first.memoryBytes()[i] / 1048576.0,
                    peak[i] / 1048576.0, last.memoryBytes()[i] / 1048576.0));
        }
        for (Sample s : samples) {
            if (s.nanos() >= fromNanos && s.nanos() <= toNanos) {
                machinePeak = Math.max(machinePeak, s.machineMemoryBytes());
            }
        }
        double machine = (last.machineTicks() - first.machineTicks()) / TICKS_PER_SECOND;
        usage.add(new Usage("other processes", -1, machine - stack, 100 * (machine - stack) / wall, Double.NaN, Double.NaN,
                Double.NaN));
        usage.add(new Usage("machine (all cores)", -1, machine, 100 * machine / wall, first.machineMemoryBytes() / 1048576.0,
                machinePeak / 1048576.0, last.machineMemoryBytes() / 1048576.0));
        return usage;
    }

    private int indexOf(String name) {
        for (int i = 0; i < components.size(); i++) {
            if (components.get(i).name().equals(name) && components.get(i).pid() >= 0) {
                return i;
            }
        }
        return -1;
    }

    private void sample() {
        Map<Long, Long> parents = parents();
        Sample previous;
        synchronized (this) {
            previous = samples.isEmpty() || samples.size() % TREE_MEMORY_EVERY == 0 ? null : samples.getLast();
        }
        long[] cpu = new long[components.size()];
        long[] memory = new long[components.size()];
        for (int i = 0; i < components.size(); i++) {
            long root = components.get(i).pid();
            if (root < 0) {
                continue;
            }
            List<Long> tree = descendants(root, parents);
            cpu[i] = cpuTicks(root, true);
            for (long pid : tree.subList(1, tree.size())) {
                cpu[i] += cpuTicks(pid, false);
            }
            if (tree.size() == 1) {
                memory[i] = statusKb(root, "VmRSS:") * 1024;
            } else if (previous != null) {
                memory[i] = previous.memoryBytes()[i];
            } else {
                for (long pid : tree) {
                    memory[i] += smapsKb(pid, "Pss:") * 1024;
                }
            }
        }
        long machineMemory = (kb(Path.of("/proc/meminfo"), "MemTotal:") - kb(Path.of("/proc/meminfo"), "MemAvailable:")) * 1024;
        synchronized (this) {
            samples.add(new Sample(System.nanoTime(), cpu, memory, machineTicks(), machineMemory));
        }
    }

    /** Busy ticks of all cores: the first line of /proc/stat less idle and iowait. */
    private static long machineTicks() {
        try (java.io.BufferedReader stat = Files.newBufferedReader(Path.of("/proc/stat"))) {
            String[] f = stat.readLine().trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i <= 8 && i < f.length; i++) {
                busy += i == 4 || i == 5 ? 0 : Long.parseLong(f[i]); // 4: idle, 5: iowait
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static List<Long> descendants(long root, Map<Long, Long> parents) {
        Map<Long, List<Long>> children = new HashMap<>();
        parents.forEach((pid, parent) -> children.computeIfAbsent(parent, k -> new ArrayList<>()).add(pid));
        List<Long> tree = new ArrayList<>(List.of(root));
        for (int i = 0; i < tree.size(); i++) {
            tree.addAll(children.getOrDefault(tree.get(i), List.of()));
        }
        return tree;
    }

    /** utime + stime, and for the root also its reaped children's (cutime + cstime). */
    private static long cpuTicks(long pid, boolean withReapedChildren) {
        String[] fields = statFields(pid);
        if (fields == null) {
            return 0;
        }
        // Fields after "pid (comm) ": state is index 0, so utime (field 14) is index 11.
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return withReapedChildren ? ticks + Long.parseLong(fields[13]) + Long.parseLong(fields[14]) : ticks;
    }

    private static String[] statFields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null; // gone
        }
    }

    private static Map<Long, Long> parents() {
        Map<Long, Long> parents = new HashMap<>();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path dir : proc) {
                long pid = Long.parseLong(dir.getFileName().toString());
                String[] fields = statFields(pid);
                if (fields != null) {
                    parents.put(pid, Long.parseLong(fields[1]));
                }
            }
        } catch (IOException e) {
            // an empty map: nothing is found
        }
        return parents;
    }

    private static long statusKb(long pid, String key) {
        return kb(Path.of("/proc", Long.toString(pid), "status"), key);
    }

    private static long smapsKb(long pid, String key) {
        return kb(Path.of("/proc", Long.toString(pid), "smaps_rollup"), key);
    }

    private static long kb(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone, or not readable
        }
        return 0;
    }

    /** The processes holding a listening TCP socket on one of the ports: pid → its ports. */
    private static Map<Long, Set<Integer>> listeningProcesses(Set<Integer> ports) {
        Map<String, Integer> portByInode = new HashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table)).stream().skip(1).toList()) {
                    String[] f = line.trim().split("\\s+");
                    int port = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
                    if (f[3].equals("0A") && ports.contains(port)) { // 0A: LISTEN
                        portByInode.put(f[9], port);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // no IPv6 table, or an unexpected line: that table contributes nothing
            }
        }
        Map<Long, Set<Integer>> listeners = new LinkedHashMap<>();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path dir : proc) {
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(dir.resolve("fd"))) {
                    for (Path fd : fds) {
                        String target = Files.readSymbolicLink(fd).toString();
                        if (target.startsWith("socket:[")) {
                            Integer port = portByInode.get(target.substring(8, target.length() - 1));
                            if (port != null) {
                                listeners.computeIfAbsent(Long.parseLong(dir.getFileName().toString()), k -> new HashSet<>()).add(port);
                            }
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // a process that ended, or whose fds are not ours to read
                }
            }
        } catch (IOException e) {
            // nothing found
        }
        return listeners;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
