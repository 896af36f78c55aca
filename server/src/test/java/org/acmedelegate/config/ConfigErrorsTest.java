package org.acmedelegate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigErrorsTest {
    private final ConfigLoader loader = new ConfigLoader();

    @TempDir
    Path dir;

    @Test
    void aSyntaxErrorNamesItsLineAndColumn() {
        assertThatThrownBy(() -> loader.parse("[dns]\nzone = \"a.example\"\nlisten = 127.0.0.1\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config is not valid TOML at line 3, column ");
        assertThatThrownBy(() -> loader.parse("[dns\nzone = \"a.example\"\n"))
                .hasMessageStartingWith("config is not valid TOML at line 1, column 5: ");
    }

    @Test
    void everyUnknownKeyIsListedWithItsLine() {
        String toml = "[dns]\nzone = \"a.example\"\ntxt_tll = \"10s\"\n\n[api]\nlisen = \"127.0.0.1:8053\"\n"
                + "[logs]\nlevel = \"info\"\n";
        assertThatThrownBy(() -> loader.parse(toml))
                .hasMessage("dns.txt_tll: unknown key (line 3)\n  api.lisen: unknown key (line 6)\n"
                        + "  logs: unknown key (line 7)");
    }

    @Test
    void aBadValueInEverySectionIsListedNotOnlyTheFirst() {
        String toml = "[dns]\nzone = \"a.example\"\nlisten = [\"127.0.0.1:99999\"]\n[api]\nbcrypt_cost = 99\n"
                + "[txt]\nmax_values = 0\n[log]\nlevel = \"loud\"\n";
        assertThatThrownBy(() -> loader.parse(toml))
                .isInstanceOf(ConfigException.class)
                .hasMessage("dns.listen[0]: bad port in \"127.0.0.1:99999\"\n"
                        + "  api.bcrypt_cost: must be between 4 and 16, got 99\n"
                        + "  txt.max_values: must be between 1 and 100, got 0\n"
                        + "  log.level: must be one of [debug, error, info, trace, warn]");
    }

    @Test
    void aWrongTypeSaysWhatTheKeyWantsWithoutLibraryInternals() {
        assertThatThrownBy(() -> loader.parse("[dns]\nzone = \"a.example\"\nlisten = 5300\n"))
                .hasMessage(
                        "dns.listen: wrong type of value: it must be a list in brackets, such as [\"...\"] (line 3)");
        assertThatThrownBy(() -> loader.parse("[dns]\nzone = \"a.example\"\n[api]\nbcrypt_cost = \"high\"\n"))
                .hasMessage("api.bcrypt_cost: wrong type of value: it must be a whole number (line 4)")
                .hasMessageNotContaining("java.")
                .hasMessageNotContaining("Token");
    }

    @Test
    void aFileThatCannotBeReadSaysWhy() throws Exception {
        Path missing = dir.resolve("nowhere/acme-delegate.toml");
        assertThatThrownBy(() -> loader.load(missing))
                .hasMessage("config file not found: " + missing + " (its directory " + dir.resolve("nowhere")
                        + " does not exist either)");
        assertThatThrownBy(() -> loader.load(dir)).hasMessage("cannot read config file " + dir + ": it is a directory");
        Path latin1 = Files.write(dir.resolve("latin1.toml"), new byte[] {'#', ' ', (byte) 0xe9, '\n'});
        assertThatThrownBy(() -> loader.load(latin1))
                .hasMessage("cannot read config file " + latin1 + ": it is not UTF-8 text");
    }

    @Test
    void jsonLogsAreAskedForInTheLogTable() {
        String zone = "[dns]\nzone = \"a.example\"\n";
        assertThat(loader.parse(zone).jsonLog()).isFalse();
        assertThat(loader.parse(zone + "[log]\nformat = \"json\"\n").jsonLog()).isTrue();
        assertThatThrownBy(() -> loader.parse(zone + "[log]\nformat = \"xml\"\n"))
                .hasMessage("log.format: must be \"text\" or \"json\", got \"xml\"");
    }
}
