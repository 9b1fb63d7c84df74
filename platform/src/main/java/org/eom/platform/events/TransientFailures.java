package org.eom.platform.events;

import jakarta.persistence.LockTimeoutException;
import jakarta.transaction.HeuristicMixedException;
import jakarta.transaction.HeuristicRollbackException;
import jakarta.transaction.RollbackException;
import jakarta.persistence.PessimisticLockException;
import jakarta.persistence.QueryTimeoutException;
import org.hibernate.exception.JDBCConnectionException;
import org.hibernate.exception.LockAcquisitionException;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The one place that decides whether a failure to apply events is transient (the database is
 * restarting, a connection dropped, a lock or serialization conflict, the pool is exhausted):
 * then the same events succeed if tried again later, so they are retried and never
 * dead-lettered. Anything else (a malformed event, a constraint the data violates, a bug) fails
 * the same way every time.
 */
public final class TransientFailures {

    /**
     * PostgreSQL SQLState prefixes that say "try again": 08 connection exception, 40
     * transaction rollback (serialization failure, deadlock), 53 insufficient resources (too
     * many connections, disk full, out of memory), 57P operator intervention (admin or crash
     * shutdown, cannot connect now), 55P03 lock not available (lock_timeout), 57014 query
     * canceled (statement_timeout, or an operator's pg_cancel_backend).
     */
    private static final String[] TRANSIENT_SQL_STATES = {"08", "40", "53", "57P", "55P03", "57014"};

    /** Agroal's only signal that no pooled connection became free in time: an SQLException without SQLState. */
    private static final String POOL_ACQUISITION_TIMEOUT = "acquisition timeout";

    private TransientFailures() {
    }

    /** True if anything in the cause chain of {@code failure} is transient. */
    public static boolean isTransient(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (isTransientItself(t)) {
                return true;
            }
            if (t instanceof SQLException sql) {
                for (SQLException next = sql.getNextException(); next != null && seen.add(next); next = next.getNextException()) {
                    if (isTransientItself(next)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean isTransientItself(Throwable t) {
        // A commit that fails: the connection died under it (the driver's error is not chained by the transaction
        // manager). EventConsumer refuses to commit a transaction marked for rollback, so this is never a bad event;
        // and if the commit did happen after all, the retry finds the event ids in processed_event and skips them.
        if (t instanceof RollbackException || t instanceof HeuristicMixedException || t instanceof HeuristicRollbackException) {
            return true;
        }
        // what the ORM and persistence layers throw for the same conditions, should the SQLException not be chained
        if (t instanceof SQLTransientException || t instanceof SQLRecoverableException || t instanceof JDBCConnectionException
                || t instanceof LockAcquisitionException || t instanceof org.hibernate.PessimisticLockException
                || t instanceof org.hibernate.QueryTimeoutException || t instanceof PessimisticLockException
                || t instanceof LockTimeoutException || t instanceof QueryTimeoutException) {
            return true;
        }
        if (t instanceof SQLException sql) {
            String state = sql.getSQLState();
            if (state != null) {
                for (String prefix : TRANSIENT_SQL_STATES) {
                    if (state.startsWith(prefix)) {
                        return true;
                    }
                }
            }
            return sql.getMessage() != null && sql.getMessage().contains(POOL_ACQUISITION_TIMEOUT);
        }
        return false;
    }
}
