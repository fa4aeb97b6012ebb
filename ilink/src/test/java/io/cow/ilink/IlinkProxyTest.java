package io.cow.ilink;

import io.cow.testkit.ilink.SentMessage;
import io.cow.testkit.net.TestProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.cow.ilink.IlinkTestBot.USER;
import static io.cow.ilink.IlinkTestBot.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/** The iLink channel's requests (login, polls, sends) go through the configured HTTP proxy, and past it for noProxy. */
class IlinkProxyTest {

    @TempDir
    Path data;

    private final TestProxy proxy = TestProxy.start();
    private IlinkTestBot t;

    @BeforeEach
    void setUp() {
        t = new IlinkTestBot(data);
        // localhost is never proxied, so the simulator gets a name only the proxy knows
        proxy.route("ilink.test", t.sim.port());
        t.sim.advertiseBaseUrl("http://ilink.test");
        t.set("ilink.baseUrl", "http://ilink.test").set("ilink.cdnBaseUrl", "http://ilink.test/c2c").set("proxy", proxy.url());
    }

    @AfterEach
    void tearDown() {
        t.close();
        proxy.close();
    }

    @Test
    void theLoginThePollsAndTheRepliesGoThroughTheProxy() {
        t.start();
        t.login(1);
        t.sim.sendText(USER, "hello");

        SentMessage reply = t.sim.awaitSent(1, WAIT).get(0);

        assertThat(reply.text()).isEqualTo("Echo: hello");
        assertThat(proxy.requests()).anyMatch(r -> r.startsWith("POST http://ilink.test/ilink/bot/get_bot_qrcode"))
                .anyMatch(r -> r.startsWith("GET http://ilink.test/ilink/bot/get_qrcode_status"))
                .anyMatch(r -> r.startsWith("POST http://ilink.test/ilink/bot/getupdates"))
                .anyMatch(r -> r.startsWith("POST http://ilink.test/ilink/bot/sendmessage"));
    }

    @Test
    void aHostInNoProxyIsReachedDirectlyAndAFailureNamesItsHostAndPort() {
        String direct = "ilink-direct.test";
        t.set("ilink.baseUrl", "http://" + direct + ":" + t.sim.port()).set("noProxy", direct);

        t.start();

        // the name resolves nowhere: the direct attempt fails and says which host and port it could not reach
        String line = t.logs.awaitContaining("cannot reach " + direct + ":" + t.sim.port(), WAIT);
        assertThat(line).doesNotContain("through the proxy");
        assertThat(proxy.count(direct)).isZero();
    }
}
