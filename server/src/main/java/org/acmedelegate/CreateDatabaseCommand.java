package org.acmedelegate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.acmedelegate.config.ConfigLoader;
import org.acmedelegate.config.ServerConfig;
import org.acmedelegate.store.SqliteAccountStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code create-database}: creates the configuration's database, empty, when it does not exist yet, so an
 * installer can do once what {@code serve --no-create} then never does by itself. An existing database is
 * left as it is; either way the command exits 0.
 */
@Command(name = "create-database", description = "Create the (empty) database named in the configuration if it"
        + " does not exist yet, then exit; for installers of a server run with serve --no-create.")
final class CreateDatabaseCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, description = "TOML configuration file")
    Path config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ServerConfig cfg = new ConfigLoader().load(config);
        Path db = cfg.store().sqlitePath().toAbsolutePath();
        if (Files.exists(db)) {
            spec.commandLine().getOut().println("database " + db + " exists already: left as it is");
            return ExitCode.OK.code();
        }
        SqliteAccountStore.open(db, true).close();
        spec.commandLine().getOut().println("created database " + db);
        return ExitCode.OK.code();
    }
}
