package org.acmedelegate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.acmedelegate.config.ConfigLoader;
import org.acmedelegate.config.ServerConfig;
import org.acmedelegate.config.StoreEngine;
import org.acmedelegate.migrate.AcmeDnsDatabase;
import org.acmedelegate.migrate.AcmeDnsReader;
import org.acmedelegate.migrate.ImportPlan;
import org.acmedelegate.migrate.ImportPlanner;
import org.acmedelegate.migrate.ImportReport;
import org.acmedelegate.migrate.ImportTarget;
import org.acmedelegate.migrate.ImportWriter;
import org.acmedelegate.migrate.SourceException;
import org.acmedelegate.store.AccountStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code acme-delegate import-acme-dns}: copies the accounts and TXT values of an acme-dns database into
 * the configured store, keeping usernames, bcrypt hashes, subdomains and allowfrom. Run it with both
 * servers stopped; the source is opened read-only.
 */
@Command(
        name = "import-acme-dns",
        description = "Import the accounts and TXT values of an acme-dns database"
                + " (stop acme-dns and acme-delegate first).")
final class ImportAcmeDnsCommand implements Callable<Integer> {
    @Option(
            names = {"-c", "--config"},
            required = true,
            description = "TOML configuration file of acme-delegate")
    Path config;

    @Option(
            names = "--from",
            required = true,
            paramLabel = "PATH_OR_URL",
            description = "the acme-dns SQLite database file, or its PostgreSQL database as acme-dns' own"
                    + " [database] connection names it: postgres://USER@HOST[:PORT]/DB (password from PGPASSWORD)")
    String from;

    @Option(names = "--dry-run", description = "print what would be imported and write nothing")
    boolean dryRun;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ServerConfig cfg = new ConfigLoader().load(config);
        AcmeDnsDatabase source;
        try {
            source = AcmeDnsReader.read(from);
        } catch (SourceException e) {
            spec.commandLine().getErr().println("Error: " + e.getMessage());
            return ExitCode.DATA.code();
        }
        ImportPlanner planner = new ImportPlanner(cfg.txt(), Clock.systemUTC().instant());
        Path db = cfg.store().sqlitePath();
        boolean sqlite = cfg.store().engine() == StoreEngine.SQLITE;
        ImportPlan plan;
        if (dryRun && sqlite && !Files.exists(db)) {
            plan = planner.plan(source, ImportTarget.EMPTY);
        } else {
            try (AccountStore store = StoreOpener.open(cfg.store(), true)) {
                plan = planner.plan(source, ImportTarget.of(store));
                if (!dryRun) {
                    int total = plan.accounts().size() + plan.values().size();
                    new ImportWriter(store, cfg.txt().maxValues()).write(plan, done -> {
                        spec.commandLine().getErr().printf("written %d of %d accounts and values%n", done, total);
                        spec.commandLine().getErr().flush();
                    });
                }
            }
        }
        spec.commandLine()
                .getOut()
                .print(ImportReport.text(
                        plan,
                        sqlite ? db.toString() : cfg.store().describe(),
                        cfg.txt().lifetime(),
                        dryRun));
        spec.commandLine().getOut().flush();
        return ExitCode.OK.code();
    }
}
