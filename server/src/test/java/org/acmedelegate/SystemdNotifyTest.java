package org.acmedelegate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SystemdNotifyTest {
    @Test
    void withoutNotifySocketNothingIsRun() {
        // a command that does not exist would fail loudly if it were started
        assertThat(new SystemdNotify(Map.of(), "/nonexistent/systemd-notify").ready("x"))
                .isFalse();
        assertThat(new SystemdNotify(Map.of("NOTIFY_SOCKET", ""), "/nonexistent/systemd-notify").ready("x"))
                .isFalse();
    }

    @Test
    void aMissingSystemdNotifyIsReportedNotThrown() {
        assertThat(new SystemdNotify(Map.of("NOTIFY_SOCKET", "/run/nothing/here"), "/nonexistent/systemd-notify")
                        .ready("x"))
                .isFalse();
    }
}
