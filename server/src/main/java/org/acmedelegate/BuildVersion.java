package org.acmedelegate;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Properties;
import picocli.CommandLine;

/**
 * What {@code acme-delegate --version} prints: the Maven version and the git commit the jar was built from,
 * read from the properties file the build writes (commit "unknown" when built outside a git checkout).
 */
final class BuildVersion implements CommandLine.IVersionProvider {
    static final String RESOURCE = "/org/acmedelegate/build.properties";

    @Override
    public String[] getVersion() {
        Properties build = read(RESOURCE);
        String version = build.getProperty(
                "git.build.version",
                Objects.requireNonNullElse(Main.class.getPackage().getImplementationVersion(), "unknown"));
        String commit = build.getProperty("git.commit.id.abbrev", "unknown");
        if ("true".equals(build.getProperty("git.dirty"))) {
            commit += " (with uncommitted changes)";
        }
        return new String[] {"acme-delegate " + version, "commit " + commit};
    }

    static Properties read(String resource) {
        Properties properties = new Properties();
        try (InputStream in = BuildVersion.class.getResourceAsStream(resource)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // an unreadable resource in our own jar: the version just reads "unknown"
        }
        return properties;
    }
}
