package org.openanpr.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./anpr <command>}: the one entry point of the product. */
@Command(name = "anpr", mixinStandardHelpOptions = true, version = "OpenANPR 0.1.0",
        description = "OpenANPR: open ANPR back office (kentekenherkenning).",
        subcommands = {ServeCommand.class, WorkerCommand.class, RecognizeCommand.class, DbCommand.class, AuditCommand.class, AdminTokenCommand.class, RetentionCommand.class, BenchCommand.class, TestCommand.class,
                RegistryCommand.class, EvidenceCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(Main::handle).execute(args);
    }

    /** A wrong option value is the user's to fix: its message and exit code 2, not a stack trace. */
    private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) throws Exception {
        if (!(e instanceof IllegalArgumentException)) throw e;
        cmd.getErr().println("anpr " + cmd.getCommandName() + ": " + e.getMessage());
        return CommandLine.ExitCode.USAGE;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
