package org.openanpr.db;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * The one transaction of a request that changes something, held by the thread that serves it from its first statement
 * to the commit that makes the change and its audit record durable together ({@code audit.ChangeRecorder} opens and
 * ends it). While it is open, every store on that thread that takes a connection from {@link #joining the joining data
 * source} works inside it, so a store needs no change to take part: its own {@code setAutoCommit(false)} and
 * {@code commit()} become a savepoint and its release, its {@code rollback()} a roll back to that savepoint (undoing
 * only its own work, as before), its {@code close()} leaves the connection to the request. The store's work therefore
 * becomes durable only when the request commits, after its record is written; work on other threads (the matcher's
 * rebuilder, the read pipeline) does not see it before.
 *
 * <p>What a store keeps in memory besides the database (a cache, a snapshot the read pipeline uses, the matcher's
 * index) must not run ahead of the commit nor keep a change that was rolled back: it loads again {@link #nowAndAtEnd
 * now and when the request's transaction has ended}.
 *
 * <p>Isolation and read-only settings are the request's (READ COMMITTED): a store cannot change them halfway through.
 */
public final class RequestTransaction {
    private static final ThreadLocal<RequestTransaction> CURRENT = new ThreadLocal<>();

    private final DataSource pool;
    /** Taken at the first statement: a request that validates, recognises or computes first holds no connection meanwhile. */
    private Connection connection;
    private final List<Runnable> atEnd = new ArrayList<>();
    private final List<Runnable> afterCommit = new ArrayList<>();
    private boolean committed;
    private int records;
    private boolean ended;

    private RequestTransaction(DataSource pool) {
        this.pool = pool;
    }

    /**
     * The data source stores are given: connections from {@code pool}, or, on a thread serving a change request opened
     * on the same pool, that request's transaction.
     */
    public static DataSource joining(DataSource pool) {
        return new Joining(pool);
    }

    /**
     * Opens the request's transaction on this thread (its connection is taken at the first statement); a transaction
     * left open by an earlier request on this thread is rolled back.
     */
    public static RequestTransaction begin(DataSource pool) {
        RequestTransaction stale = CURRENT.get();
        if (stale != null) stale.rollback();
        RequestTransaction t = new RequestTransaction(pool);
        CURRENT.set(t);
        return t;
    }

    /** The transaction open on this thread; null when this thread serves no change request. */
    public static RequestTransaction current() {
        return CURRENT.get();
    }

    /** The request transaction {@code c} works in, or null when it is a connection of its own. */
    public static RequestTransaction of(Connection c) {
        RequestTransaction t = CURRENT.get();
        if (t == null) return null;
        if (c != null && c == t.connection || c instanceof Handle h && h.transaction() == t) return t;
        return null;
    }

    /**
     * Runs {@code work} now, and, when this thread serves a change request, once more when the request's transaction
     * has ended (committed or rolled back), on this thread, before the answer goes out. For what is kept in memory
     * beside the database: loaded now, the request sees its own change; loaded again at the end, everyone sees what was
     * committed, and nothing of a change that was rolled back.
     */
    public static void nowAndAtEnd(Runnable work) {
        work.run();
        againAtEnd(work);
    }

    /**
     * When this thread serves a change request, runs {@code work} when its transaction has ended (committed or rolled
     * back); else nothing: for a cache its owner has already updated in place.
     */
    public static void againAtEnd(Runnable work) {
        RequestTransaction t = CURRENT.get();
        if (t != null) t.atEnd.add(work);
    }

    /**
     * Runs {@code work} when this thread's change request has ended (committed or rolled back), or at once when this
     * thread serves none: for work on other threads that must see the committed change (the matcher's rebuilder).
     */
    public static void atEnd(Runnable work) {
        RequestTransaction t = CURRENT.get();
        if (t == null) work.run();
        else t.atEnd.add(work);
    }

    /**
     * Runs {@code work} once this thread's change request has committed (never when it is rolled back), or at once when
     * this thread serves none: for telling another thread a change as it was made (the matcher, a delta's entries)
     * when loading it back would cost far more.
     */
    public static void afterCommit(Runnable work) {
        RequestTransaction t = CURRENT.get();
        if (t == null) work.run();
        else t.afterCommit.add(work);
    }

    /**
     * Runs {@code work} outside this thread's change request, in transactions of its own: for bookkeeping that must
     * stand whatever becomes of the request (a wrong password counted towards the lock although the request is
     * refused). It must not touch rows the request has changed: it would wait for the request, which waits for it.
     */
    public static <T> T apart(java.util.function.Supplier<T> work) {
        RequestTransaction t = CURRENT.get();
        if (t == null) return work.get();
        CURRENT.remove();
        try {
            return work.get();
        } finally {
            CURRENT.set(t);
        }
    }

    /** The transaction's connection itself, for work written straight into it (the audit record). */
    public Connection connection() throws SQLException {
        if (ended) throw new IllegalStateException("the request's transaction has ended");
        if (connection == null) {
            Connection c = pool.getConnection();
            try {
                c.setAutoCommit(false);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            connection = c;
        }
        return connection;
    }

    /** Counts an audit record written in this transaction, so that the request is known to be on the record. */
    public void recorded() {
        records++;
    }

    public int records() {
        return records;
    }

    /** Makes the request's work durable; ends the transaction, also when the commit fails. */
    public void commit() throws SQLException {
        try {
            if (connection != null) connection.commit();
            committed = true;
        } finally {
            end();
        }
    }

    /** Undoes the request's work; ends the transaction. */
    public void rollback() {
        if (ended) return;
        try {
            if (connection != null) connection.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool replaces it, and nothing was committed
        } finally {
            end();
        }
    }

    private void end() {
        if (CURRENT.get() == this) CURRENT.remove();
        if (ended) return;
        ended = true;
        try {
            if (connection != null) connection.close();
        } catch (SQLException ignored) {
            // the pool discards a connection it cannot take back
        }
        RuntimeException failed = runAll(atEnd, null);
        if (committed) failed = runAll(afterCommit, failed);
        afterCommit.clear();
        if (failed != null) throw failed;
    }

    /** Runs each of {@code work} (and forgets them) whatever the others throw; returns the first failure, the rest suppressed. */
    private static RuntimeException runAll(List<Runnable> work, RuntimeException failed) {
        for (Runnable w : work) {
            try {
                w.run();
            } catch (RuntimeException e) {
                if (failed == null) failed = e; else failed.addSuppressed(e);
            }
        }
        work.clear();
        return failed;
    }

    /** What a store's connection handle is, so that {@link #of} finds the transaction behind it. */
    private interface Handle {
        RequestTransaction transaction();
    }

    /** A store's view of the request's connection: its transactions are savepoints inside the request's. */
    private static final class Nested implements InvocationHandler {
        private final RequestTransaction tx;
        private boolean autoCommit = true;
        private Savepoint savepoint;
        private boolean closed;

        Nested(RequestTransaction tx) {
            this.tx = tx;
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            // What only the handle's own state answers needs no connection: a handle may be closed after the end.
            switch (m.getName()) {
                case "transaction":
                    return tx;
                case "close":
                    if (!closed && savepoint != null && !tx.ended) {
                        rollbackToSavepoint(tx.connection); // a store that closes without committing
                        release(tx.connection);
                    }
                    closed = true;
                    return null;
                case "isClosed":
                    return closed || tx.ended;
                case "getAutoCommit":
                    return autoCommit;
                case "setAutoCommit":
                    boolean on = (Boolean) args[0];
                    if (on && !autoCommit && savepoint != null) release(tx.connection); // JDBC commits here
                    autoCommit = on;
                    return null;
                case "commit":
                    if (savepoint != null) release(tx.connection);
                    return null;
                case "rollback":
                    if (args == null || args.length == 0) {
                        if (savepoint != null) rollbackToSavepoint(tx.connection);
                        return null;
                    }
                    break;
                case "setTransactionIsolation", "setReadOnly":
                    return null; // the request's settings hold for all of its work
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return "a store's handle on the request's transaction";
                default:
                    break;
            }
            if (closed) throw new SQLException("this connection handle is closed");
            Connection c = tx.connection();
            if (!autoCommit && savepoint == null
                    && (m.getName().equals("createStatement") || m.getName().equals("prepareStatement") || m.getName().equals("prepareCall")))
                savepoint = c.setSavepoint();
            try {
                return m.invoke(c, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        private void release(Connection c) throws SQLException {
            if (savepoint == null) return;
            Savepoint s = savepoint;
            savepoint = null;
            c.releaseSavepoint(s);
        }

        private void rollbackToSavepoint(Connection c) throws SQLException {
            c.rollback(savepoint); // the savepoint stays, as after a JDBC rollback a new transaction begins
        }
    }

    private static final class Joining implements DataSource {
        private final DataSource pool;

        Joining(DataSource pool) {
            this.pool = pool;
        }

        @Override
        public Connection getConnection() throws SQLException {
            RequestTransaction t = CURRENT.get();
            if (t == null || t.pool != pool) return pool.getConnection();
            return (Connection) Proxy.newProxyInstance(RequestTransaction.class.getClassLoader(),
                    new Class<?>[] {Connection.class, Handle.class}, new Nested(t));
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            throw new SQLFeatureNotSupportedException("connections come from the pool with its own credentials");
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return pool.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            pool.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            pool.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return pool.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return pool.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return type.isInstance(this) ? type.cast(this) : pool.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return type.isInstance(this) || pool.isWrapperFor(type);
        }
    }
}
