package org.openanpr.cli;

import org.openanpr.db.Database;
import org.openanpr.demo.DemoFeeder;
import org.openanpr.demo.DemoLists;
import org.openanpr.demo.DemoRegion;
import org.openanpr.demo.DemoTraffic;
import org.openanpr.access.TokenStore;
import org.openanpr.access.Tokens;
import org.openanpr.server.OpenAnprServer;
import org.openanpr.server.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs the back office: ingest API, search, web page.",
                "The admin token comes from ANPR_ADMIN_TOKEN, or is generated and printed once at first start."})
final class ServeCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions database;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--demo", description = "Create the demo region (Utrecht, ~20 cameras) and feed it live traffic.")
    boolean demo;

    @Option(names = "--rate", defaultValue = "5", description = "Demo reads per second, day average (default: ${DEFAULT-VALUE}).")
    double rate;

    @Override
    public Integer call() throws Exception {
        if (rate <= 0 || rate > 5_000) throw new IllegalArgumentException("--rate must be between 0 and 5000");
        Database db = database.open(16).migrate();
        ServerConfig config = new ServerConfig(host, port, Clock.systemUTC(), org.openanpr.passage.IngestLimits.DEFAULT,
                System.getenv("ANPR_ADMIN_TOKEN"));
        OpenAnprServer server = OpenAnprServer.start(db.dataSource(), config);
        DemoFeeder feeder = null;
        String url = "http://localhost:" + server.port() + "/";
        System.out.println("OpenANPR is up at " + url + "  (database: " + db.displayUrl() + ")");
        if (server.generatedAdminToken() != null) {
            System.out.println("Admin token (shown once, stored hashed): " + server.generatedAdminToken());
            System.out.println("Log in: open " + url + "#token=" + server.generatedAdminToken());
        } else if (!demo) {
            System.out.println("Log in with your admin token (ANPR_ADMIN_TOKEN, or the one printed at first start): "
                    + url + "#token=<token>");
        }
        if (demo) {
            DemoRegion region = DemoRegion.utrecht();
            server.cameras().saveAll(region.cameras());
            String demoToken = Tokens.generate("demo");
            new TokenStore(db.dataSource()).registerAdmin(demoToken, "demo session");
            DemoTraffic traffic = new DemoTraffic(region, rate, System.nanoTime());
            DemoLists.install("http://127.0.0.1:" + server.port(), demoToken, region.organisation(), traffic);
            feeder = new DemoFeeder(traffic, server.ingest()::ingest, Clock.systemUTC());
            feeder.start();
            System.out.println("Demo: " + region.cameras().size() + " cameras in " + region.name() + ", ~" + rate + " reads/s");
            System.out.println("Demo login: open " + url + "#token=" + demoToken);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        DemoFeeder demoFeeder = feeder;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (demoFeeder != null) demoFeeder.close();
            server.close();
            db.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }
}
