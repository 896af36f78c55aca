package org.acmedelegate;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.acmedelegate.config.ConfigLoader;
import org.acmedelegate.config.ServerConfig;
import org.acmedelegate.store.SqliteBackup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code acme-delegate backup --to FILE}: an online copy of the SQLite database named by the config, safe
 * while the server runs on it. It opens the file read-only and never migrates or locks it as a server would.
 */
@Command(
        name = "backup",
        description = {
            "Copy the SQLite database to FILE while the server may be running (SQLite's online backup).",
            "The copy is consistent, checked, mode 0600, and replaces FILE whole. To restore, stop the server,"
                    + " put the copy in place of store.sqlite_path (removing its -wal and -shm files) and start it.",
            "A PostgreSQL store is backed up with pg_dump instead."
        })
final class BackupCommand implements Callable<Integer> {
    @Option(
            names = {"-c", "--config"},
            required = true,
            description = "TOML configuration file of the server")
    Path config;

    @Option(names = "--to", required = true, paramLabel = "FILE", description = "where to write the copy")
    Path to;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ServerConfig cfg = new ConfigLoader().load(config);
        if (cfg.store().engine() == org.acmedelegate.config.StoreEngine.POSTGRESQL) {
            spec.commandLine()
                    .getErr()
                    .println("Error: backup copies an SQLite database; " + config
                            + " uses PostgreSQL: back it up with pg_dump");
            return ExitCode.USAGE.code();
        }
        SqliteBackup.Result result = SqliteBackup.copy(cfg.store().sqlitePath(), to);
        spec.commandLine()
                .getOut()
                .printf(
                        "ok: %s copied to %s (%d accounts, %d bytes)%n",
                        cfg.store().sqlitePath(), result.file(), result.accounts(), result.bytes());
        return ExitCode.OK.code();
    }
}
