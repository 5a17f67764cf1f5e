package org.openanpr.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code serve} does when not told otherwise. */
class ServeDefaultsTest {
    @Test
    void serveListensOnThisMachineOnlyUnlessHostSaysOtherwise() {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs();
        assertThat(serve.host).isEqualTo("127.0.0.1");
        assertThat(serve.tokenLifetimeDays).isEqualTo(90);
        assertThat(serve.trustedProxies).isEmpty();

        ServeCommand open = new ServeCommand();
        new CommandLine(open).parseArgs("--host", "0.0.0.0", "--trusted-proxy", "10.0.0.2", "--trusted-proxy", "10.0.0.3");
        assertThat(open.host).isEqualTo("0.0.0.0");
        assertThat(open.trustedProxies).containsExactlyInAnyOrder("10.0.0.2", "10.0.0.3");
    }
}
