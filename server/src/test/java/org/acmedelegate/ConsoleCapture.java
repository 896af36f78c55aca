package org.acmedelegate;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Standard output and error captured while the server's CLI runs in-process: registered with
 * {@code @RegisterExtension} it captures each test, and {@link #run} captures one call.
 */
final class ConsoleCapture implements BeforeEachCallback, AfterEachCallback {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    /** One CLI call: its exit code and what it printed. */
    record Run(int code, String out, String err) {}

    /** Runs {@link Main#run} with {@code args} and returns what it printed on each stream. */
    static Run run(String... args) {
        ConsoleCapture console = new ConsoleCapture();
        console.start();
        try {
            int code = Main.run(args);
            return new Run(code, console.out(), console.err());
        } finally {
            console.stop();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stop();
    }

    /** What was printed on standard output since the start or the last {@link #reset}. */
    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** What was printed on standard error since the start or the last {@link #reset}. */
    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    void reset() {
        out.reset();
        err.reset();
    }

    private void start() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private void stop() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }
}
