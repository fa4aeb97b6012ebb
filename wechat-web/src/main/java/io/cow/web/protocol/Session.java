package io.cow.web.protocol;

import io.cow.core.secret.Secrets;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One logged-in web session: the hosts, the credentials of BaseRequest, the pass ticket and where the message
 * stream stands. The skey and the sync keys change as the session goes on; everything else is fixed. Every
 * credential is registered as a secret when the session is made.
 */
public final class Session {

    private final Hosts hosts;
    private final long uin;
    private final String sid;
    private final String passTicket;
    private volatile String skey;
    private volatile SyncKey syncKey;
    private volatile SyncKey syncCheckKey;
    private volatile String selfUserName = "";
    private volatile String selfNickName = "";

    public Session(Hosts hosts, long uin, String sid, String skey, String passTicket) {
        this.hosts = Objects.requireNonNull(hosts, "hosts");
        this.uin = uin;
        this.sid = Objects.requireNonNull(sid, "sid");
        this.skey = Objects.requireNonNull(skey, "skey");
        this.passTicket = Objects.requireNonNull(passTicket, "passTicket");
        Secrets.register(sid);
        Secrets.register(skey);
        Secrets.register(passTicket);
        Secrets.register(UrlCodec.encode(passTicket));
        Secrets.register(UrlCodec.encode(skey));
    }

    public Hosts hosts() {
        return hosts;
    }

    public long uin() {
        return uin;
    }

    public String sid() {
        return sid;
    }

    public String skey() {
        return skey;
    }

    public String passTicket() {
        return passTicket;
    }

    /** Takes a new skey when the server hands one out (webwxinit and webwxsync may). */
    public void updateSkey(String newSkey) {
        if (newSkey != null && !newSkey.isBlank()) {
            Secrets.register(newSkey);
            Secrets.register(UrlCodec.encode(newSkey));
            this.skey = newSkey;
        }
    }

    public SyncKey syncKey() {
        return syncKey;
    }

    /** The key synccheck is called with: the last SyncCheckKey, or the SyncKey when there was none. */
    public SyncKey syncCheckKey() {
        return syncCheckKey != null ? syncCheckKey : syncKey;
    }

    public void updateSyncKeys(SyncKey newSyncKey, SyncKey newSyncCheckKey) {
        if (newSyncKey != null) {
            this.syncKey = newSyncKey;
        }
        if (newSyncCheckKey != null) {
            this.syncCheckKey = newSyncCheckKey;
        }
    }

    public String selfUserName() {
        return selfUserName;
    }

    public String selfNickName() {
        return selfNickName;
    }

    public void self(String userName, String nickName) {
        this.selfUserName = userName == null ? "" : userName;
        this.selfNickName = nickName == null ? "" : nickName;
    }

    /** The BaseRequest every JSON body carries; the DeviceID is new at every call, as the official client does. */
    public Map<String, Object> baseRequest() {
        Map<String, Object> base = new LinkedHashMap<>();
        base.put("Uin", uin);
        base.put("Sid", sid);
        base.put("Skey", skey);
        base.put("DeviceID", deviceId());
        return base;
    }

    /** {@code e} and 15 random digits. */
    public static String deviceId() {
        StringBuilder id = new StringBuilder("e");
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 15; i++) {
            id.append((char) ('0' + random.nextInt(10)));
        }
        return id.toString();
    }
}
