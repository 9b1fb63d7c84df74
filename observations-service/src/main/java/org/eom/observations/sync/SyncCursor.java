package org.eom.observations.sync;

import org.eom.platform.problem.ProblemException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * Where a client's last sync ended: per section, the (transaction id, key) of the last row it was
 * sent, plus a fingerprint of the missions it belonged to then. Opaque to clients.
 */
record SyncCursor(String membership, Position templates, Position stations, Position observations) {

    private static final String VERSION = "s1";
    private static final UUID NO_ID = new UUID(0, 0);

    /** Rows are ordered by (sync_xid, id, version); templates use the version, other sections 0. */
    record Position(String xid, UUID id, int version) {
        static final Position START = new Position("0", NO_ID, 0);
    }

    static SyncCursor start(String membership) {
        return new SyncCursor(membership, Position.START, Position.START, Position.START);
    }

    String encode() {
        String raw = String.join("|", VERSION, membership, part(templates), part(stations), part(observations));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The client's cursor; none (first sync) or one from before a change of missions starts over. */
    static SyncCursor decode(String cursor, String membership) {
        if (cursor == null || cursor.isBlank()) {
            return start(membership);
        }
        try {
            String[] p = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
            if (p.length != 11 || !p[0].equals(VERSION)) {
                throw new IllegalArgumentException("unknown cursor layout");
            }
            if (!p[1].equals(membership)) {
                return start(membership);
            }
            return new SyncCursor(membership, position(p, 2), position(p, 5), position(p, 8));
        } catch (RuntimeException e) {
            throw ProblemException.invalid("cursor", "is not a sync cursor this service issued");
        }
    }

    private static String part(Position p) {
        return p.xid() + "|" + p.id() + "|" + p.version();
    }

    private static Position position(String[] parts, int from) {
        return new Position(Long.toUnsignedString(Long.parseUnsignedLong(parts[from])), UUID.fromString(parts[from + 1]),
                Integer.parseInt(parts[from + 2]));
    }
}
