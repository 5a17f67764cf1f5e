package org.openanpr.cli;

import picocli.CommandLine.Command;

/** Tests run through Maven, which the launcher script calls; this command only documents that. */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Runs every test (unit, PostgreSQL, HTTP, browser) through Maven.",
                "Handled by the ./anpr script: './anpr test [maven options]', e.g. './anpr test -Dtest=ReadIngestTest'."})
final class TestCommand implements Runnable {
    @Override
    public void run() {
        System.err.println("run tests with ./anpr test (the launcher script runs Maven)");
    }
}
