package org.acmedelegate.hook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The lines the hook prints while it waits: against one nameserver that has the value at once and a slow one
 * that gets it only after about 2.5 s, it says at most once a second who serves it and what the other one
 * answers, with the elapsed time, and ends with one line naming both servers and the time taken.
 */
class PropagationProgressIT {
    private static final String NAME = "8e5700ea-a4bf-41c7-8a77-e990661dcc6a.auth.example.org";
    private static final TxtValue VALUE = new TxtValue("_" + "p".repeat(41) + "-");
    private static final Pattern ELAPSED = Pattern.compile(" TXT after (\\d+\\.\\d) s: ");

    @Test
    void saysOnceASecondWhoServesTheValueAndWhoDoesNotYetThenWhoServedItAndHowLongItTook() throws Exception {
        try (FakeDns fast = FakeDns.start();
                FakeDns slow = FakeDns.start()) {
            fast.txt(NAME, VALUE.value());
            slow.txt("other." + NAME, "x");
            CompletableFuture.delayedExecutor(2500, TimeUnit.MILLISECONDS).execute(() -> slow.txt(NAME, VALUE.value()));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PrintStream progress = new PrintStream(bytes, true, StandardCharsets.UTF_8);

            new PropagationChecker(
                            List.of(fast.address(), slow.address()),
                            null,
                            53,
                            Duration.ofSeconds(20),
                            Clock.systemUTC(),
                            progress)
                    .awaitServed(NAME, VALUE);

            List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
            List<String> waiting = lines.subList(0, lines.size() - 1);
            assertThat(waiting).as(lines.toString()).hasSizeBetween(2, 3);
            for (String line : waiting) {
                assertThat(line)
                        .startsWith("acme-delegate-hook: " + NAME + ". TXT after ")
                        .contains(": 1 of 2 serve it (" + fast.address() + "); not yet: " + slow.address()
                                + " answers NXDOMAIN without the value");
            }
            double previous = 0;
            for (String line : waiting) {
                Matcher m = ELAPSED.matcher(line);
                assertThat(m.find()).as(line).isTrue();
                double seconds = Double.parseDouble(m.group(1));
                assertThat(seconds - previous)
                        .as("at most one line a second: " + lines)
                        .isGreaterThanOrEqualTo(1.0);
                previous = seconds;
            }
            assertThat(lines.get(lines.size() - 1))
                    .matches("acme-delegate-hook: served by " + Pattern.quote(fast.address() + ", " + slow.address())
                            + " after 2\\.[5-9] s");
        }
    }
}
