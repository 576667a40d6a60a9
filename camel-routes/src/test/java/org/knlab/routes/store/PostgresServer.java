package org.knlab.routes.store;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL server for the tests (Debian package postgresql, which .ci/run installs): initdb in
 * a temporary directory, on a free loopback port, as the postgres user when running as root (initdb
 * refuses root). Stopped and deleted by {@link #close()}.
 */
public final class PostgresServer implements AutoCloseable {

    private final Path dir;
    private final Path bin;
    private final int port;
    private final boolean root = "root".equals(System.getProperty("user.name"));

    private PostgresServer(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
    }

    public static PostgresServer start() {
        try {
            Path bin = binaries();
            Path dir = Files.createTempDirectory("kn-pg-");
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            PostgresServer pg = new PostgresServer(bin, dir, port);
            if (pg.root) {
                pg.run("chown", "postgres", dir.toString());
            }
            pg.runAs(
                    "initdb",
                    "-D",
                    dir.resolve("data").toString(),
                    "-U",
                    "kn",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--no-sync");
            pg.runAs(
                    "pg_ctl",
                    "-D",
                    dir.resolve("data").toString(),
                    "-w",
                    "-l",
                    dir.resolve("log").toString(),
                    "-o",
                    "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off",
                    "start");
            pg.runAs("createdb", "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", "kn", "kn");
            return pg;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start PostgreSQL", e);
        }
    }

    /** The newest /usr/lib/postgresql/N/bin. */
    private static Path binaries() throws IOException {
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.max((a, b) -> Integer.compare(
                            Integer.parseInt(a.getFileName().toString()),
                            Integer.parseInt(b.getFileName().toString())))
                    .orElseThrow()
                    .resolve("bin");
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalStateException("PostgreSQL is not installed (apt-get install postgresql; .ci/run does)");
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/kn";
    }

    public javax.sql.DataSource dataSource() {
        return dataSource("kn");
    }

    /** A new, empty database on this server. */
    public javax.sql.DataSource newDatabase(String name) {
        try (var c = dataSource().getConnection();
                var s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name.replaceAll("[^a-z0-9_]", "")); // test-chosen names only
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return dataSource(name);
    }

    private javax.sql.DataSource dataSource(String database) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl("jdbc:postgresql://127.0.0.1:" + port + "/" + database);
        ds.setUser("kn");
        return ds;
    }

    private void runAs(String tool, String... args) {
        List<String> command = new ArrayList<>();
        if (root) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(tool).toString());
        command.addAll(List.of(args));
        run(command.toArray(String[]::new));
    }

    private void run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(String.join(" ", command), e);
        }
    }

    @Override
    public void close() {
        runAs("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "stop");
        run("rm", "-rf", dir.toString());
    }
}
