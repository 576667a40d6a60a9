package org.knlab.routes.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The only way kn-lab talks to its database: prepared statements with bound parameters (never SQL
 * built from values), one transaction per unit of work.
 */
final class Sql {

    interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private Sql() {}

    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    static <T> List<T> query(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row.map(rs));
                }
            }
            return out;
        }
    }

    /** Runs the work in one transaction, committed if it returns, rolled back if it throws. */
    static <T> T inTransaction(DataSource db, Work<T> work) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** A read on its own connection. */
    static <T> T read(DataSource db, Work<T> work) {
        try (Connection c = db.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a == null) {
                ps.setNull(i + 1, Types.NULL); // untyped: PostgreSQL takes it for any column
            } else if (a instanceof String s) {
                ps.setString(i + 1, s);
            } else if (a instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (a instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else if (a instanceof Double d) {
                ps.setDouble(i + 1, d);
            } else if (a instanceof byte[] b) {
                ps.setBytes(i + 1, b);
            } else {
                throw new IllegalArgumentException(
                        "cannot bind a " + a.getClass().getSimpleName());
            }
        }
    }

    /** A database failure, unchecked (the route's error handling decides what happens). */
    static final class StoreException extends RuntimeException {
        StoreException(SQLException cause) {
            super("results store: " + cause.getMessage(), cause);
        }
    }
}
