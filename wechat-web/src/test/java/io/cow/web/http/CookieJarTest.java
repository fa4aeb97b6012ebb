package io.cow.web.http;

import io.cow.core.secret.Secrets;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CookieJarTest {

    @Test
    void domainCookiesReachEveryHostOfTheFamily() {
        CookieJar jar = new CookieJar();
        jar.store(URI.create("https://wx2.qq.com/cgi-bin/mmwebwx-bin/webwxnewloginpage"), List.of(
                "wxsid=PsWd4FvKROR5EVcG; Domain=wx2.qq.com; Path=/",
                "webwx_data_ticket=gSc-data-ticket; Domain=.qq.com; Path=/",
                "mm_lang=zh_CN; Path=/"), 0);

        assertThat(jar.header(URI.create("https://webpush.wx2.qq.com/cgi-bin/mmwebwx-bin/synccheck"), 0))
                .contains("wxsid=PsWd4FvKROR5EVcG; webwx_data_ticket=gSc-data-ticket");
        assertThat(jar.header(URI.create("https://wx2.qq.com/x"), 0)).get().asString().contains("mm_lang=zh_CN");
        assertThat(jar.header(URI.create("https://example.org/x"), 0)).isEmpty();
        assertThat(jar.value("webwx_data_ticket")).contains("gSc-data-ticket");
    }

    @Test
    void cookiesForForeignDomainsAreRefused() {
        CookieJar jar = new CookieJar();
        jar.store(URI.create("https://wx.qq.com/"), List.of("evil=1; Domain=example.org"), 0);
        assertThat(jar.all()).isEmpty();
    }

    @Test
    void expiredAndDeletedCookiesAreNotSent() {
        CookieJar jar = new CookieJar();
        URI uri = URI.create("http://127.0.0.1:9000/cgi-bin/mmwebwx-bin/webwxinit");
        jar.store(uri, List.of("short=1; Max-Age=10", "gone=1"), 0);
        jar.store(uri, List.of("gone=; Max-Age=0"), 0);

        assertThat(jar.header(uri, 5_000)).contains("short=1");
        assertThat(jar.header(uri, 11_000)).isEmpty();
    }

    @Test
    void aRestoredJarSendsTheSameCookiesAndTheirValuesAreSecrets() {
        CookieJar jar = new CookieJar();
        URI uri = URI.create("http://127.0.0.1:9000/cgi-bin/mmwebwx-bin/webwxnewloginpage");
        jar.store(uri, List.of("webwx_auth_ticket=auth-ticket-secret-123; Path=/"), 0);
        CookieJar restored = new CookieJar();
        restored.restore(jar.all());

        assertThat(restored.header(uri, 0)).contains("webwx_auth_ticket=auth-ticket-secret-123");
        assertThat(Secrets.redact("cookie auth-ticket-secret-123")).isEqualTo("cookie " + Secrets.MARK);
    }
}
