package io.cow.web.login;

import io.cow.web.http.CookieJar;
import io.cow.web.protocol.Hosts;
import io.cow.web.protocol.Session;
import io.cow.web.protocol.SyncKey;

import java.util.List;

/**
 * What is kept of a session between runs for hot login: hosts, BaseRequest credentials, pass ticket, sync
 * keys, the own account and the cookies. Stored as JSON in the channel state store.
 *
 * @param endpoint the {@code web.endpoint} it was made with, empty for the real service: a session is only
 *                 resumed against the service that issued it
 */
public record SavedSession(int version, String endpoint, Hosts hosts, long uin, String sid, String skey, String passTicket,
                           List<SyncKey.Entry> syncKey, List<SyncKey.Entry> syncCheckKey,
                           String selfUserName, String selfNickName, List<CookieJar.StoredCookie> cookies,
                           long savedAt) {

    public static final int VERSION = 1;

    public SavedSession {
        syncKey = syncKey == null ? List.of() : List.copyOf(syncKey);
        syncCheckKey = syncCheckKey == null ? List.of() : List.copyOf(syncCheckKey);
        cookies = cookies == null ? List.of() : List.copyOf(cookies);
        selfUserName = selfUserName == null ? "" : selfUserName;
        selfNickName = selfNickName == null ? "" : selfNickName;
        endpoint = endpoint == null ? "" : endpoint;
    }

    static SavedSession of(String endpoint, Session session, CookieJar cookies, long now) {
        return new SavedSession(VERSION, endpoint, session.hosts(), session.uin(), session.sid(), session.skey(),
                session.passTicket(), entries(session.syncKey()), entries(session.syncCheckKey()),
                session.selfUserName(), session.selfNickName(), cookies.all(), now);
    }

    /** A live session object from what was saved (its secrets registered again). */
    public Session toSession() {
        Session session = new Session(hosts, uin, sid, skey, passTicket);
        session.self(selfUserName, selfNickName);
        session.updateSyncKeys(syncKey.isEmpty() ? null : new SyncKey(syncKey),
                syncCheckKey.isEmpty() ? null : new SyncKey(syncCheckKey));
        return session;
    }

    private static List<SyncKey.Entry> entries(SyncKey key) {
        return key == null ? List.of() : key.entries();
    }
}
