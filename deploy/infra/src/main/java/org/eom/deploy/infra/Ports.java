package org.eom.deploy.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Port helpers: free ports for throwaway servers, clear errors for fixed ports that are taken. */
public final class Ports {

    private Ports() {
    }

    /** A port that is free on the loopback interface right now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not find a free port", e);
        }
    }

    /** Whether nothing listens on the port, on any interface. */
    public static boolean isFree(int port) {
        // The wildcard bind conflicts with a listener on any address, loopback included.
        try (ServerSocket ignored = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Fails with "Port 5432 (PostgreSQL) is already in use; stop the process using it".
     *
     * @param what the server that wants the port, e.g. "missions-service"
     */
    public static void requireFree(int port, String what) {
        if (!isFree(port)) {
            throw new IllegalStateException(
                    "Port " + port + " (" + what + ") is already in use; stop the process using it");
        }
    }

    /**
     * Fails with "Port 8081 (missions-service) is already in use; stop the process using it or set EOM_MISSIONS_PORT".
     *
     * @param envVar the setting that moves the server to another port
     */
    public static void requireFree(int port, String what, String envVar) {
        if (!isFree(port)) {
            throw new IllegalStateException("Port " + port + " (" + what
                    + ") is already in use; stop the process using it or set " + envVar);
        }
    }
}
