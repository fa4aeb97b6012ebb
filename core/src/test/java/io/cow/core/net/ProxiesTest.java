package io.cow.core.net;

import io.cow.core.config.ConfigException;
import io.cow.core.config.Settings;
import io.cow.core.config.SettingsResolver;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Proxy;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One place picks each connection's proxy, as curl and Go read the standard variables. */
class ProxiesTest {

    private static Proxies fromEnv(Map<String, String> env) {
        return Proxies.from(settings(Map.of(), env));
    }

    private static Settings settings(Map<String, Object> file, Map<String, String> env) {
        return new SettingsResolver(ProxySettings.all()).resolve(file, "config.yaml", env, Map.of()).settings();
    }

    private static Optional<String> proxyOf(Proxies proxies, String url) {
        return proxies.proxyFor(URI.create(url)).map(ProxyAddress::hostAndPort);
    }

    @Test
    void httpsTakesHttpsProxyAndHttpTakesHttpProxyEachFallingBackToAllProxy() {
        Proxies proxies = fromEnv(Map.of("HTTPS_PROXY", "http://secure:3128", "ALL_PROXY", "http://all:8080"));
        assertThat(proxyOf(proxies, "https://api.openai.com/v1")).contains("secure:3128");
        assertThat(proxyOf(proxies, "http://example.com/")).contains("all:8080");
        assertThat(proxies.proxyFor("grpc.example.com", 8788).map(ProxyAddress::hostAndPort)).contains("secure:3128");

        Proxies lower = fromEnv(Map.of("https_proxy", "127.0.0.1:7890"));
        assertThat(proxyOf(lower, "https://api.openai.com")).contains("127.0.0.1:7890");
        assertThat(proxyOf(lower, "http://api.openai.com")).isEmpty();
    }

    @Test
    void theProxySettingWinsAndDirectTurnsTheEnvironmentsProxiesOff() {
        Map<String, String> env = Map.of("HTTPS_PROXY", "http://from-env:3128");
        assertThat(proxyOf(Proxies.from(settings(Map.of("proxy", "http://mine:1080"), env)), "https://x.com")).contains("mine:1080");
        assertThat(proxyOf(Proxies.from(settings(Map.of("proxy", "http://mine:1080"), env)), "http://x.com")).contains("mine:1080");
        assertThat(proxyOf(Proxies.from(settings(Map.of("proxy", "direct"), env)), "https://x.com")).isEmpty();
    }

    @Test
    void noProxyMatchesNamesWithTheirSubdomainsAddressesRangesAndPorts() {
        Proxies proxies = fromEnv(Map.of("HTTPS_PROXY", "http://p:3128",
                "NO_PROXY", "internal.example, .corp.test, 10.0.0.0/8, 192.168.1.7, api.local:8443"));
        assertThat(proxyOf(proxies, "https://internal.example")).isEmpty();
        assertThat(proxyOf(proxies, "https://a.b.internal.example")).isEmpty();
        assertThat(proxyOf(proxies, "https://notinternal.example")).contains("p:3128");
        assertThat(proxyOf(proxies, "https://x.corp.test")).isEmpty();
        assertThat(proxyOf(proxies, "https://10.20.30.40")).isEmpty();
        assertThat(proxyOf(proxies, "https://11.0.0.1")).contains("p:3128");
        assertThat(proxyOf(proxies, "https://192.168.1.7")).isEmpty();
        assertThat(proxyOf(proxies, "https://api.local:8443")).isEmpty();
        assertThat(proxyOf(proxies, "https://api.local")).contains("p:3128");
        assertThat(proxyOf(fromEnv(Map.of("HTTPS_PROXY", "http://p:3128", "NO_PROXY", "*")), "https://any.where")).isEmpty();
    }

    @Test
    void localhostAndLoopbackAreAlwaysDirect() {
        Proxies proxies = fromEnv(Map.of("HTTPS_PROXY", "http://p:3128", "HTTP_PROXY", "http://p:3128"));
        assertThat(proxyOf(proxies, "http://localhost:11434/v1")).isEmpty();
        assertThat(proxyOf(proxies, "http://127.0.0.1:11434/v1")).isEmpty();
        assertThat(proxyOf(proxies, "http://[::1]:11434/v1")).isEmpty();
    }

