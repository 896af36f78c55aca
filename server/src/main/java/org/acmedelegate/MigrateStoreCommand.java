package org.acmedelegate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.acmedelegate.config.PostgresConfig;
import org.acmedelegate.migrate.StoreCopy;
import org.acmedelegate.store.AccountStore;
import org.acmedelegate.store.PostgresAccountStore;
import org.acmedelegate.store.PostgresDatabase;
import org.acmedelegate.store.SqliteAccountStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code acme-delegate migrate-store}: copies every account, value and TSIG key between an SQLite file and a
 * PostgreSQL database, either way, keeping credentials (TSIG secrets stay sealed: the servers on the target
 * need the same secrets key file). Stop every server using either store first.
 */
@Command(
        name = "migrate-store",
        description = "Copy every account, TXT value and TSIG key from one store into another,"
                + " empty one (SQLite <-> PostgreSQL); stop the servers first. TSIG keys stay sealed:"
                + " give the servers on the target the same secrets key file.")
final class MigrateStoreCommand implements Callable<Integer> {
    @Option(
            names = "--from",
            required = true,
            paramLabel = "STORE",
            description =
                    "sqlite:PATH or postgresql:JDBC_URL (e.g. postgresql:jdbc:postgresql://db:5432/acme_delegate)")
    String from;

    @Option(names = "--to", required = true, paramLabel = "STORE", description = "sqlite:PATH or postgresql:JDBC_URL")
    String to;

    @Option(names = "--pg-user", paramLabel = "USER", description = "the PostgreSQL user")
    String user;

    @Option(names = "--pg-password-file", paramLabel = "FILE", description = "a file holding the PostgreSQL password")
    Path passwordFile;

    @Option(
            names = "--max-values",
            defaultValue = "2",
            description =
                    "txt.max_values of the servers (values kept per" + " name); a name holding more keeps them all")
    int maxValues;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (from.equals(to)) {
            throw usage("--from and --to name the same store");
        }
        try (AccountStore source = open("--from", from, false);
                AccountStore target = open("--to", to, true)) {
            StoreCopy.Result copied = StoreCopy.copy(source, target, maxValues, n -> {
                spec.commandLine().getErr().printf("copied %d accounts%n", n);
                spec.commandLine().getErr().flush();
            });
            spec.commandLine()
                    .getOut()
                    .printf(
                            "copied %d accounts, %d TXT values and %d TSIG keys from %s to %s%n",
                            copied.accounts(), copied.values(), copied.tsigKeys(), from, to);
            spec.commandLine().getOut().flush();
        }
        return ExitCode.OK.code();
    }

    private AccountStore open(String option, String location, boolean create) {
        if (location.startsWith("sqlite:")) {
            return SqliteAccountStore.open(Path.of(location.substring("sqlite:".length())), create);
        }
        if (location.startsWith("postgresql:")) {
            String url = location.substring("postgresql:".length());
            if (!url.startsWith("jdbc:postgresql://")) {
                url = "jdbc:" + (url.startsWith("//") ? "postgresql:" + url : url);
            }
            if (user == null || passwordFile == null) {
                throw usage(option + " " + location + " needs --pg-user and --pg-password-file");
            }
            return new PostgresAccountStore(PostgresDatabase.open(new PostgresConfig(url, user, password(), 2)));
        }
        throw usage(option + " must be sqlite:PATH or postgresql:JDBC_URL, got \"" + location + "\"");
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private String password() {
        try {
            return Files.readString(passwordFile).strip();
        } catch (IOException e) {
            throw usage("--pg-password-file: cannot read " + passwordFile + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
