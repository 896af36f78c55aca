package org.acmedelegate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.acmedelegate.config.ConfigLoader;
import org.acmedelegate.store.SqliteAccountStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code create-database}: creates the configuration's database (or the one {@code --database} names),
 * empty, when it does not exist yet, so an installer can do once what {@code serve --no-create} then never
 * does by itself. An existing database is left as it is; either way the command exits 0.
 */
@Command(
        name = "create-database",
        description = "Create the (empty) database named in the configuration, or"
                + " the SQLite file given with --database, if it does not exist yet, then exit; for installers of a"
                + " server run with serve --no-create.")
final class CreateDatabaseCommand implements Callable<Integer> {
    @CommandLine.ArgGroup(multiplicity = "1")
    Target target;

    /** Where the database is: from a configuration, or a path (before the configuration is complete). */
    static final class Target {
        @Option(
                names = {"-c", "--config"},
                required = true,
                description = "TOML configuration file")
        Path config;

        @Option(
                names = "--database",
                required = true,
                description = "SQLite file to create, without reading a configuration (the Debian package's"
                        + " postinst uses it before dns.zone is set)")
        Path database;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (target.database == null
                && new ConfigLoader().load(target.config).store().engine()
                        == org.acmedelegate.config.StoreEngine.POSTGRESQL) {
            spec.commandLine()
                    .getErr()
                    .println("Error: create-database makes an SQLite file; " + target.config
                            + " uses PostgreSQL, whose schema the server creates at its first start");
            return ExitCode.USAGE.code();
        }
        Path db = (target.database != null
                        ? target.database
                        : new ConfigLoader().load(target.config).store().sqlitePath())
                .toAbsolutePath();
        if (Files.exists(db)) {
            spec.commandLine().getOut().println("database " + db + " exists already: left as it is");
            return ExitCode.OK.code();
        }
        SqliteAccountStore.open(db, true).close();
        spec.commandLine().getOut().println("created database " + db);
        return ExitCode.OK.code();
    }
}