    @Test
    void theSelectorGivesTheJdkAnHttpProxyOrNone() {
        Proxies proxies = fromEnv(Map.of("HTTPS_PROXY", "http://p.example:3128"));
        List<Proxy> chosen = proxies.selector().select(URI.create("https://api.openai.com"));
        assertThat(chosen).hasSize(1);
        assertThat(chosen.get(0).type()).isEqualTo(Proxy.Type.HTTP);
        assertThat(chosen.get(0).address().toString()).contains("p.example").contains("3128");
        assertThat(proxies.selector().select(URI.create("http://api.openai.com"))).containsExactly(Proxy.NO_PROXY);
    }

    @Test
    void credentialsAreUsedButNeverShown() {
        Settings settings = settings(Map.of(), Map.of("HTTPS_PROXY", "http://bob:s3cret-pw@proxy.corp:3128"));
        Proxies proxies = Proxies.from(settings);
        assertThat(proxies.authenticator()).isPresent();
        assertThat(proxies.passwords()).containsExactly("s3cret-pw");
        assertThat(proxies.describe()).anySatisfy(line -> assertThat(line)
                .isEqualTo("https:// and gRPC: http://bob:***@proxy.corp:3128 (from HTTPS_PROXY)"));
        assertThat(String.join("\n", proxies.describe())).doesNotContain("s3cret");
        assertThat(settings.value(ProxySettings.HTTPS_PROXY).display()).isEqualTo("http://bob:***@proxy.corp:3128");
    }

    @Test
    void aSocksProxyFromTheEnvironmentIsSkippedWithAWarningAndOneInTheConfigIsAnError() {
        Proxies proxies = fromEnv(Map.of("ALL_PROXY", "socks5://127.0.0.1:7890", "HTTPS_PROXY", "http://127.0.0.1:7890"));
        assertThat(proxyOf(proxies, "https://api.openai.com")).contains("127.0.0.1:7890");
        assertThat(proxyOf(proxies, "http://example.com")).isEmpty();
        assertThat(proxies.warnings()).singleElement().asString()
                .contains("ALL_PROXY = socks5://127.0.0.1:7890").contains("HTTP proxies only").contains("http:// connections");

        assertThatThrownBy(() -> Proxies.from(settings(Map.of("proxy", "socks5://127.0.0.1:7890"), Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("config key 'proxy'");
    }

    @Test
    void aProxyThatIsNotAUrlIsAConfigurationError() {
        assertThatThrownBy(() -> settings(Map.of("proxy", "http://"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("config key 'proxy'").hasMessageContaining("proxy URL");
    }

    @Test
    void networkErrorsNameHostPortProxyAndTheCauseInWords() {
        Proxies proxies = fromEnv(Map.of("HTTPS_PROXY", "http://p:3128"));
        ConnectException unresolved = new ConnectException();
        unresolved.initCause(new UnresolvedAddressException());
        assertThat(NetworkException.of(URI.create("http://model.example:8000/v1/chat"), unresolved, Proxies.NONE))
                .hasMessage("cannot reach model.example:8000: the host name could not be resolved (DNS)");
        assertThat(NetworkException.of(URI.create("https://api.openai.com/v1"), new ConnectException("Connection refused"), proxies))
                .hasMessageStartingWith("cannot reach api.openai.com:443 through the proxy p:3128: the connection was refused");
        ConnectException wordless = new ConnectException();
        wordless.initCause(new java.nio.channels.ClosedChannelException());
        assertThat(NetworkException.of(URI.create("http://127.0.0.1:9/v1"), wordless, Proxies.NONE))
                .hasMessage("cannot reach 127.0.0.1:9: the connection could not be made (nothing listens on that port, or a firewall refuses it)");
        assertThat(NetworkException.of(URI.create("https://x.org"), new HttpConnectTimeoutException("HTTP connect timed out"), Proxies.NONE))
                .hasMessage("cannot reach x.org:443: no connection within the connect timeout (a firewall may drop the packets)");
        assertThat(NetworkException.of(URI.create("https://x.org"),
                new IOException("Unable to tunnel through proxy. Proxy returns \"HTTP/1.1 407 Proxy Authentication Required\""), proxies))
                .hasMessageContaining("the proxy asks for a login (HTTP 407)");
    }
}
