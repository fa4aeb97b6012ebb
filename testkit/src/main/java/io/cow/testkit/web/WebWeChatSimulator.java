package io.cow.testkit.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A simulator of the web WeChat (UOS desktop) service on 127.0.0.1, for the {@code wechat-web} client's tests and
 * for watching the bot by hand ({@link WebWeChatSimulatorMain}). One base URL serves every host's paths (login,
 * main, push, file), so a client whose {@code web.endpoint} is {@link #baseUrl()} talks only to it. It answers as
 * the protocol fact sheet ({@code shared/reference/web-wechat-protocol.md}) says real servers do, and is strict
 * where they are, so client bugs show up as test failures.
 *
 * <h2>Wire behaviour</h2>
 * <ul>
 *   <li>{@code jslogin} (GET/POST): {@code window.QRLogin.code = 200; window.QRLogin.uuid = "...";} ({@code appid}
 *       must be {@code wx782c26e4c19acffb}, else code 400). {@code /qrcode/<uuid>} serves the QR as PNG,
 *       {@code /l/<uuid>} a small page.</li>
 *   <li>{@code login} long poll ({@link SimulatorOptions#loginPollHold()}): {@code window.code=408;} while
 *       waiting, {@code 201} with {@code window.userAvatar} once after a scan (again after a hold while unconfirmed),
 *       {@code 200} with {@code window.redirect_uri} after confirm, {@code 400} for an unknown, expired or used uuid,
 *       {@code 202} after cancel. A push-login uuid is only prompted on the phone once polled with {@code tip=1}.</li>
 *   <li>{@code webwxnewloginpage}: the XML {@code <error><ret>0</ret>...<skey/><wxsid/><wxuin/><pass_ticket/>}
 *       (pass_ticket percent-encoded) with cookies {@code wxuin wxsid webwx_data_ticket webwxuvid webwx_auth_ticket
 *       wxloadtime mm_lang last_wxuin}; HTTP 200 with {@code version=v2}, else 301 (XML in the body, cookies
 *       set, {@code Location: /}). {@code <ret>1203</ret>} unless the headers {@code client-version} and a
 *       non-empty {@code extspam} are present; {@code <ret>-14</ret>} for a wrong, unconfirmed or used ticket.
 *       A new session ends every other one (their synccheck answers 1101).</li>
 *   <li>JSON endpoints answer {@code BaseResponse} (content type text/plain, as the real service) and check, in
 *       this order: body is JSON (else Ret 1200), {@code BaseRequest} with Uin, Sid and Skey (else Ret 1), the Sid
 *       names a session (else 1100) of this Uin (else 1100), the session is alive (else 1101), the Skey is the
 *       session's (else 1101), the {@code pass_ticket} query parameter decodes to the session's pass_ticket (else
 *       -14). DeviceID is ignored. Wrong field values of a call answer Ret 1.</li>
 *   <li>{@code webwxgetcontact} (GET): session from the cookies {@code wxsid}/{@code wxuin} (else Ret 1102) and the
 *       {@code skey} query parameter; pages of {@link SimulatorOptions#contactPageSize()} chained by {@code Seq}
 *       (0 on the last page). Lists friends, official accounts, {@code filehelper}, {@code weixin} and listed groups
 *       (without members). {@code webwxbatchgetcontact}: at most 50 entries and {@code Count} equal to the list
 *       size (else Ret 1); groups come with {@code MemberList} (members' and the bot's {@code DisplayName});
 *       a person asked with a group's {@code EncryChatRoomId} comes with their display name there.</li>
 *   <li>{@code synccheck}: the cookies {@code wxsid} and {@code wxuin} must match {@code sid} and {@code uin}
 *       (else {@code retcode:"1102"}); unknown sid or other uin 1100, wrong skey 1101, a dead session its retcode;
 *       a {@code synckey} without key 1 answers 1200. It answers {@code selector:"2"} as soon as a message is
 *       queued after the presented key ({@code "6"} for contact changes only), {@code selector:"0"} after
 *       {@link SimulatorOptions#syncCheckHold()}.</li>
 *   <li>{@code webwxsync}: query {@code sid}/{@code skey} must match the BaseRequest; the body's {@code SyncKey} must
 *       have key 1 (else Ret 1). It answers everything queued after that key ({@code AddMsgList},
 *       {@code ModContactList}) and the new {@code SyncKey} and {@code SyncCheckKey}, whose key 1 grows with every
 *       queued entry. An entry leaves the queue when a webwxsync or synccheck presents a key at or past it: a client
 *       that does not advance its key gets the same messages again, as from the real service.</li>
 *   <li>{@code webwxsendmsg}: {@code Msg.Type} 1, non-empty {@code Content}, {@code FromUserName} the session's own
 *       UserName, {@code ToUserName} a UserName of this session, {@code LocalID} equal to {@code ClientMsgId}
 *       (strings or numbers), else Ret 1. Accepted texts are recorded ({@link #sent()}) and echoed into the queue
 *       with {@code FromUserName} = self.</li>
 *   <li>{@code webwxstatusnotify}: {@code FromUserName} self, a known {@code ToUserName}, answers {@code MsgID}.
 *       {@code webwxpushloginurl?uin=}: needs the account's uin and the {@code webwx_auth_ticket} cookie of its
 *       latest login, answers {@code {"ret":"0","msg":"all ok","uuid":...}} or {@code ret "1"}.
 *       {@code webwxlogout}: ends the session named by {@code skey} and {@code sid}/{@code uin}.</li>
 *   <li>Messages: contents HTML-escaped with {@code <br/>} and emoji spans ({@link WebText}); group messages from
 *       members as {@code @sender:<br/>text}; the bot's own (echoes, {@link #sendFromPhone}) without prefix. A new
 *       session's queue starts with a MsgType 51 / StatusNotifyCode 4 message; messages to the bot while no
 *       session lives (and a dead session's unacknowledged ones) wait for the next login.</li>
 *   <li>UserNames ({@code @<64 hex>}, {@code @@<64 hex>}, {@code @<32 hex>} for official accounts) are new in every
 *       session; nicknames, remark names and topics stay.</li>
 * </ul>
 *
 * <h2>Java API</h2>
 * Contacts: {@link #addFriend(String)}, {@link #addFriend(String, String)}, {@link #addOfficialAccount(String)},
 * {@link #addStranger(String)}, {@link #addGroup(String, SimContact...)} (then {@link SimGroup#displayName},
 * {@link SimGroup#botDisplayName}, {@link SimGroup#unlisted}), {@link #filehelper()}, {@link #weixin()},
 * {@link #self()}. The phone: {@link #awaitQrUuid}, {@link #scan}, {@link #confirm}, {@link #cancel},
 * {@link #expire}, {@link #scanAndConfirm}, {@link #awaitPushPrompt}, {@link #autoConfirmPushLogin},
 * {@link #revokePushLogin}, {@link #logoutFromPhone}, {@link #killSessions}. Traffic to the bot (each returns the
 * MsgId): {@link #sendText} (optionally with a {@code CreateTime}), {@link #sendGroupText}, {@link #sendFromPhone},
 * {@link #sendSystemText}, {@link #enqueueRaw}, {@link #enqueue} (built with the receiving session's UserNames).
 * From the bot: {@link #sent()}, {@link #sentTo}, {@link #awaitSent}, {@link #onSent}. UserNames of the live
 * session: {@link #userName}, {@link #selfUserName}. State: {@link #awaitLoggedIn}, {@link #awaitPolling}, {@link #loggedIn},
 * {@link #sessionsCreated}, {@link #qrState}, {@link #qrUuids}, {@link #onQrUuid}; {@link #syncCheckHold(Duration)}
 * and {@link #loginPollHold(Duration)} change the holds at run time. Faults: {@link #faults()}. Requests:
 * {@link #requests()}, {@link #requests(String)}, {@link #awaitRequests}. All methods are thread-safe; the
 * {@code await*} methods throw {@link AssertionError} on timeout.
 */
public final class WebWeChatSimulator implements AutoCloseable {

    static final String API = "/cgi-bin/mmwebwx-bin/";
    private static final Logger log = LoggerFactory.getLogger(WebWeChatSimulator.class);

    /** Guards all mutable state of the simulated service; long polls wait on it. */
    final Object lock = new Object();
    final Ids ids = new Ids();
    final SimulatorOptions options;
    final SimFaults faults = new SimFaults();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Javalin server;
    private final List<Consumer<SentMessage>> sentListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> qrListeners = new CopyOnWriteArrayList<>();
    private volatile Duration syncCheckHold;
    private volatile Duration loginPollHold;

    // Everything below is guarded by lock.
    final long uin;
    final SimContact self;
    final SimContact filehelper;
    final SimContact weixin;
    final List<SimContact> contacts = new ArrayList<>();
    final List<SimGroup> groups = new ArrayList<>();
    final Map<String, QrLogin> logins = new LinkedHashMap<>();
    final Map<String, SimSession> sessions = new LinkedHashMap<>();
    final List<SimSession.Delivery> offline = new ArrayList<>();
    final List<SentMessage> sent = new ArrayList<>();
    final List<SentMedia> sentMedia = new ArrayList<>();
    /** What contacts sent as media, by MsgId and (files) by MediaId. */
    private final Map<String, StoredMedia> mediaByMsgId = new java.util.HashMap<>();
    private final Map<String, StoredMedia> mediaByMediaId = new java.util.HashMap<>();
    private final Deque<SimRequest> requestLog = new ArrayDeque<>();
    SimSession live;
    String authTicket;
    final String uvid = Ids.hex(64);
    boolean autoConfirmPush;
    private int nextChatId;
    private int sessionNumber;

    private WebWeChatSimulator(SimulatorOptions options) {
        this.options = options;
        this.syncCheckHold = options.syncCheckHold();
        this.loginPollHold = options.loginPollHold();
        this.uin = options.selfUin() != 0 ? options.selfUin() : Ids.uin();
        this.self = new SimContact(nextChatId++, SimContact.Kind.SELF, options.selfNickName(), "", null);
        this.filehelper = new SimContact(nextChatId++, SimContact.Kind.SPECIAL, "文件传输助手", "", "filehelper");
        this.weixin = new SimContact(nextChatId++, SimContact.Kind.SPECIAL, "微信团队", "", "weixin");
        contacts.add(filehelper);
        contacts.add(weixin);
        LoginEndpoints login = new LoginEndpoints(this);
        SessionEndpoints session = new SessionEndpoints(this);
        MediaEndpoints media = new MediaEndpoints(this);
        QueuedThreadPool threads = new QueuedThreadPool(200, 2, 60_000);
        threads.setName("websim");
        this.server = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.threadPool = threads;
            // Uploads come in chunks of 512 KiB, but a whole form is a little more.
            config.http.maxRequestSize = 8L * 1024 * 1024;
            route(config.routes, "jslogin", login::jslogin, "/jslogin", HandlerType.GET, HandlerType.POST);
            route(config.routes, "qrcode", login::qrcode, "/qrcode/{uuid}", HandlerType.GET);
            route(config.routes, "l", login::qrPage, "/l/{uuid}", HandlerType.GET);
            route(config.routes, "login", login::login, API + "login", HandlerType.GET);
            route(config.routes, "webwxnewloginpage", login::newLoginPage, API + "webwxnewloginpage", HandlerType.GET);
            route(config.routes, "webwxpushloginurl", login::pushLoginUrl, API + "webwxpushloginurl", HandlerType.GET);
            route(config.routes, "webwxinit", session::init, API + "webwxinit", HandlerType.POST);
            route(config.routes, "webwxstatusnotify", session::statusNotify, API + "webwxstatusnotify", HandlerType.POST);
            route(config.routes, "webwxgetcontact", session::getContact, API + "webwxgetcontact",
                    HandlerType.GET, HandlerType.POST);
            route(config.routes, "webwxbatchgetcontact", session::batchGetContact, API + "webwxbatchgetcontact",
                    HandlerType.POST);
            route(config.routes, "synccheck", session::syncCheck, API + "synccheck", HandlerType.GET);
            route(config.routes, "webwxsync", session::sync, API + "webwxsync", HandlerType.POST);
            route(config.routes, "webwxsendmsg", session::sendMsg, API + "webwxsendmsg", HandlerType.POST);
            route(config.routes, "webwxgetmsgimg", media::getMsgImg, API + "webwxgetmsgimg", HandlerType.GET);
            route(config.routes, "webwxgetvoice", media::getVoice, API + "webwxgetvoice", HandlerType.GET);
            route(config.routes, "webwxgetvideo", media::getVideo, API + "webwxgetvideo", HandlerType.GET);
            route(config.routes, "webwxgetmedia", media::getMedia, API + "webwxgetmedia", HandlerType.GET);
            route(config.routes, "webwxuploadmedia", media::upload, API + "webwxuploadmedia", HandlerType.POST);
            route(config.routes, "webwxsendmsgimg", media::sendMsgImg, API + "webwxsendmsgimg", HandlerType.POST);
            route(config.routes, "webwxsendappmsg", media::sendAppMsg, API + "webwxsendappmsg", HandlerType.POST);
            route(config.routes, "webwxlogout", session::logout, API + "webwxlogout", HandlerType.GET, HandlerType.POST);
            config.routes.get("/", ctx -> ctx.contentType("text/html; charset=UTF-8")
                    .result("<!DOCTYPE html><html><head><title>Web WeChat simulator</title></head><body>"
                            + "Web WeChat simulator</body></html>"));
        });
    }

    /** Starts a simulator with the real service's timings on a free port of 127.0.0.1. */
    public static WebWeChatSimulator start() {
        return start(SimulatorOptions.defaults());
    }

    /** Starts a simulator with these options on 127.0.0.1. */
    public static WebWeChatSimulator start(SimulatorOptions options) {
        WebWeChatSimulator sim = new WebWeChatSimulator(options);
        sim.server.start("127.0.0.1", options.port());
        log.debug("Web WeChat simulator listening on {}", sim.baseUrl());
        return sim;
    }

    /** The one base URL for every host, e.g. {@code http://127.0.0.1:40123}; set it as the client's endpoint. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public int port() {
        return server.port();
    }

    public SimulatorOptions options() {
        return options;
    }

    /** The account's uin (stable across sessions). */
    public long uin() {
        return uin;
    }

    public String selfNickName() {
        return self.nickName();
    }

    /** Changes how long synccheck holds an idle poll, from the next poll on. */
    public WebWeChatSimulator syncCheckHold(Duration hold) {
        this.syncCheckHold = Objects.requireNonNull(hold);
        return this;
    }

    /** Changes how long the login poll holds while nothing happens, from the next poll on. */
    public WebWeChatSimulator loginPollHold(Duration hold) {
        this.loginPollHold = Objects.requireNonNull(hold);
        return this;
    }

    Duration syncCheckHold() {
        return syncCheckHold;
    }

    Duration loginPollHold() {
        return loginPollHold;
    }

    // ---------------------------------------------------------------- contacts

    /** Adds a friend of the bot with this nickname. */
    public SimContact addFriend(String nickName) {
        return addFriend(nickName, "");
    }

    /** Adds a friend with a nickname and the remark name the bot's owner gave them. */
    public SimContact addFriend(String nickName, String remarkName) {
        return addContact(SimContact.Kind.FRIEND, nickName, remarkName);
    }

    /** Adds an official account the bot follows ({@code VerifyFlag} 24). */
    public SimContact addOfficialAccount(String name) {
        return addContact(SimContact.Kind.OFFICIAL, name, "");
    }

    /** Adds a person who is not the bot's friend, to be a member of groups. */
    public SimContact addStranger(String nickName) {
        return addContact(SimContact.Kind.STRANGER, nickName, "");
    }

    /** Adds a group with these members (the bot is a member too). */
    public SimGroup addGroup(String topic, SimContact... members) {
        synchronized (lock) {
            for (SimContact member : members) {
                if (member.kind() == SimContact.Kind.SELF || member.kind() == SimContact.Kind.SPECIAL
                        || member.kind() == SimContact.Kind.OFFICIAL) {
                    throw new IllegalArgumentException(member + " cannot be a group member");
                }
            }
            SimGroup group = new SimGroup(this, nextChatId++, topic, List.of(members));
            groups.add(group);
            announceLocked(group);
            return group;
        }
    }

    /** The special account {@code filehelper} (文件传输助手). */
    public SimContact filehelper() {
        return filehelper;
    }

    /** The special account {@code weixin} (微信团队), whose messages the bot should ignore. */
    public SimContact weixin() {
        return weixin;
    }

    /** The bot's own account. */
    public SimContact self() {
        return self;
    }

    public List<SimContact> contacts() {
        synchronized (lock) {
            return List.copyOf(contacts);
        }
    }

    public List<SimGroup> groups() {
        synchronized (lock) {
            return List.copyOf(groups);
        }
    }

    private SimContact addContact(SimContact.Kind kind, String nickName, String remarkName) {
        synchronized (lock) {
            SimContact contact = new SimContact(nextChatId++, kind, nickName, remarkName, null);
            contacts.add(contact);
            if (kind != SimContact.Kind.STRANGER) {
                announceLocked(contact);
            }
            return contact;
        }
    }

    /** A live session learns of a new or changed chat through ModContactList, as on the real service. */
    private void announceLocked(SimChat chat) {
        if (live != null) {
            live.append(SimSession.Delivery.contactChange(chat));
            lock.notifyAll();
        }
    }

    void changeGroup(SimGroup group, Runnable change) {
        synchronized (lock) {
            change.run();
            announceLocked(group);
        }
    }

    /** The UserName the current session gives this chat (they change with every login). */
    public String userName(SimChat chat) {
        synchronized (lock) {
            return requireLive().userName(chat);
        }
    }

    /** The bot's own UserName in the current session. */
    public String selfUserName() {
        return userName(self);
    }

    // ---------------------------------------------------------------- the phone: login

    /** Waits for the newest QR uuid the client requested that is still waiting for a scan, and returns it. */
    public String awaitQrUuid(Duration timeout) {
        return await("a QR uuid requested by the client (jslogin) and waiting for a scan", timeout, () -> {
            long now = System.nanoTime();
            String newest = null;
            for (QrLogin l : logins.values()) {
                if (!l.push && l.refresh(now) == QrState.WAITING) {
                    newest = l.uuid;
                }
            }
            return newest;
        });
    }

    /** The uuids the client requested with jslogin, oldest first. */
    public List<String> qrUuids() {
        synchronized (lock) {
            return logins.values().stream().filter(l -> !l.push).map(l -> l.uuid).toList();
        }
    }

    public QrState qrState(String uuid) {
        synchronized (lock) {
            return requireLogin(uuid).refresh(System.nanoTime());
        }
    }

    /** The phone scans the QR: the next login poll answers 201. */
    public void scan(String uuid) {
        transition(uuid, QrState.WAITING, l -> {
            l.state = QrState.SCANNED;
            l.scanTimeSeconds = System.currentTimeMillis() / 1000;
        });
    }

    /** The phone confirms a scanned QR or a prompted push login: the login poll answers 200 with the ticket. */
    public void confirm(String uuid) {
        synchronized (lock) {
            QrLogin l = requireLogin(uuid);
            QrState state = l.refresh(System.nanoTime());
            if (l.push && state == QrState.PUSHED) {
                throw new IllegalStateException("push login " + uuid + " was never prompted on the phone: "
                        + "the client did not poll login with tip=1");
            }
            if (state != QrState.SCANNED && state != QrState.PROMPTED) {
                throw new IllegalStateException("cannot confirm " + uuid + " in state " + state);
            }
            confirmLocked(l);
        }
    }

    void confirmLocked(QrLogin l) {
        l.state = QrState.CONFIRMED;
        l.ticket = Ids.ticket();
        if (l.scanTimeSeconds == 0) {
            l.scanTimeSeconds = System.currentTimeMillis() / 1000;
        }
        lock.notifyAll();
    }

    /** The phone cancels the login: the poll answers 202. */
    public void cancel(String uuid) {
        synchronized (lock) {
            QrLogin l = requireLogin(uuid);
            if (!l.pending()) {
                throw new IllegalStateException("cannot cancel " + uuid + " in state " + l.state);
            }
            l.state = QrState.CANCELLED;
            lock.notifyAll();
        }
    }

    /** The uuid expires now: the poll answers 400. */
    public void expire(String uuid) {
        synchronized (lock) {
            QrLogin l = requireLogin(uuid);
            if (!l.pending()) {
                throw new IllegalStateException("cannot expire " + uuid + " in state " + l.state);
            }
            l.state = QrState.EXPIRED;
            lock.notifyAll();
        }
    }

    /** Waits for a QR, scans and confirms it; returns its uuid. */
    public String scanAndConfirm(Duration timeout) {
        String uuid = awaitQrUuid(timeout);
        scan(uuid);
        confirm(uuid);
        return uuid;
    }

    /** Waits until the phone prompts for a push login (the client polled its uuid with tip=1); returns the uuid. */
    public String awaitPushPrompt(Duration timeout) {
        return await("a push login prompted on the phone (webwxpushloginurl, then login with tip=1)", timeout, () -> {
            String newest = null;
            long now = System.nanoTime();
            for (QrLogin l : logins.values()) {
                if (l.push && l.refresh(now) == QrState.PROMPTED) {
                    newest = l.uuid;
                }
            }
            return newest;
        });
    }

    /** When true, the phone confirms push logins as soon as it is prompted. */
    public WebWeChatSimulator autoConfirmPushLogin(boolean on) {
        synchronized (lock) {
            autoConfirmPush = on;
        }
        return this;
    }

    /** Push login fails ({@code ret "1"}) until the next QR login, as when the phone forgot this device. */
    public void revokePushLogin() {
        synchronized (lock) {
            authTicket = null;
        }
    }

    /** The account logs out on the phone: the next synccheck answers this retcode (1100, 1101 or 1102). */
    public void logoutFromPhone(int retcode) {
        synchronized (lock) {
            SimSession session = requireLive();
            killLocked(session, retcode, "logged out on the phone");
        }
    }

    /** Every stored session dies (webwxinit answers 1101, synccheck 1101), as after a long pause. */
    public void killSessions() {
        synchronized (lock) {
            for (SimSession s : sessions.values()) {
                if (s.alive()) {
                    killLocked(s, 1101, "session expired");
                }
            }
        }
    }

    /** Whether a session is alive and was initialised with webwxinit. */
    public boolean loggedIn() {
        synchronized (lock) {
            return live != null && live.inited;
        }
    }

    /** Waits until a session is alive and initialised by webwxinit. */
    public void awaitLoggedIn(Duration timeout) {
        await("the bot to log in (webwxinit on a live session)", timeout, () -> live != null && live.inited ? live : null);
    }

    /** Waits until the live session has a synccheck waiting (the client is in its sync loop). */
    public void awaitPolling(Duration timeout) {
        await("a synccheck long poll waiting on the live session", timeout,
                () -> live != null && live.pollers > 0 ? live : null);
    }

    /** How many sessions webwxnewloginpage created so far (QR and push logins). */
    public int sessionsCreated() {
        synchronized (lock) {
            return sessionNumber;
        }
    }

    SimSession createSessionLocked() {
        for (SimSession s : sessions.values()) {
            if (s.alive()) {
                killLocked(s, 1101, "logged in elsewhere");
            }
        }
        SimSession s = new SimSession(++sessionNumber, Ids.wxsid(), Ids.skey(), uin, Ids.passTicket(),
                Ids.cookieTicket());
        sessions.put(s.sid, s);
        live = s;
        authTicket = Ids.cookieTicket();
        if (options.initStatusNotify()) {
            s.append(SimSession.Delivery.message(this::statusNotifyMessage, false));
        }
        List<SimSession.Delivery> waiting = List.copyOf(offline);
        offline.clear();
        for (SimSession.Delivery delivery : waiting) {
            try {
                s.append(delivery);
            } catch (RuntimeException e) {
                log.warn("a message queued before the login could not be built, and is skipped", e);
            }
        }
        lock.notifyAll();
        log.debug("session {} created", s.number);
        return s;
    }

    private Map<String, Object> statusNotifyMessage(SimSession s) {
        List<String> recent = recentChatsLocked(s);
        String self = s.userName(this.self);
        String xml = "<msg>\n<op id='4'>\n<username>" + String.join(",", recent) + "</username>\n"
                + "<unreadchatlist>\n<chat>\n<username>" + (recent.isEmpty() ? "" : recent.get(0))
                + "</username>\n</chat>\n</unreadchatlist>\n<unreadfunctionlist>\n</unreadfunctionlist>\n</op>\n</msg>";
        Map<String, Object> m = Wire.message(ids.nextMsgId(), self, self, 51,
                WebText.content(xml, false), System.currentTimeMillis() / 1000);
        m.put("StatusNotifyCode", 4);
        m.put("StatusNotifyUserName", String.join(",", recent));
        return m;
    }

    /** The chats webwxinit reports as recent: filehelper, listed groups, up to five friends. */
    List<String> recentChatsLocked(SimSession s) {
        List<String> names = new ArrayList<>();
        names.add(s.userName(filehelper));
        for (SimGroup g : groups) {
            if (g.listedLocked()) {
                names.add(s.userName(g));
            }
        }
        contacts.stream().filter(c -> c.kind() == SimContact.Kind.FRIEND).limit(5)
                .forEach(c -> names.add(s.userName(c)));
        return names;
    }

    void killLocked(SimSession s, int retcode, String reason) {
        s.deadRetcode = retcode;
        s.deathReason = reason;
        if (s == live) {
            live = null;
            if (options.deliverOfflineMessages()) {
                offline.addAll(s.carryOver());
            }
        }
        lock.notifyAll();
        log.debug("session {} ended: {} ({})", s.number, reason, retcode);
    }

    // ---------------------------------------------------------------- the phone: messages

    /** A friend (or any contact) writes to the bot in a private chat; returns the MsgId. */
    public String sendText(SimContact from, String text) {
        return sendText(from, text, Instant.now());
    }

    /** A private message with this {@code CreateTime} (e.g. one written before the bot started). */
    public String sendText(SimContact from, String text, Instant createdAt) {
        requireNotSelf(from);
        String content = WebText.content(text, options.emojiSpans());
        return enqueue(names -> Map.of("FromUserName", names.apply(from), "ToUserName", names.apply(self),
                "Content", content, "CreateTime", createdAt.getEpochSecond()));
    }

    /** A member writes in a group; the content arrives as {@code @sender:<br/>text}. Returns the MsgId. */
    public String sendGroupText(SimGroup group, SimContact from, String text) {
        return sendGroupText(group, from, text, Instant.now());
    }

    /** A group message with this {@code CreateTime}. */
    public String sendGroupText(SimGroup group, SimContact from, String text, Instant createdAt) {
        requireNotSelf(from);
        synchronized (lock) {
            group.requireMember(from);
        }
        String content = WebText.content(text, options.emojiSpans());
        return enqueue(names -> Map.of("FromUserName", names.apply(group), "ToUserName", names.apply(self),
                "Content", names.apply(from) + ":<br/>" + content, "CreateTime", createdAt.getEpochSecond()));
    }

    // ---------------------------------------------------------------- the phone: media

    /** Media a contact sent, as the download endpoints serve it. */
    record StoredMedia(byte[] data, String contentType) {
    }

    /**
     * A contact sends a picture (MsgType 3) in a private chat; the bytes are served by {@code webwxgetmsgimg} with
     * this Content-Type. Returns the MsgId.
     */
    public String sendImage(SimContact from, byte[] data, String contentType) {
        return sendMedia(null, from, 3, data, contentType, Map.of("ImgHeight", 100, "ImgWidth", 100));
    }

    /** A member sends a picture into a group. Returns the MsgId. */
    public String sendGroupImage(SimGroup group, SimContact from, byte[] data, String contentType) {
        return sendMedia(group, from, 3, data, contentType, Map.of("ImgHeight", 100, "ImgWidth", 100));
    }

    /** A contact sends a voice message (MsgType 34, served as MP3 by {@code webwxgetvoice}). Returns the MsgId. */
    public String sendVoice(SimContact from, byte[] mp3, int lengthMillis) {
        return sendMedia(null, from, 34, mp3, "audio/mpeg", Map.of("VoiceLength", lengthMillis));
    }

    /** A member sends a voice message into a group. Returns the MsgId. */
    public String sendGroupVoice(SimGroup group, SimContact from, byte[] mp3, int lengthMillis) {
        return sendMedia(group, from, 34, mp3, "audio/mpeg", Map.of("VoiceLength", lengthMillis));
    }

    /** A contact sends a file (MsgType 49, AppMsgType 6, served by {@code webwxgetmedia}). Returns the MsgId. */
    public String sendFile(SimContact from, String fileName, byte[] data) {
        String mediaId = "@crypt_" + Ids.hex(24);
        synchronized (lock) {
            mediaByMediaId.put(mediaId, new StoredMedia(data.clone(), "application/octet-stream"));
        }
        return sendMedia(null, from, 49, data, "application/octet-stream", Map.of("AppMsgType", 6, "MediaId", mediaId,
                "FileName", fileName, "FileSize", Integer.toString(data.length), "EncryFileName", WebText.content(fileName, false)));
    }

    private String sendMedia(SimGroup group, SimContact from, int msgType, byte[] data, String contentType, Map<String, Object> extra) {
        requireNotSelf(from);
        if (group != null) {
            synchronized (lock) {
                group.requireMember(from);
            }
        }
        long msgId = ids.nextMsgId();
        synchronized (lock) {
            mediaByMsgId.put(Long.toString(msgId), new StoredMedia(data.clone(), contentType));
        }
        String xml = WebText.content(msgType == 34 ? "<msg><voicemsg length=\"" + data.length + "\" /></msg>"
                : "<msg><img length=\"" + data.length + "\" /></msg>", false);
        enqueue(names -> {
            Map<String, Object> item = new java.util.HashMap<>(extra);
            item.put("MsgId", Long.toString(msgId));
            item.put("MsgType", msgType);
            item.put("FromUserName", names.apply(group != null ? group : from));
            item.put("ToUserName", names.apply(self));
            item.put("Content", group != null ? names.apply(from) + ":<br/>" + xml : xml);
            return item;
        });
        return Long.toString(msgId);
    }

    StoredMedia mediaByMsgId(String msgId) {
        return mediaByMsgId.get(msgId);
    }

    StoredMedia mediaByMediaId(String mediaId) {
        return mediaId == null ? null : mediaByMediaId.get(mediaId);
    }

    /** Every picture and file the bot uploaded and sent, in order. */
    public List<SentMedia> sentMedia() {
        synchronized (lock) {
            return List.copyOf(sentMedia);
        }
    }

    /** Waits until at least {@code count} pictures or files were sent; returns them. */
    public List<SentMedia> awaitSentMedia(int count, Duration timeout) {
        await(count + " pictures or files sent by the bot", timeout, () -> sentMedia.size() >= count ? sentMedia : null);
        return sentMedia();
    }

    void recordSentMedia(SentMedia media) {
        synchronized (lock) {
            sentMedia.add(media);
            lock.notifyAll();
        }
    }

    /** The bot's owner writes on the phone, as the bot's account, into this chat. Returns the MsgId. */
    public String sendFromPhone(SimChat chat, String text) {
        String content = WebText.content(text, options.emojiSpans());
        return enqueue(names -> Map.of("FromUserName", names.apply(self), "ToUserName", names.apply(chat),
                "Content", content));
    }

    /**
     * A system message (MsgType 10000, e.g. {@code "Alice" joined the group chat}) in this chat, without a sender
     * prefix. Returns the MsgId.
     */
    public String sendSystemText(SimChat chat, String text) {
        String content = WebText.content(text, options.emojiSpans());
        return enqueue(names -> Map.of("FromUserName", names.apply(chat), "ToUserName", names.apply(self),
                "MsgType", 10000, "Content", content));
    }

    /**
     * Queues any AddMsgList item as given (use {@link #userName} for the current session's UserNames). Missing
     * standard fields are filled in ({@code MsgId}/{@code NewMsgId} fresh, {@code CreateTime} now, {@code MsgType}
     * 1, the rest empty). Returns the MsgId.
     */
    public String enqueueRaw(Map<String, Object> addMsg) {
        Map<String, Object> frozen = Map.copyOf(addMsg);
        if (frozen.containsKey("MsgId")) {
            Long.parseLong(String.valueOf(frozen.get("MsgId")));
        }
        String generated = enqueue(names -> frozen);
        return frozen.containsKey("MsgId") ? String.valueOf(frozen.get("MsgId")) : generated;
    }

    /**
     * Queues an AddMsgList item built for the session that receives it: the builder gets a function from a chat
     * (or {@link #self()}) to its UserName in that session, so this works before the bot logs in too. Missing
     * fields are filled in as for {@link #enqueueRaw(Map)}. Returns the generated MsgId (unless the item sets one).
     */
    public String enqueue(Function<Function<SimChat, String>, Map<String, Object>> builder) {
        long msgId = ids.nextMsgId();
        long now = System.currentTimeMillis() / 1000;
        deliver(SimSession.Delivery.message(s -> {
            Map<String, Object> fields = builder.apply(s::userName);
            Map<String, Object> item = Wire.message(msgId, "", "", 1, "", now);
            item.putAll(fields);
            if (!fields.containsKey("NewMsgId")) {
                item.put("NewMsgId", Long.parseLong(String.valueOf(item.get("MsgId"))));
            }
            return item;
        }, true));
        return Long.toString(msgId);
    }

    private void deliver(SimSession.Delivery delivery) {
        synchronized (lock) {
            if (live != null) {
                live.append(delivery);
                lock.notifyAll();
            } else if (options.deliverOfflineMessages()) {
                offline.add(delivery);
            } else {
                log.debug("no live session: a message to the bot was dropped");
            }
        }
    }

    // ---------------------------------------------------------------- what the bot sent

    /** Every text the bot sent and the simulator accepted, in order. */
    public List<SentMessage> sent() {
        synchronized (lock) {
            return List.copyOf(sent);
        }
    }

    /** The texts the bot sent into this chat, in order. */
    public List<SentMessage> sentTo(SimChat chat) {
        synchronized (lock) {
            return sent.stream().filter(m -> m.chat() == chat).toList();
        }
    }

    /** Waits until at least {@code count} texts were sent; returns all sent so far. */
    public List<SentMessage> awaitSent(int count, Duration timeout) {
        await(count + " messages sent by the bot", timeout, () -> sent.size() >= count ? sent : null);
        return sent();
    }

    /** Calls the listener (on a server thread) for every accepted text. */
    public void onSent(Consumer<SentMessage> listener) {
        sentListeners.add(listener);
    }

    /** Calls the listener (on a server thread) with every uuid the client requests with jslogin. */
    public void onQrUuid(Consumer<String> listener) {
        qrListeners.add(listener);
    }

    void recordSent(SentMessage message) {
        synchronized (lock) {
            sent.add(message);
            lock.notifyAll();
        }
        for (Consumer<SentMessage> listener : sentListeners) {
            listener.accept(message);
        }
    }

    void announceQr(String uuid) {
        for (Consumer<String> listener : qrListeners) {
            listener.accept(uuid);
        }
    }

    // ---------------------------------------------------------------- faults and requests

    public SimFaults faults() {
        return faults;
    }

    /** The requests received (the newest {@link SimulatorOptions#requestLogLimit()}), oldest first. */
    public List<SimRequest> requests() {
        synchronized (lock) {
            return List.copyOf(requestLog);
        }
    }

    /** The requests to one endpoint (e.g. {@code "webwxsendmsg"}), oldest first. */
    public List<SimRequest> requests(String endpoint) {
        synchronized (lock) {
            return requestLog.stream().filter(r -> r.endpoint().equals(endpoint)).toList();
        }
    }

    /** Waits until at least {@code count} requests to the endpoint arrived; returns them. */
    public List<SimRequest> awaitRequests(String endpoint, int count, Duration timeout) {
        await(count + " requests to " + endpoint, timeout,
                () -> requestLog.stream().filter(r -> r.endpoint().equals(endpoint)).count() >= count ? requestLog : null);
        return requests(endpoint);
    }

    private void route(io.javalin.config.RoutesConfig routes, String endpoint, EndpointHandler handler, String path,
                       HandlerType... methods) {
        for (HandlerType method : methods) {
            routes.addHttpHandler(method, path, ctx -> handle(ctx, endpoint, handler));
        }
    }

    /** Every request: recorded, delayed and faulted as scripted, then handled. */
    private void handle(Context ctx, String endpoint, EndpointHandler handler) throws Exception {
        record(ctx, endpoint);
        Duration delay = faults.delay(endpoint);
        if (!delay.isZero() && closed.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
            return;
        }
        SimFaults.Fault fault = faults.poll(endpoint);
        if (fault instanceof SimFaults.Fault.Delay pause) {
            log.debug("fault on {}: {}", endpoint, fault);
            if (closed.await(pause.delay().toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
            fault = null;
        }
        if (fault != null) {
            log.debug("fault on {}: {}", endpoint, fault);
            FaultResponses.apply(ctx, endpoint, fault);
            return;
        }
        handler.handle(ctx);
    }

    private void record(Context ctx, String endpoint) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : ctx.headerMap().entrySet()) {
            headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue());
        }
        Map<String, List<String>> query = new LinkedHashMap<>();
        ctx.queryParamMap().forEach((k, v) -> query.put(k, List.copyOf(v)));
        SimRequest request = new SimRequest(ctx.method().name(), ctx.path(), endpoint, Map.copyOf(query),
                Map.copyOf(headers), Map.copyOf(ctx.cookieMap()), multipart(ctx) ? "" : ctx.body(), Instant.now());
        synchronized (lock) {
            if (options.requestLogLimit() > 0) {
                if (requestLog.size() >= options.requestLogLimit()) {
                    requestLog.pollFirst();
                }
                requestLog.add(request);
            }
            lock.notifyAll();
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Uploads are read part by part by their endpoint; the request log keeps no body for them. */
    private static boolean multipart(Context ctx) {
        String type = ctx.contentType();
        return type != null && type.startsWith("multipart/");
    }

    /** Waits on the lock until the supplier (called with the lock held) returns non-null. */
    <T> T await(String what, Duration timeout, Supplier<T> underLock) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                T value = underLock.get();
                if (value != null) {
                    return value;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
                }
                try {
                    // Wake up now and then: QR expiry is a matter of time, not of a notification.
                    lock.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted waiting for " + what, e);
                }
            }
        }
    }

    boolean isClosed() {
        return closed.getCount() == 0;
    }

    private SimSession requireLive() {
        if (live == null) {
            throw new IllegalStateException("no live session: the bot is not logged in");
        }
        return live;
    }

    private QrLogin requireLogin(String uuid) {
        QrLogin l = logins.get(uuid);
        if (l == null) {
            throw new IllegalArgumentException("unknown uuid " + uuid);
        }
        return l;
    }

    private void transition(String uuid, QrState from, Consumer<QrLogin> change) {
        synchronized (lock) {
            QrLogin l = requireLogin(uuid);
            QrState state = l.refresh(System.nanoTime());
            if (state != from) {
                throw new IllegalStateException("uuid " + uuid + " is " + state + ", not " + from);
            }
            change.accept(l);
            lock.notifyAll();
        }
    }

    private static void requireNotSelf(SimContact from) {
        if (from.kind() == SimContact.Kind.SELF) {
            throw new IllegalArgumentException("the bot's own messages are written with sendFromPhone");
        }
    }

    /** Stops the server; waiting long polls return at once. */
    @Override
    public void close() {
        closed.countDown();
        synchronized (lock) {
            lock.notifyAll();
        }
        server.stop();
    }

    /** An endpoint's logic. */
    @FunctionalInterface
    interface EndpointHandler {
        void handle(Context ctx) throws Exception;
    }
}
