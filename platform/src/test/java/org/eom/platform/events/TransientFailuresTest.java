package org.eom.platform.events;

import io.quarkus.narayana.jta.QuarkusTransactionException;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.RollbackException;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.JDBCConnectionException;
import org.hibernate.exception.LockAcquisitionException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

/** What is retried and what is dead-lettered: the exceptions as the PostgreSQL driver, Agroal and Hibernate throw them. */
class TransientFailuresTest {

    @Test
    void connectionLossRestartsConflictsAndTimeoutsAreTransient() {
        for (String state : new String[]{"08006", "08001", "40001", "40P01", "53300", "57P01", "57P03", "55P03", "57014"}) {
            assertThat(TransientFailures.isTransient(new SQLException("failed", state))).as(state).isTrue();
        }
        assertThat(TransientFailures.isTransient(new SQLException("Sorry, acquisition timeout!"))).as("Agroal pool").isTrue();
        assertThat(TransientFailures.isTransient(new SQLTransientConnectionException("gone"))).isTrue();
        assertThat(TransientFailures.isTransient(new LockAcquisitionException("deadlock", null))).isTrue();
        assertThat(TransientFailures.isTransient(new JDBCConnectionException("gone", null))).isTrue();
    }

    @Test
    void theCauseChainIsSearchedAsTransactionsWrapIt() {
        SQLException serialization = new SQLException("could not serialize access", "40001");
        RuntimeException wrapped = new IllegalStateException("commit failed", new PersistenceException("flush", serialization));
        assertThat(TransientFailures.isTransient(wrapped)).isTrue();

        SQLException batch = new SQLException("batch entry 3 failed", "XX000");
        batch.setNextException(new SQLException("terminating connection", "57P01"));
        assertThat(TransientFailures.isTransient(batch)).isTrue();
    }

    @Test
    void aCommitThatFailsIsTransient() {
        // what the PostgreSQL restart of FaultsIT produced: Narayana does not chain the driver's error to the commit's
        RuntimeException commit = new QuarkusTransactionException(new RollbackException("ARJUNA016053: Could not commit transaction."));
        assertThat(TransientFailures.isTransient(commit)).isTrue();
    }

    @Test
    void badDataAndBugsArePermanent() {
        assertThat(TransientFailures.isTransient(new MalformedEventException("lacks id", null))).isFalse();
        assertThat(TransientFailures.isTransient(new ConstraintViolationException("duplicate",
                new SQLException("duplicate key", "23505"), "pk"))).isFalse();
        assertThat(TransientFailures.isTransient(new SQLException("column does not exist", "42703"))).isFalse();
        assertThat(TransientFailures.isTransient(new SQLException("no state"))).isFalse();
        assertThat(TransientFailures.isTransient(new NullPointerException())).isFalse();
    }
}
