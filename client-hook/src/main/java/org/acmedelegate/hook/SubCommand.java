package org.acmedelegate.hook;

import java.util.concurrent.Callable;
import org.apache.commons.cli.Options;

/**
 * The sub-commands: the word that selects each, its help text, its options, and the class that runs it.
 * One adapter class serves both verbs of its ACME client.
 */
enum SubCommand {
    REGISTER(
            "register",
            "--domain=DOMAIN [--server=URL] [--allow-from=CIDR]... [--force] [--tsig] [OPTIONS]",
            "Register an account for a domain and print the CNAME record to create."),
    ADD_ACCOUNT(
            "add-account",
            "--domain=DOMAIN --from=FILE|- [--server=URL] [--force] [OPTIONS]",
            "Save an account an administrator made (the import line of 'acme-delegate accounts create')."),
    CHECK(
            "check",
            "--domain=DOMAIN [OPTIONS]",
            "Check that _acme-challenge.DOMAIN is a CNAME to the account's fulldomain."),
    LIST("list", "[OPTIONS]", "List the saved accounts (domain, CNAME target, server, allowfrom); no secrets."),
    CERTBOT_AUTH(
            "certbot-auth",
            "[OPTIONS]",
            "Certbot --manual-auth-hook: sets CERTBOT_VALIDATION for CERTBOT_DOMAIN and waits until it is served."),
    CERTBOT_CLEANUP(
            "certbot-cleanup",
            "[OPTIONS]",
            "Certbot --manual-cleanup-hook: removes CERTBOT_VALIDATION for CERTBOT_DOMAIN."),
    PRESENT(
            "present",
            "[OPTIONS] FQDN VALUE | -- DOMAIN TOKEN KEY_AUTH",
            "lego exec provider: sets the value and waits until it is served."),
    CLEANUP("cleanup", "[OPTIONS] FQDN VALUE | -- DOMAIN TOKEN KEY_AUTH", "lego exec provider: removes the value."),
    DEPLOY_CHALLENGE(
            "deploy_challenge",
            "[OPTIONS] DOMAIN TOKEN_FILENAME VALUE...",
            "dehydrated hook: sets each value and waits until it is served."),
    CLEAN_CHALLENGE(
            "clean_challenge", "[OPTIONS] DOMAIN TOKEN_FILENAME VALUE...", "dehydrated hook: removes each value."),
    BEGIN(
            "begin",
            "[OPTIONS] TYPE IDENT TOKEN KEY_AUTH",
            "uacme hook: sets base64url(SHA-256(KEY_AUTH)) and waits until it is served (dns-01 only)."),
    DONE("done", "[OPTIONS] TYPE IDENT TOKEN KEY_AUTH", "uacme hook: removes the value."),
    FAILED("failed", "[OPTIONS] TYPE IDENT TOKEN KEY_AUTH", "uacme hook: removes the value.");

    /** The first argument that selects it. */
    final String word;
    /** What follows the word in its usage line. */
    final String synopsis;

    final String description;

    SubCommand(String word, String synopsis, String description) {
        this.word = word;
        this.synopsis = synopsis;
        this.description = description;
    }

    /** The sub-command selected by {@code word}, or null. */
    static SubCommand named(String word) {
        for (SubCommand c : values()) {
            if (c.word.equals(word)) {
                return c;
            }
        }
        return null;
    }

    /** Its options: its own, the {@link Settings}, {@code --help} and {@code --version}. */
    Options options() {
        Options options = new Options();
        switch (this) {
            case REGISTER -> RegisterCommand.addOptions(options);
            case CHECK -> CheckCommand.addOptions(options);
            case ADD_ACCOUNT -> AddAccountCommand.addOptions(options);
            default -> {
                // only the common options
            }
        }
        Settings.addOptions(options);
        Help.addOptions(options);
        return options;
    }

    /** The command that runs it with {@code args}; reading them may fail. */
    Callable<Integer> command(HookContext ctx, Arguments args) throws UsageException {
        return switch (this) {
            case REGISTER -> new RegisterCommand(ctx, args);
            case CHECK -> new CheckCommand(ctx, args);
            case ADD_ACCOUNT -> new AddAccountCommand(ctx, args);
            case LIST -> new ListCommand(ctx, args);
            case CERTBOT_AUTH, CERTBOT_CLEANUP -> new CertbotAdapter(ctx, this == CERTBOT_CLEANUP, args);
            case PRESENT, CLEANUP -> new LegoExecAdapter(ctx, this == CLEANUP, args);
            case DEPLOY_CHALLENGE, CLEAN_CHALLENGE -> new DehydratedAdapter(ctx, this == CLEAN_CHALLENGE, args);
            case BEGIN -> new UacmeAdapter(ctx, UacmeAdapter.Method.BEGIN, args);
            case DONE -> new UacmeAdapter(ctx, UacmeAdapter.Method.DONE, args);
            case FAILED -> new UacmeAdapter(ctx, UacmeAdapter.Method.FAILED, args);
        };
    }
}
