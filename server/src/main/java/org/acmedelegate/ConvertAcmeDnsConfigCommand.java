package org.acmedelegate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.acmedelegate.config.Unreadable;
import org.acmedelegate.migrate.AcmeDnsConfigConverter;
import org.acmedelegate.migrate.SourceException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code acme-delegate convert-acme-dns-config}: prints the acme-delegate TOML equivalent of an acme-dns config.cfg. */
@Command(
        name = "convert-acme-dns-config",
        description = "Print an acme-delegate configuration equivalent to an acme-dns config.cfg.")
final class ConvertAcmeDnsConfigCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG_CFG", description = "the acme-dns configuration file")
    Path file;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            spec.commandLine().getErr().println("Error: cannot read " + file + ": " + Unreadable.why(file, e));
            return ExitCode.CONFIG.code();
        }
        try {
            spec.commandLine().getOut().print(AcmeDnsConfigConverter.convert(text, file.toString()));
            spec.commandLine().getOut().flush();
            return ExitCode.OK.code();
        } catch (SourceException e) {
            spec.commandLine().getErr().println("Error: " + file + ": " + e.getMessage());
            return ExitCode.CONFIG.code();
        }
    }
}
