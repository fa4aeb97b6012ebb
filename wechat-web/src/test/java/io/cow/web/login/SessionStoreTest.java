package io.cow.web.login;

import io.cow.core.store.InMemoryChannelStateStore;
import io.cow.web.http.CookieJar;
import io.cow.web.protocol.Hosts;
import io.cow.web.protocol.Session;
import io.cow.web.protocol.SyncKey;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SessionStoreTest {

    private final InMemoryChannelStateStore state = new InMemoryChannelStateStore();
    private final Clock clock = Clock.systemUTC();

    private static Session session() {
        Session session = new Session(Hosts.forMainHost("wx2.qq.com"), 155217200L, "PsWd4FvKROR5EVcG",
                "@crypt_8e4ad7fa_2703a47aaf8cd4d3e61b855795e38568", "VgRra8tyYbvfTTS3+ZV9X1PB9w9w=");
        session.self("@self", "Botty");
        session.updateSyncKeys(new SyncKey(List.of(new SyncKey.Entry(1, 636444437), new SyncKey.Entry(1000, 1463740202))),
                new SyncKey(List.of(new SyncKey.Entry(1, 636444438))));
        return session;
    }

    @Test
    void aSavedSessionComesBackWithEverythingHotLoginNeeds() {
        CookieJar cookies = new CookieJar();
        cookies.store(URI.create("https://wx2.qq.com/"), List.of("wxuin=155217200; Domain=wx2.qq.com",
                "webwx_auth_ticket=auth-ticket-123456; Domain=.qq.com"), 0);
        new SessionStore(state, "web", true, "", clock, Runnable::run).save(session(), cookies);

        SavedSession saved = new SessionStore(state, "web", true, "", clock, Runnable::run).load().orElseThrow();
        Session back = saved.toSession();

        assertThat(back.hosts()).isEqualTo(Hosts.forMainHost("wx2.qq.com"));
        assertThat(back.uin()).isEqualTo(155217200L);
        assertThat(back.sid()).isEqualTo("PsWd4FvKROR5EVcG");
        assertThat(back.skey()).isEqualTo("@crypt_8e4ad7fa_2703a47aaf8cd4d3e61b855795e38568");
        assertThat(back.passTicket()).isEqualTo("VgRra8tyYbvfTTS3+ZV9X1PB9w9w=");
        assertThat(back.selfUserName()).isEqualTo("@self");
        assertThat(back.syncKey().asParameter()).isEqualTo("1_636444437|1000_1463740202");
        assertThat(back.syncCheckKey().asParameter()).isEqualTo("1_636444438");
        CookieJar restored = new CookieJar();
        restored.restore(saved.cookies());
        assertThat(restored.header(URI.create("https://webpush.wx2.qq.com/cgi-bin/mmwebwx-bin/synccheck"), 0))
                .contains("wxuin=155217200; webwx_auth_ticket=auth-ticket-123456");
    }

    @Test
    void aSessionOfAnotherServiceIsNotResumed() {
        new SessionStore(state, "web", true, "http://127.0.0.1:9000", clock, Runnable::run).save(session(), new CookieJar());

        assertThat(new SessionStore(state, "web", true, "", clock, Runnable::run).load()).isEmpty();
        assertThat(new SessionStore(state, "web", true, "http://127.0.0.1:9001", clock, Runnable::run).load()).isEmpty();
        assertThat(new SessionStore(state, "web", true, "http://127.0.0.1:9000", clock, Runnable::run).load()).isPresent();
    }

    @Test
    void unreadableOrForeignStateIsIgnored() {
        state.put("web", "session", "{not json");
        assertThat(new SessionStore(state, "web", true, "", clock, Runnable::run).load()).isEmpty();
        state.put("web", "session", "{\"version\":99}");
        assertThat(new SessionStore(state, "web", true, "", clock, Runnable::run).load()).isEmpty();
    }

    @Test
    void withHotLoginOffNothingIsSavedOrRead() {
        SessionStore off = new SessionStore(state, "web", false, "", clock, Runnable::run);
        off.save(session(), new CookieJar());
        off.saveSoon(session(), new CookieJar());
        assertThat(state.get("web", "session")).isEmpty();
        new SessionStore(state, "web", true, "", clock, Runnable::run).save(session(), new CookieJar());
        assertThat(off.load()).isEmpty();
    }
}
