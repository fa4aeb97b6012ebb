package io.cow.web.protocol;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class HostsTest {

    @Test
    void theHostTableDerivesLoginPushAndFileHosts() {
        assertThat(Hosts.forMainHost("wx2.qq.com")).isEqualTo(new Hosts("https://login.wx2.qq.com", "https://wx2.qq.com",
                "https://webpush.wx2.qq.com", "https://file.wx2.qq.com"));
        assertThat(Hosts.forMainHost("wx8.qq.com").push()).isEqualTo("https://webpush.wx8.qq.com");
        assertThat(Hosts.forMainHost("wx.qq.com").push()).isEqualTo("https://webpush.wx.qq.com");
        assertThat(Hosts.forMainHost("wx.qq.com").login()).isEqualTo("https://login.wx.qq.com");
        assertThat(Hosts.forMainHost("web2.wechat.com").file()).isEqualTo("https://file.web2.wechat.com");
        assertThat(Hosts.forMainHost("web.wechat.com").push()).isEqualTo("https://webpush.web.wechat.com");
        Hosts other = Hosts.forMainHost("example.org");
        assertThat(other.login()).isEqualTo("https://login.weixin.qq.com");
        assertThat(other.push()).isEqualTo("https://webpush.weixin.qq.com");
        assertThat(other.file()).isEqualTo("https://file.wx.qq.com");
    }

    @Test
    void theRedirectsHostBecomesTheMainHost() {
        Hosts hosts = Hosts.afterLogin(URI.create("https://wx2.qq.com/cgi-bin/mmwebwx-bin/webwxnewloginpage?ticket=t"), Optional.empty());

        assertThat(hosts.mainApi("webwxinit")).isEqualTo("https://wx2.qq.com/cgi-bin/mmwebwx-bin/webwxinit");
        assertThat(hosts.pushApi("synccheck")).isEqualTo("https://webpush.wx2.qq.com/cgi-bin/mmwebwx-bin/synccheck");
    }

    @Test
    void anEndpointIsEveryHost() {
        Optional<String> endpoint = Optional.of("http://127.0.0.1:9000/");
        Hosts before = Hosts.beforeLogin(endpoint);
        Hosts after = Hosts.afterLogin(URI.create("https://wx2.qq.com/cgi-bin/mmwebwx-bin/webwxnewloginpage?ticket=t"), endpoint);

        for (Hosts hosts : new Hosts[]{before, after}) {
            assertThat(hosts.login()).isEqualTo("http://127.0.0.1:9000");
            assertThat(hosts.main()).isEqualTo("http://127.0.0.1:9000");
            assertThat(hosts.push()).isEqualTo("http://127.0.0.1:9000");
            assertThat(hosts.file()).isEqualTo("http://127.0.0.1:9000");
        }
        assertThat(Hosts.qrCodeContent("abc==")).as("the phone's login link, not the endpoint").isEqualTo("https://login.weixin.qq.com/l/abc==");
        assertThat(Hosts.loginPage(URI.create("https://wx2.qq.com/cgi-bin/mmwebwx-bin/webwxnewloginpage?ticket=t&uuid=u"), endpoint))
                .isEqualTo(URI.create("http://127.0.0.1:9000/cgi-bin/mmwebwx-bin/webwxnewloginpage?ticket=t&uuid=u"));
    }

    @Test
    void withoutEndpointTheRealHostsAreUsed() {
        Hosts hosts = Hosts.beforeLogin(Optional.empty());

        assertThat(hosts.login()).isEqualTo("https://login.wx.qq.com");
        assertThat(Hosts.qrCodeContent("4dcaWx3uBw==")).isEqualTo("https://login.weixin.qq.com/l/4dcaWx3uBw==");
        URI redirect = URI.create("https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxnewloginpage?ticket=t");
        assertThat(Hosts.loginPage(redirect, Optional.empty())).isEqualTo(redirect);
    }
}
