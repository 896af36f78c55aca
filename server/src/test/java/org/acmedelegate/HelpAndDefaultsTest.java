package org.acmedelegate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.acmedelegate.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HelpAndDefaultsTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void everySubCommandPrintsItsHelpAndExitsZero() {
        for (String[] command : List.of(
                new String[] {"serve"},
                new String[] {"check-config"},
                new String[] {"accounts"},
                new String[] {"accounts", "list"},
                new String[] {"accounts", "create"},
                new String[] {"accounts", "rotate-key"},
                new String[] {"accounts", "set-allowfrom"},
                new String[] {"create-database"})) {
            String[] args = java.util.Arrays.copyOf(command, command.length + 1);
            args[command.length] = "--help";
            Run r = run(args);
            assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
            assertThat(r.out())
                    .as(String.join(" ", args))
                    .contains("Usage: acme-delegate " + String.join(" ", command));
        }
    }

    @Test
    void theConfigDefaultsToTheFirstOfTheUsualPlacesThatExists() throws Exception {
        Path etc = dir.resolve("etc.toml");
        Path conf = Files.writeString(dir.resolve("conf.toml"), "");
        assertThat(DefaultConfig.resolve(null, List.of(etc, conf))).isEqualTo(conf);
        Files.writeString(etc, "");
        assertThat(DefaultConfig.resolve(null, List.of(etc, conf))).isEqualTo(etc);
        assertThat(DefaultConfig.resolve(Path.of("given.toml"), List.of(etc, conf)))
                .isEqualTo(Path.of("given.toml"));
        Files.delete(etc);
        Files.delete(conf);
        assertThatThrownBy(() -> DefaultConfig.resolve(null, List.of(etc, conf)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("no configuration file: none of " + List.of(etc, conf) + " exists; pass --config FILE");
    }
}
