package org.acmedelegate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.acmedelegate.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HelpAndDefaultsTest {
    @TempDir
    Path dir;

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
            ConsoleCapture.Run r = ConsoleCapture.run(args);
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
