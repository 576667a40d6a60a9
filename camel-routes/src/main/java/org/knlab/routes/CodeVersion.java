package org.knlab.routes;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** "kn-lab VERSION (git COMMIT)", from the build's filtered {@code kn-build.properties}. */
public final class CodeVersion {

    public static final String VALUE = read();

    private CodeVersion() {}

    private static String read() {
        Properties p = new Properties();
        try (InputStream in = CodeVersion.class.getResourceAsStream("/kn-build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "kn-lab unknown";
        }
        String commit = p.getProperty("git.commit", "unknown");
        return "kn-lab " + p.getProperty("version", "unknown") + " (git "
                + (commit.startsWith("$") ? "unknown" : commit) + ")";
    }
}
