package org.openanpr.cli;

import org.openanpr.audit.AuditCheckpoints;
import org.openanpr.audit.CheckpointKey;
import org.openanpr.db.Database;
import org.openanpr.demo.DemoFeeder;
import org.openanpr.demo.DemoPlatePhotos;
import org.openanpr.demo.DemoLists;
import org.openanpr.demo.DemoRegion;
import org.openanpr.demo.DemoSections;
import org.openanpr.demo.DemoTraffic;
import org.openanpr.demo.DemoUsers;
import org.openanpr.http.ApiClient;
import org.openanpr.access.SystemToken;
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

    @Mixin
    AuditCommand.CheckpointOptions checkpoints;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--federation-kafka", paramLabel = "BOOTSTRAP", description = "Kafka brokers for hit-list federation "
            + "(host:port,...): published list versions also go to the topic <prefix>.federation.<organisation>, and "
            + "subscriptions may read such a topic (transport kafka). Default: the --kafka cluster, else HTTP only.")
    String federationKafka;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}, "
            + "this machine only; 0.0.0.0 for every network interface).")
    String host;

    @Option(names = "--trusted-proxy", paramLabel = "ADDRESS", description = "A reverse proxy whose X-Forwarded-For header "
            + "names the client (for the login throttle and the audit log); repeatable. From any other address the header is ignored.")
    java.util.Set<String> trustedProxies = new java.util.HashSet<>();

    @Option(names = "--token-lifetime-days", defaultValue = "90", description = "Longest life of a person's API token, in days "
            + "(default: ${DEFAULT-VALUE}).")
    int tokenLifetimeDays;

    @Option(names = "--demo", description = "Create the demo region (Utrecht, ~20 cameras) and feed it live traffic.")
    boolean demo;

    @Option(names = "--rate", defaultValue = "5", description = "Demo reads per second, day average (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--tls-keystore", description = "Serve HTTPS only, with the key and certificate in this PKCS#12 file; "
            + "its password comes from ANPR_TLS_PASSWORD.")
    java.nio.file.Path tlsKeystore;

    @Option(names = "--equipment-port", description = "With --tls-keystore: a second HTTPS port for cameras and connectors' "
            + "equipment only, which asks every connection for a client certificate (mutual TLS) and serves only deliveries; "
            + "a connector with a registered client certificate accepts deliveries only here.")
    Integer equipmentPort;

    @Option(names = "--tile-url", description = "Map tile URL template for the web map, e.g. https://tiles.example.nl/{z}/{x}/{y}.png "
            + "(default: none, the map shows a bundled outline of the Netherlands and Belgium).")
    String tileUrl;

    @Option(names = "--tile-attribution", defaultValue = "", description = "Attribution shown with the map tiles.")
    String tileAttribution;

    @Option(names = "--max-import-mb", defaultValue = "64", description = "Largest reference list file, in MiB (default: "
            + "${DEFAULT-VALUE}, which 2 GiB of the default 4 GiB heap hold; a file is checked whole before it is stored, so allow about 32 MiB "
            + "of heap per MiB: raise the heap in ANPR_JAVA_OPTS with it).")
    int maxImportMb;

    @Override
    public Integer call() throws Exception {
        if (rate <= 0 || rate > 5_000) throw new IllegalArgumentException("--rate must be between 0 and 5000");
        if (maxImportMb < 1) throw new IllegalArgumentException("--max-import-mb must be at least 1");
        if (tokenLifetimeDays < 1 || tokenLifetimeDays > 3650)
            throw new IllegalArgumentException("--token-lifetime-days must be between 1 and 3650");
        String adminToken = System.getenv("ANPR_ADMIN_TOKEN");
        // Checked before anything touches the database, so that a refused start changes nothing.
        if (adminToken != null && !adminToken.isEmpty()) SystemToken.check(adminToken);
        ServerConfig config = ServerConfig.defaults(port).withAdminToken(adminToken)
                .withLimits(org.openanpr.passage.IngestLimits.DEFAULT.withMaxImportBytes(maxImportMb * 1024L * 1024))
                .withHost(host)
                .withTokenLifetime(java.time.Duration.ofDays(tokenLifetimeDays))
                .withTrustedProxies(trustedProxies)
                // The login page shows these with their passwords; never the administrator's.
                .withWeb(new ServerConfig.Web(tileUrl, tileAttribution, demo ? DemoUsers.published() : java.util.List.of()));
        if (tlsKeystore != null && demo)
            throw new IllegalArgumentException("--demo is for trying OpenANPR out on this machine over plain HTTP; "
                    + "leave out --tls-keystore (the demo sets itself up through its own API, which would not trust the certificate)");
        if (equipmentPort != null && tlsKeystore == null)
            throw new IllegalArgumentException("--equipment-port needs --tls-keystore: it is HTTPS with client certificates");
        if (equipmentPort != null && (equipmentPort < 1 || equipmentPort > 65535 || equipmentPort == port))
            throw new IllegalArgumentException("--equipment-port: a port from 1 to 65535 other than --port");
        if (tlsKeystore != null) {
            if (!java.nio.file.Files.isReadable(tlsKeystore))
                throw new IllegalArgumentException("--tls-keystore: cannot read " + tlsKeystore);
            String password = System.getenv("ANPR_TLS_PASSWORD");
            if (password == null) throw new IllegalArgumentException("--tls-keystore needs the keystore password in ANPR_TLS_PASSWORD");
            config = config.withTls(new ServerConfig.Tls(tlsKeystore, password, equipmentPort));
        }
        CheckpointKey checkpointKey = CheckpointKey.loadOrCreate(checkpoints.key(database));
        Database db = database.open(16).migrate();
        OpenAnprServer server;
        try {
            if (!demo) {
                java.util.List<String> disabled = DemoUsers.disableOutsideDemo(db.dataSource(), DemoRegion.utrecht().organisation(),
                        new org.openanpr.audit.AuditLog(db.dataSource(), Clock.systemUTC()));
                if (!disabled.isEmpty())
                    System.out.println("Demo accounts disabled (this is not a demo start; serve --demo enables them again): " + disabled);
            }
            server = OpenAnprServer.start(db.dataSource(), config, kafka.settings());
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        org.openanpr.kafka.KafkaSettings federationKafkaSettings = kafka.federation(federationKafka);
        if (federationKafkaSettings != null) server.useFederationKafka(federationKafkaSettings);
        // Evidence packages of zone fines are signed with a key of their own, kept beside the checkpoint key.
        server.zones().useEvidenceKey(CheckpointKey.loadOrCreate(database.data.resolve("evidence.key")));
        server.anchorAuditLog(new AuditCheckpoints(db.dataSource(), checkpoints.file(database), checkpointKey,
                Clock.systemUTC()));
        DemoFeeder feeder = null;
        String url = (tlsKeystore != null ? "https" : "http") + "://localhost:" + server.port() + "/";
        System.out.println("OpenANPR is up at " + url + "  (database: " + db.displayUrl() + ")");
        if (server.equipmentPort() > 0)
            System.out.println("Equipment port (mutual TLS, deliveries only): https://localhost:" + server.equipmentPort()
                    + "/api/v1/ingest/{connector}");
        if (server.generatedAdminToken() != null) {
            System.out.println("Admin token (shown once, stored hashed): " + server.generatedAdminToken());
            System.out.println("Use it as 'Authorization: Bearer <token>' to create organisations and their first administrators.");
        }
        if (demo) {
            DemoRegion region = DemoRegion.utrecht();
            server.cameras().saveAll(region.cameras());
            // A system token for the set-up only, revoked when it is done: it must not outlive this start.
            String demoToken = Tokens.generate("demo");
            TokenStore setUpTokens = new TokenStore(db.dataSource(), Clock.systemUTC());
            setUpTokens.registerAdmin(demoToken, "demo set-up");
            DemoTraffic traffic = new DemoTraffic(region, rate, System.nanoTime());
            ApiClient api = new ApiClient(server.baseUrl(), demoToken);
            ServerConfig.DemoUser demoAdmin;
            org.openanpr.demo.DemoConnector agent;
            // now and then a photo without plate text instead of a read: the server's own recognition reads it
            DemoPlatePhotos photos = new DemoPlatePhotos(Clock.systemUTC());
            try {
                demoAdmin = DemoUsers.install(api, region.organisation(), region.name());
                DemoLists.install(api, region.organisation(), traffic);
                DemoSections.install(api, region.organisation(), region);
                org.openanpr.demo.DemoStakeout.install(api, traffic, Clock.systemUTC());
                org.openanpr.demo.DemoProfiles.install(api, region.organisation());
                org.openanpr.demo.DemoCameraGroups.install(api, region.organisation(), region);
                org.openanpr.demo.DemoBlueIris blueIris = org.openanpr.demo.DemoBlueIris.install(api, server.baseUrl(), region,
                        reads -> server.ingest().ingest(photos.apply(reads)));
                agent = org.openanpr.demo.DemoConnector.install(api, server.baseUrl(), region, blueIris);
                org.openanpr.demo.DemoConnector.importHistory(api, traffic, Clock.systemUTC());
                org.openanpr.demo.DemoZone.install(api, db.dataSource(), server.ingest(), server.zones().stage().registry(), traffic,
                        region.organisation(), Clock.systemUTC());
                org.openanpr.demo.DemoRoads.install(api, region);
                org.openanpr.demo.DemoFederation.install(api, server.baseUrl(), region, traffic);
            } finally {
                setUpTokens.revoke(demoToken);
            }
            feeder = new DemoFeeder(traffic, agent, Clock.systemUTC());
            System.out.println("Demo: camera " + agent.camera() + " delivers through the OpenALPR connector " + org.openanpr.demo.DemoConnector.ID
                    + " (alpr_group webhooks over HTTP), camera " + region.cameras().get(1).id() + " through the Blue Iris connector "
                    + org.openanpr.demo.DemoBlueIris.ID + "; see Connectors in the web app");
            feeder.start();
            System.out.println("Demo: " + region.cameras().size() + " cameras in " + region.name() + ", ~" + rate + " reads/s");
            System.out.println("Demo: the region takes a list from the national hit-list service over federation (here, itself), "
                    + "shares two cameras' passages up, and may exchange with a Belgian unit; see Federation and Cross-border exchange");
            System.out.println("Demo: open " + url + " and pick a role; accounts: "
                    + DemoUsers.published().stream().map(u -> u.username() + " / " + u.password()).toList());
            if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("::1"))
                System.out.println("Warning: --host " + host + " lets other machines reach the demo, whose passwords are public");
            System.out.println("Demo administrator (new password at every demo start, shown only here): "
                    + demoAdmin.username() + " / " + demoAdmin.password());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        DemoFeeder demoFeeder = feeder;
        StopOnSignal.install(() -> {
            if (demoFeeder != null) demoFeeder.close();
            server.close();
            db.close();
            stopped.countDown();
        });
        stopped.await();
        return 0;
    }
}
