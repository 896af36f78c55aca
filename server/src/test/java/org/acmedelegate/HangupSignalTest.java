package org.acmedelegate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HangupSignalTest {
    @Test
    void aHangupWhileTheServerStartsIsActedOnOnceItRuns() {
        HangupSignal hangup = new HangupSignal();
        AtomicInteger reopened = new AtomicInteger();
        hangup.received();
        hangup.received();
        assertThat(reopened).hasValue(0);
        hangup.whenRunning(reopened::incrementAndGet);
        assertThat(reopened)
                .as("the hangups received while starting, acted on once")
                .hasValue(1);
        hangup.received();
        assertThat(reopened).hasValue(2);
    }

    @Test
    void withoutAHangupWhileStartingNothingRunsAtStart() {
        HangupSignal hangup = new HangupSignal();
        AtomicInteger reopened = new AtomicInteger();
        hangup.whenRunning(reopened::incrementAndGet);
        assertThat(reopened).hasValue(0);
    }
}
