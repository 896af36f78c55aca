package org.acmedelegate;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.acmedelegate.config.ConfigException;
import org.acmedelegate.config.ConfigLoader;
import org.acmedelegate.config.ServerConfig;
import org.acmedelegate.http.TlsFiles;
import org.acmedelegate.store.PostgresDatabase;
import org.acmedelegate.store.StoreException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The {@code acme-delegate} command: {@code serve} runs the server, {@code check-config} only validates,
 * {@code accounts ...} administers a running server through its admin API.
 */
@Command(
        name = Main.NAME,
        mixinStandardHelpOptions = true,
        versionProvider = BuildVersion.class,
        description = "Authoritative DNS for ACME DNS-01 challenges with an acme-dns compatible API.",
        subcommands = {
            Main.Serve.class,
            Main.CheckConfig.class,
            AccountsCommand.class,
            ImportAcmeDnsCommand.class,
            ConvertAcmeDnsConfigCommand.class,
            CreateDatabaseCommand.class,
            BackupCommand.class,
            MigrateStoreCommand.class,
            TlsCommand.class
        })
public final class Main implements Callable<Integer> {
    static final String NAME = "acme-delegate";

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        Class<?> named = args.length == 0 ? null : subcommands().get(args[0]);
        CommandLine cli = named == null ? new CommandLine(new Main()) : onlyCommand(named);
        HelpOptions.addEverywhere(cli);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            if (e instanceof ConfigException) {
                err.println("Error: invalid configuration: " + e.getMessage());
                return ExitCode.CONFIG.code();
            }
            if (e instanceof AdminClient.AdminException admin) {
                err.println("Error: " + e.getMessage());
                return admin.unreachable() ? ExitCode.UNAVAILABLE.code() : ExitCode.FAILURE.code();
            }
            if (e instanceof StoreException) {
                err.println("Error: " + e.getMessage());
                return ExitCode.STORE.code();
            }
            err.println("Error: " + e.getMessage());
            return ExitCode.FAILURE.code();
        });
        cli.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("Error: " + e.getMessage());
            e.getCommandLine().usage(e.getCommandLine().getErr());
            return ExitCode.USAGE.code();
        });
        return cli.execute(args);
    }

    /**
     * A root that holds just the sub-command named first: picocli builds its model of a command by reflection,
     * so building all of them (and loading what their fields need) made every admin CLI call slower.
     */
    private static CommandLine onlyCommand(Class<?> subcommand) {
        CommandLine root = new CommandLine(CommandSpec.create().name(NAME));
        root.addSubcommand(new CommandLine(subcommand));
        return root;
    }

    private static Map<String, Class<?>> subcommands() {
        Map<String, Class<?>> byName = new HashMap<>();
        for (Class<?> c : Main.class.getAnnotation(Command.class).subcommands()) {
            byName.put(c.getAnnotation(Command.class).name(), c);
        }
        return byName;
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.err);
        return ExitCode.USAGE.code();
    }

    /** Runs the DNS server and the API until the process is stopped. */
    @Command(name = "serve", description = "Run the DNS server and the HTTP API.")
    static final class Serve implements Callable<Integer> {
        @Option(
                names = {"-c", "--config"},
                required = true,
                description = "TOML configuration file")
        Path config;

        @Option(
                names = "--no-create",
                description =
                        "Refuse to start when the database does not exist," + " instead of creating a new, empty one")
        boolean noCreate;

        @Override
        public Integer call() throws Exception {
            ServerConfig cfg = new ConfigLoader().load(config);
            List<String> tlsWarnings = cfg.api().tls()
                    ? TlsFiles.check(cfg.api(), Clock.systemUTC()).warnings()
                    : List.of();
            Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            root.setLevel(Level.toLevel(cfg.logLevel()));
            if (cfg.jsonLog()) {
                LogFormat.json();
            }
            tlsWarnings.forEach(LoggerFactory.getLogger(Serve.class)::warn);
            HangupSignal hangup = HangupSignal.install();
            AcmeDelegate server = AcmeDelegate.start(cfg, Clock.systemUTC(), !noCreate);
            hangup.whenRunning(server::reopenAuditLog);
            new SystemdNotify(System.getenv()).ready("serving " + cfg.dns().zone());
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                server.close();
                                stopped.countDown();
                            },
                            "shutdown"));
            stopped.await();
            return ExitCode.OK.code();
        }
    }

    /** Validates a configuration file and prints what it would serve. */
    @Command(name = "check-config", description = "Check a configuration file and exit.")
    static final class CheckConfig implements Callable<Integer> {
        @Option(
                names = {"-c", "--config"},
                required = true,
                description = "TOML configuration file")
        Path config;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            ServerConfig cfg = new ConfigLoader().load(config);
            String tls = cfg.acme()
                    .map(a -> ", TLS certificate for " + a.names() + " from " + a.directory())
                    .orElse("");
            if (cfg.api().tls()) {
                TlsFiles.Certificate cert = TlsFiles.check(cfg.api(), Clock.systemUTC());
                cert.warnings().forEach(w -> spec.commandLine().getErr().println("Warning: " + w));
                tls = String.format(
                        ", TLS certificate for %s issued by %s, valid until %s",
                        cert.names(), cert.issuer(), cert.notAfter());
            }
            // A database that cannot be reached with these settings is a config error naming the key.
            cfg.store().postgresql().ifPresent(PostgresDatabase::check);
            spec.commandLine()
                    .getOut()
                    .printf(
                            "ok: zone %s, DNS on %s, API on %s, store %s%s%n",
                            cfg.dns().zone(),
                            cfg.dns().listen(),
                            cfg.api().listen(),
                            cfg.store().describe(),
                            tls);
            return ExitCode.OK.code();
        }
    }
}
