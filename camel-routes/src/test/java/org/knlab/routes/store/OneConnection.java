package org.knlab.routes.store;

import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source that hands out one open connection again and again (its close() is a no-op), as the
 * application's pool does: without it every transaction would open a PostgreSQL backend or reopen the
 * H2 file, and the benchmark would measure that.
 */
final class OneConnection implements DataSource {

    private final DataSource target;
    private Connection open;

    OneConnection(DataSource target) {
        this.target = target;
    }

    @Override
    public synchronized Connection getConnection() throws SQLException {
        if (open == null) {
            Connection real = target.getConnection();
            open = (Connection) Proxy.newProxyInstance(
                    Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class},
                    (proxy, method, args) -> method.getName().equals("close") ? null : method.invoke(real, args));
        }
        return open;
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
