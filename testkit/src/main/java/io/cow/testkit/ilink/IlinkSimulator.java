package io.cow.testkit.ilink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cow.testkit.await.Await;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A simulator of Tencent's iLink bot API and its media CDN on 127.0.0.1 (fact sheet §7). It answers as the
 * real server does — HTTP 200 with {@code ret}/{@code errcode} on failure, {@code -14} for unknown or revoked
 * tokens, {@code -2} when the context-token policy is broken, uint64 ids as bare JSON numbers above 2^53,
 * forward-only cursors, a long poll that wakes at once — and it is strict where the real server is, so a
 * client bug shows up as a failure. Tests drive the phone's side through hooks (scan, confirm, send a
 * message) and read what the bot did from records.
 *
 * <p>Two ports: the main one, and a second one that {@code scaned_but_redirect} sends QR polling to.
 */
public final class IlinkSimulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IlinkSimulator.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HEX32 = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,10}");

    private final Javalin server;
    private volatile ServerConnector mainConnector;
    private volatile ServerConnector redirectConnector;
    private final Random random;
    private final MessageFactory messages;

    // knobs
    private volatile Duration holdTime = Duration.ofSeconds(35);
    private volatile Duration qrStatusHold = Duration.ofSeconds(5);
    private volatile Duration qrTtl = Duration.ofMinutes(5);
    private volatile Duration contextWindow = Duration.ofHours(24);
    private volatile int perInboundQuota = 10;
    private volatile double duplicateProbability;
    private volatile boolean redirectScans;
    private volatile String requiredVerifyCode;
    private volatile int maxWrongCodes = 3;
    private volatile boolean uploadFullUrl;
    private volatile long clockOffsetMs;
    private volatile boolean closed;
    private final Map<Endpoint, ConcurrentLinkedDeque<IlinkFault>> faults = new ConcurrentHashMap<>();
    private final Map<Endpoint, Duration> slow = new ConcurrentHashMap<>();

    // server state, guarded by this
    private final Map<String, SimQr> qrs = new LinkedHashMap<>();
    private final Map<String, SimBinding> bindingsByToken = new LinkedHashMap<>();
    private final Map<String, CursorRef> cursors = new HashMap<>();
    private final Map<String, CdnFile> pendingUploads = new HashMap<>();
    private final Map<String, CdnFile> cdnFiles = new HashMap<>();
    private volatile String advertisedBaseUrl;
    /** The client_id of every message taken, with its message_id: the server dedupes on it. */
    private final Map<String, String> acceptedClientIds = new HashMap<>();
    private BigInteger forcedNextId;

    // records
    private final List<RecordedCall> calls = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<SentMessage> sent = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<TypingEvent> typing = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<String> rejections = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<String> notifications = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<UserMessage> delivered = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Set<String> seenUins = ConcurrentHashMap.newKeySet();
    private volatile java.util.function.Consumer<SentMessage> sentListener = m -> { };

    private record CursorRef(SimBinding binding, int position) {
    }

    private IlinkSimulator(long seed) {
        this.random = new Random(seed);
        this.messages = new MessageFactory(JSON, random);
        this.server = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = 110L * 1024 * 1024;
            // Javalin makes no connector of its own once one is added, so both ports are added here: main first.
            config.jetty.addConnector((jetty, httpConfig) -> {
                mainConnector = localConnector(jetty, httpConfig);
                return mainConnector;
            });
            config.jetty.addConnector((jetty, httpConfig) -> {
                redirectConnector = localConnector(jetty, httpConfig);
                return redirectConnector;
            });
            config.routes.before(this::record);
            config.routes.get("/ilink/bot/get_bot_qrcode", this::getBotQrcode);
            config.routes.post("/ilink/bot/get_bot_qrcode", this::getBotQrcode);
            config.routes.get("/ilink/bot/get_qrcode_status", this::getQrcodeStatus);
            config.routes.post("/ilink/bot/getupdates", this::getUpdates);
            config.routes.post("/ilink/bot/sendmessage", this::sendMessage);
            config.routes.post("/ilink/bot/getconfig", this::getConfig);
            config.routes.post("/ilink/bot/sendtyping", this::sendTyping);
            config.routes.post("/ilink/bot/getuploadurl", this::getUploadUrl);
            config.routes.post("/ilink/bot/msg/notifystart", ctx -> notify(ctx, Endpoint.NOTIFY_START, "start"));
            config.routes.post("/ilink/bot/msg/notifystop", ctx -> notify(ctx, Endpoint.NOTIFY_STOP, "stop"));
            config.routes.post("/c2c/upload", this::cdnUpload);
            config.routes.get("/c2c/download", this::cdnDownload);
            config.routes.get("/q/{id}", this::qrPage);
        });
    }

    private static ServerConnector localConnector(org.eclipse.jetty.server.Server jetty, org.eclipse.jetty.server.HttpConfiguration httpConfig) {
        ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(httpConfig));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        return connector;
    }

    /** Starts a simulator on free ports of 127.0.0.1. */
    public static IlinkSimulator start() {
        return start(System.nanoTime());
    }

    /** Starts a simulator whose random choices (ids, tokens, duplicates) follow this seed. */
    public static IlinkSimulator start(long seed) {
        IlinkSimulator sim = new IlinkSimulator(seed);
        sim.server.start();
        return sim;
    }

    // ---------------------------------------------------------------- addresses

    /** The base URL a client is configured with: {@code http://127.0.0.1:<port>}. */
    /**
     * The {@code baseurl} a confirmed login tells the bot to use from then on (by default this simulator's own), e.g. a
     * proxy in front of it.
     */
    public IlinkSimulator advertiseBaseUrl(String url) {
        this.advertisedBaseUrl = url;
        return this;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** The CDN base: {@code http://127.0.0.1:<port>/c2c}. */
    public String cdnBaseUrl() {
        return baseUrl() + "/c2c";
    }

    public int port() {
        return mainConnector.getLocalPort();
    }

    /** The second port, where {@code scaned_but_redirect} sends QR polling. */
    public int redirectPort() {
        return redirectConnector.getLocalPort();
    }

    /** The {@code redirect_host} the simulator names: {@code 127.0.0.1:<second port>}. */
    public String redirectHost() {
        return "127.0.0.1:" + redirectPort();
    }

    // ---------------------------------------------------------------- knobs

    /** How long {@code getupdates} is held when there is nothing to deliver (real server: about 35 s). */
    public IlinkSimulator holdTime(Duration hold) {
        this.holdTime = hold;
        return this;
    }

    /** How long a QR status poll is held while nothing changes. */
    public IlinkSimulator qrStatusHold(Duration hold) {
        this.qrStatusHold = hold;
        return this;
    }

    /** How long a QR code lives before it reports {@code expired}. */
    public IlinkSimulator qrTtl(Duration ttl) {
        this.qrTtl = ttl;
        return this;
    }

    /** How long after a user's last message replies are accepted (real server: 24 h). */
    public IlinkSimulator contextWindow(Duration window) {
        this.contextWindow = window;
        return this;
    }

    /** Bot messages accepted per inbound message (real server: 10). */
    public IlinkSimulator perInboundQuota(int quota) {
        this.perInboundQuota = quota;
        return this;
    }

    /** The chance that a message is delivered twice. */
    public IlinkSimulator duplicateProbability(double p) {
        this.duplicateProbability = p;
        return this;
    }

    /** Scans from now on answer {@code scaned_but_redirect} to the second port. */
    public IlinkSimulator redirectScans(boolean redirect) {
        this.redirectScans = redirect;
        return this;
    }

    /** Scans from now on need this verification number ({@code need_verifycode}); null for none. */
    public IlinkSimulator requireVerifyCode(String code) {
        this.requiredVerifyCode = code;
        return this;
    }

    /** Wrong numbers before a QR code is {@code verify_code_blocked}. */
    public IlinkSimulator maxWrongCodes(int max) {
        this.maxWrongCodes = max;
        return this;
    }

    /** {@code getuploadurl} answers with {@code upload_full_url} (else the client builds the CDN URL). */
    public IlinkSimulator uploadFullUrl(boolean full) {
        this.uploadFullUrl = full;
        return this;
    }

    /** Moves the simulator's clock forward (for the 24 h window). */
    public IlinkSimulator advanceClock(Duration by) {
        clockOffsetMs += by.toMillis();
        return this;
    }

    /** The next requests to this endpoint fail in these ways, one fault per request. */
    public IlinkSimulator failNext(Endpoint endpoint, IlinkFault... next) {
        faults.computeIfAbsent(endpoint, e -> new ConcurrentLinkedDeque<>()).addAll(List.of(next));
        return this;
    }

    /** Every request to this endpoint waits this long first. */
    public IlinkSimulator slow(Endpoint endpoint, Duration delay) {
        slow.put(endpoint, delay);
        return this;
    }

    /** The next message a user sends gets this id. */
    public synchronized IlinkSimulator nextMessageId(BigInteger id) {
        this.forcedNextId = id;
        return this;
    }

    public Instant now() {
        return Instant.now().plusMillis(clockOffsetMs);
    }

    // ---------------------------------------------------------------- the phone's side: login

    /** QR codes issued so far, oldest first. */
    public synchronized List<QrCode> qrCodes() {
        return qrs.values().stream().map(q -> q.code).toList();
    }

    /** Waits for the n-th QR code (1-based) and returns it. */
    public QrCode awaitQrCode(int n, Duration timeout) {
        return Await.value("QR code #" + n + " from the iLink simulator", timeout, () -> {
            List<QrCode> codes = qrCodes();
            return codes.size() >= n ? codes.get(n - 1) : null;
        });
    }

    /** The user scans the QR code (its handle or the URL decoded from the image). */
    public void scan(String qr, String userId) {
        CompletableFuture<Void> signal;
        synchronized (this) {
            SimQr q = qr(qr);
            expireIfOld(q);
            if (q.state != SimQr.State.WAIT) {
                throw new IllegalStateException("QR code " + q.code.handle() + " cannot be scanned in state " + q.state);
            }
            q.scannedBy = userId;
            q.redirect = redirectScans;
            q.verifyCode = requiredVerifyCode;
            q.state = q.verifyCode != null ? SimQr.State.NEED_CODE : SimQr.State.SCANNED;
            signal = q.signal();
        }
        signal.complete(null);
    }

    /** The user confirms the login on the phone; the client's next poll sees {@code confirmed} (or {@code binded_redirect}). */
    public BotBinding confirm(String qr) {
        CompletableFuture<Void> signal;
        List<CompletableFuture<Void>> revokedSignals = new ArrayList<>();
        BotBinding result;
        synchronized (this) {
            SimQr q = qr(qr);
            expireIfOld(q);
            if (q.state != SimQr.State.SCANNED) {
                throw new IllegalStateException("QR code " + q.code.handle() + " cannot be confirmed in state " + q.state);
            }
            SimBinding existing = bindingsByToken.values().stream()
                    .filter(b -> !b.revoked && b.userId.equals(q.scannedBy) && q.localTokens().contains(b.token))
                    .findFirst().orElse(null);
            if (existing != null) {
                q.state = SimQr.State.ALREADY_BOUND;
                q.binding = existing.view();
            } else {
                for (SimBinding old : bindingsByToken.values()) {
                    if (!old.revoked && old.userId.equals(q.scannedBy)) {
                        old.revoked = true;
                        revokedSignals.add(old.signal());
                    }
                }
                String botId = hex(6) + "@im.bot";
                SimBinding binding = new SimBinding(botId + ":" + hex(16), botId, q.scannedBy);
                bindingsByToken.put(binding.token, binding);
                q.state = SimQr.State.CONFIRMED;
                q.binding = binding.view();
            }
            result = q.binding;
            signal = q.signal();
        }
        signal.complete(null);
        revokedSignals.forEach(s -> s.complete(null));
        return result;
    }

    /** Scan and confirm in one step. */
    public BotBinding scanAndConfirm(String qr, String userId) {
        scan(qr, userId);
        return confirm(qr);
    }

    /** The QR code expires now. */
    public void expire(String qr) {
        CompletableFuture<Void> signal;
        synchronized (this) {
            SimQr q = qr(qr);
            q.state = SimQr.State.EXPIRED;
            signal = q.signal();
        }
        signal.complete(null);
    }

    /** The status a poll on the main port would get now (wait, scaned, need_verifycode, confirmed, ...). */
    public synchronized String qrStatus(String qr) {
        SimQr q = qr(qr);
        expireIfOld(q);
        return statusName(q);
    }

    /** Every login so far. */
    public synchronized List<BotBinding> bindings() {
        return bindingsByToken.values().stream().map(SimBinding::view).toList();
    }

    /** The user's current (not revoked) binding, waiting for it. */
    public BotBinding awaitBinding(String userId, Duration timeout) {
        return Await.value("a login by " + userId, timeout, () -> activeBinding(userId));
    }

    private synchronized BotBinding activeBinding(String userId) {
        return bindingsByToken.values().stream().filter(b -> !b.revoked && b.userId.equals(userId))
                .reduce((a, b) -> b).map(SimBinding::view).orElse(null);
    }

    /** The token stops working: every later call with it gets -14, and a held poll returns -14 at once. */
    public void revoke(String token) {
        CompletableFuture<Void> signal;
        synchronized (this) {
            SimBinding b = bindingsByToken.get(token);
            if (b == null) {
                throw new IllegalArgumentException("no such token");
            }
            b.revoked = true;
            signal = b.signal();
        }
        signal.complete(null);
    }

    // ---------------------------------------------------------------- the phone's side: messages

    /**
     * The most {@code getupdates} calls of one bot that were ever held at the same time, by bot id: more than one
     * means two clients polled the account at once (a call is counted from its arrival until its answer).
     */
    public synchronized Map<String, Integer> maxPollers() {
        Map<String, Integer> max = new java.util.TreeMap<>();
        bindingsByToken.values().forEach(b -> max.merge(b.botId, b.maxPollers, Math::max));
        return max;
    }

    /** The {@code getupdates} calls held right now, by bot id. */
    public synchronized Map<String, Integer> pollers() {
        Map<String, Integer> now = new java.util.TreeMap<>();
        bindingsByToken.values().forEach(b -> now.merge(b.botId, b.pollers, Integer::sum));
        return now;
    }

    /** The user sends a text to the bot they bound (or the only bot, if they bound none). */
    public UserMessage sendText(String fromUser, String text) {
        long now = now().toEpochMilli();
        return deliver(fromUser, messages.textItem(text, now));
    }

    /** A user who never scanned (any contact of the account) sends a text to the bot {@code botId}. */
    public UserMessage sendText(String botId, String fromUser, String text) {
        long now = now().toEpochMilli();
        SimBinding binding;
        synchronized (this) {
            binding = bindingByBot(botId);
        }
        return deliver(binding, fromUser, messages.textItem(text, now));
    }

    /** The user sends a voice note; the server's transcription is {@code text}. */
    public UserMessage sendVoice(String fromUser, String transcription) {
        long now = now().toEpochMilli();
        byte[] silk = ("#!SILK_V3" + transcription).getBytes(StandardCharsets.UTF_8);
        ObjectNode media = publish(silk, 4, KeyVariant.BASE64_RAW).media();
        return deliver(fromUser, messages.voiceItem(transcription, media, now));
    }

    /** The user sends a text quoting an earlier one. */
    public UserMessage sendQuote(String fromUser, String text, String quoted) {
        return deliver(fromUser, messages.quoteItem(text, quoted, now().toEpochMilli()));
    }

    /** The user sends an image, encrypted on the CDN with a new key handed out in the given form. */
    public UserMessage sendImage(String fromUser, byte[] image, KeyVariant variant) {
        long now = now().toEpochMilli();
        Published published = publish(image, 1, variant);
        ObjectNode item = messages.item(2, now);
        ObjectNode imageItem = item.putObject("image_item");
        imageItem.set("media", published.media());
        if (variant == KeyVariant.IMAGE_AESKEY_HEX) {
            imageItem.put("aeskey", published.hexKey());
        }
        imageItem.put("mid_size", SimCrypto.cipherSize(image.length));
        imageItem.put("thumb_size", 0);
        return deliver(fromUser, item);
    }

    /** The user sends a file. */
    public UserMessage sendFile(String fromUser, String fileName, byte[] content, KeyVariant variant) {
        long now = now().toEpochMilli();
        ObjectNode item = messages.item(4, now);
        ObjectNode file = item.putObject("file_item");
        file.set("media", publish(content, 3, variant).media());
        file.put("file_name", fileName);
        file.put("md5", SimCrypto.md5Hex(content));
        file.put("len", Long.toString(content.length));
        return deliver(fromUser, item);
    }

    /** The user sends a video. */
    public UserMessage sendVideo(String fromUser, byte[] video) {
        long now = now().toEpochMilli();
        ObjectNode item = messages.item(5, now);
        ObjectNode v = item.putObject("video_item");
        v.set("media", publish(video, 2, KeyVariant.BASE64_HEX).media());
        v.put("video_size", video.length);
        return deliver(fromUser, item);
    }

    /** Queues an exact message (fields, ids and all) for the bot of this user, with a fresh context token set into it. */
    public UserMessage deliverRaw(String fromUser, ObjectNode message) {
        CompletableFuture<Void> signal;
        UserMessage result;
        synchronized (this) {
            SimBinding binding = bindingFor(fromUser);
            String token = messages.contextToken();
            message.put("context_token", token);
            SimConversation c = binding.conversation(fromUser);
            c.latestToken = token;
            c.latestAt = now();
            c.sentSinceInbound = 0;
            binding.log.add(message);
            result = new UserMessage(new BigInteger(message.path("message_id").asText("0")), binding.botId, fromUser, token, message);
            signal = binding.signal();
        }
        delivered.add(result);
        signal.complete(null);
        return result;
    }

    /** Delivers the same message body again, as the real server sometimes does. */
    public void redeliver(UserMessage message) {
        CompletableFuture<Void> signal;
        synchronized (this) {
            SimBinding binding = bindingByBot(message.botId());
            binding.log.add(message.json().deepCopy());
            signal = binding.signal();
        }
        signal.complete(null);
    }

    /** Every message users sent, oldest first. */
    public List<UserMessage> delivered() {
        return snapshot(delivered);
    }

    private UserMessage deliver(String fromUser, ObjectNode item) {
        SimBinding binding;
        synchronized (this) {
            binding = bindingFor(fromUser);
        }
        return deliver(binding, fromUser, item);
    }

    private UserMessage deliver(SimBinding binding, String fromUser, ObjectNode item) {
        CompletableFuture<Void> signal;
        UserMessage result;
        synchronized (this) {
            BigInteger id = forcedNextId != null ? forcedNextId : messages.bigId();
            forcedNextId = null;
            String token = messages.contextToken();
            ObjectNode m = messages.envelope(id, binding.nextSeq++, fromUser, binding.botId, now().toEpochMilli(), token);
            m.withArray("item_list").add(item);
            m.put("unknown_future_field", "clients ignore this");
            SimConversation c = binding.conversation(fromUser);
            c.latestToken = token;
            c.latestAt = now();
            c.sentSinceInbound = 0;
            binding.log.add(m);
            if (duplicateProbability > 0 && random.nextDouble() < duplicateProbability) {
                binding.log.add(m.deepCopy());
            }
            result = new UserMessage(id, binding.botId, fromUser, token, m);
            signal = binding.signal();
        }
        delivered.add(result);
        signal.complete(null);
        return result;
    }

    private SimBinding bindingFor(String fromUser) {
        List<SimBinding> active = bindingsByToken.values().stream().filter(b -> !b.revoked).toList();
        return active.stream().filter(b -> b.userId.equals(fromUser)).reduce((a, b) -> b)
                .orElseGet(() -> {
                    if (active.size() == 1) {
                        return active.get(0);
                    }
                    throw new IllegalStateException(fromUser + " has no bot to write to (" + active.size() + " active logins)");
                });
    }

    private SimBinding bindingByBot(String botId) {
        return bindingsByToken.values().stream().filter(b -> b.botId.equals(botId)).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalArgumentException("no bot " + botId));
    }

    /** A file put on the CDN: its media reference, and its key in hex. */
    private record Published(ObjectNode media, String hexKey) {
    }

    /** Puts a file on the CDN, encrypted with a new key; the media reference in the given key form. */
    private synchronized Published publish(byte[] plain, int mediaType, KeyVariant variant) {
        byte[] key = new byte[16];
        random.nextBytes(key);
        byte[] cipher = SimCrypto.encrypt(key, plain);
        String param = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(48));
        cdnFiles.put(param, new CdnFile(null, null, mediaType, "", key, plain.length, SimCrypto.md5Hex(plain), cipher.length,
                cipher, plain.clone()));
        return new Published(messages.media(param, key, variant, cdnBaseUrl() + "/download?encrypted_query_param=" + encode(param)),
                HexFormat.of().formatHex(key));
    }

    // ---------------------------------------------------------------- records

    /** Messages the simulator accepted from bots, oldest first. */
    public List<SentMessage> sent() {
        return snapshot(sent);
    }

    /** Called on the server thread for every message accepted, as it is accepted (for load harnesses). */
    public IlinkSimulator onSent(java.util.function.Consumer<SentMessage> listener) {
        this.sentListener = listener;
        return this;
    }

    /** Waits until at least n messages were accepted, and returns them all. */
    public List<SentMessage> awaitSent(int n, Duration timeout) {
        Await.until(n + " message(s) sent to the iLink simulator (got " + sent.size() + "; refused: " + rejections + ")",
                timeout, () -> sent.size() >= n);
        return sent();
    }

    public List<TypingEvent> typing() {
        return snapshot(typing);
    }

    /** Every request received, oldest first. */
    public List<RecordedCall> calls() {
        return snapshot(calls);
    }

    /** Requests to one endpoint. */
    public List<RecordedCall> calls(Endpoint endpoint) {
        return snapshot(calls).stream().filter(c -> c.path().equals(endpoint.path())).toList();
    }

    /** Why requests were refused (validation or policy), oldest first. */
    public List<String> rejections() {
        return snapshot(rejections);
    }

    /**
     * Protocol slips the real server tolerates but a correct client never makes (a malformed or repeated
     * {@code X-WECHAT-UIN}, a missing {@code base_info}, a wrong {@code Content-Type}).
     */
    public List<String> violations() {
        return snapshot(violations);
    }

    /** "start &lt;botId&gt;" / "stop &lt;botId&gt;" for each notification. */
    public List<String> notifications() {
        return snapshot(notifications);
    }

    /** The file a CDN download parameter names, decrypted; for checking uploads. */
    public synchronized byte[] cdnContent(String downloadParam) {
        CdnFile f = cdnFiles.get(downloadParam);
        return f == null ? null : f.plain().clone();
    }

    // ---------------------------------------------------------------- HTTP: common

    private void record(Context ctx) {
        Map<String, String> headers = new LinkedHashMap<>();
        ctx.headerMap().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        JsonNode json = null;
        if (ctx.path().startsWith("/ilink/") && "POST".equals(ctx.method().name())) {
            try {
                byte[] body = ctx.bodyAsBytes();
                json = body.length == 0 ? null : JSON.readTree(body);
            } catch (IOException e) {
                json = null;
            }
        }
        calls.add(new RecordedCall(ctx.method().name(), ctx.path(), ctx.queryString() == null ? "" : ctx.queryString(),
                ctx.req().getLocalPort(), Map.copyOf(headers), json));
        if (ctx.path().startsWith("/ilink/")) {
            checkCommonHeaders(ctx);
        }
    }

    private void checkCommonHeaders(Context ctx) {
        String appId = ctx.header("iLink-App-Id");
        if (appId != null && !appId.isEmpty() && !appId.equals("bot")) {
            violation(ctx, "iLink-App-Id is '" + appId + "', not 'bot'");
        }
        String version = ctx.header("iLink-App-ClientVersion");
        if (version != null && !version.isEmpty() && !DIGITS.matcher(version).matches()) {
            violation(ctx, "iLink-App-ClientVersion '" + version + "' is not a uint32 in decimal");
        }
        if (!"POST".equals(ctx.method().name())) {
            return;
        }
        String contentType = ctx.header("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            violation(ctx, "Content-Type is '" + contentType + "', not application/json");
        }
        String uin = ctx.header("X-WECHAT-UIN");
        if (uin != null && !uin.isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(uin), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                decoded = "";
            }
            if (!DIGITS.matcher(decoded).matches() || Long.parseLong(decoded) > 0xFFFFFFFFL) {
                violation(ctx, "X-WECHAT-UIN '" + uin + "' is not Base64 of a decimal uint32");
            } else if (!seenUins.add(uin)) {
                // Random uint32s first repeat after about 77,000 requests, so a repeat within a test is a client reusing one.
                violation(ctx, "X-WECHAT-UIN '" + uin + "' was sent before; it must be new per request");
            }
        }
    }

    private void violation(Context ctx, String what) {
        String line = ctx.method().name() + " " + ctx.path() + ": " + what;
        violations.add(line);
        log.warn("iLink simulator: protocol violation: {}", line);
    }

    /** Applies a scripted fault or delay; true when the request was answered by it. */
    private boolean fault(Context ctx, Endpoint endpoint) throws InterruptedException {
        Duration delay = slow.get(endpoint);
        if (delay != null) {
            Thread.sleep(delay.toMillis());
        }
        ConcurrentLinkedDeque<IlinkFault> queue = faults.get(endpoint);
        IlinkFault f = queue == null ? null : queue.poll();
        while (f instanceof IlinkFault.Delay d) {
            Thread.sleep(d.delay().toMillis());
            f = queue.poll();
        }
        if (f instanceof IlinkFault.Ret r) {
            ObjectNode body = JSON.createObjectNode();
            body.put("ret", r.ret());
            if (r.errcode() != null) {
                body.put("errcode", r.errcode());
            }
            body.put("errmsg", r.errmsg() == null ? "" : r.errmsg());
            json(ctx, body);
            return true;
        }
        if (f instanceof IlinkFault.Huge huge) {
            io.cow.testkit.http.HugeBody.send(ctx, "application/json", "{\"ret\":0,\"msgs\":[],\"get_updates_buf\":\"", huge.bytes());
            return true;
        }
        if (f instanceof IlinkFault.HttpError h) {
            ctx.status(h.status());
            if (h.message() != null) {
                ctx.header("x-error-message", h.message());
            }
            ctx.result("");
            return true;
        }
        return false;
    }

    private static void json(Context ctx, JsonNode body) {
        try {
            ctx.status(200).contentType("application/json").result(JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode ok() {
        ObjectNode body = JSON.createObjectNode();
        body.put("ret", 0);
        return body;
    }

    private void refuse(Context ctx, String why) {
        refuse(ctx, -1, why, why);
    }

    private void refuse(Context ctx, int ret, String errmsg, String why) {
        rejections.add(ctx.path() + ": " + why);
        log.debug("iLink simulator refused {}: {}", ctx.path(), why);
        ObjectNode body = JSON.createObjectNode();
        body.put("ret", ret);
        body.put("errcode", ret);
        body.put("errmsg", errmsg);
        json(ctx, body);
    }

    private static void sessionTimeout(Context ctx) {
        ObjectNode body = JSON.createObjectNode();
        body.put("ret", -14);
        body.put("errcode", -14);
        body.put("errmsg", "session timeout");
        json(ctx, body);
    }

    /** The body of a bot POST, or null after answering HTTP 400. */
    /** A bot API call that got past the injected faults and the token and body checks. */
    private record BotCall(SimBinding binding, ObjectNode body) {
    }

    /** The call's binding and body; null when a fault or a failed check has answered the call already. */
    private BotCall botCall(Context ctx, Endpoint endpoint) throws InterruptedException {
        if (fault(ctx, endpoint)) {
            return null;
        }
        SimBinding b = auth(ctx);
        ObjectNode body = b == null ? null : body(ctx);
        return body == null ? null : new BotCall(b, body);
    }

    private ObjectNode body(Context ctx) {
        try {
            JsonNode node = JSON.readTree(ctx.bodyAsBytes());
            if (node instanceof ObjectNode object) {
                if (!object.path("base_info").isObject()) {
                    violation(ctx, "no base_info in the body");
                }
                return object;
            }
        } catch (IOException e) {
            // answered below
        }
        rejections.add(ctx.path() + ": body is not a JSON object");
        ctx.status(400).result("");
        return null;
    }

    /** The binding of an authenticated bot POST, or null after answering -14. */
    private SimBinding auth(Context ctx) {
        String type = ctx.header("AuthorizationType");
        String authorization = ctx.header("Authorization");
        if (!"ilink_bot_token".equals(type) || authorization == null || !authorization.startsWith("Bearer ")) {
            rejections.add(ctx.path() + ": missing AuthorizationType: ilink_bot_token or Authorization: Bearer");
            sessionTimeout(ctx);
            return null;
        }
        SimBinding b;
        synchronized (this) {
            b = bindingsByToken.get(authorization.substring("Bearer ".length()));
        }
        if (b == null || b.revoked) {
            rejections.add(ctx.path() + ": " + (b == null ? "unknown" : "revoked") + " token");
            sessionTimeout(ctx);
            return null;
        }
        return b;
    }

    // ---------------------------------------------------------------- HTTP: login

    private void getBotQrcode(Context ctx) throws InterruptedException {
        if (fault(ctx, Endpoint.GET_BOT_QRCODE)) {
            return;
        }
        if (!"3".equals(ctx.queryParam("bot_type"))) {
            refuse(ctx, "bot_type must be 3");
            return;
        }
        List<String> tokens = new ArrayList<>();
        if ("POST".equals(ctx.method().name())) {
            JsonNode body;
            try {
                body = JSON.readTree(ctx.bodyAsBytes());
            } catch (IOException e) {
                ctx.status(400).result("");
                return;
            }
            JsonNode list = body == null ? null : body.get("local_token_list");
            if (list != null && !list.isArray()) {
                refuse(ctx, "local_token_list must be a list");
                return;
            }
            if (list != null) {
                list.forEach(t -> tokens.add(t.asText()));
                if (tokens.size() > 10) {
                    violation(ctx, "local_token_list has " + tokens.size() + " tokens; at most 10");
                }
            }
        }
        QrCode code;
        synchronized (this) {
            String handle = hex(16);
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(5)).substring(0, 6);
            code = new QrCode(handle, baseUrl() + "/q/" + id + "?qrcode=" + handle + "&bot_type=3", List.copyOf(tokens));
            qrs.put(handle, new SimQr(code, now()));
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("qrcode", code.handle());
        body.put("qrcode_img_content", code.imageContent());
        body.put("ret", 0);
        json(ctx, body);
    }

    private void getQrcodeStatus(Context ctx) throws InterruptedException {
        if (fault(ctx, Endpoint.GET_QRCODE_STATUS)) {
            return;
        }
        String handle = ctx.queryParam("qrcode");
        String code = ctx.queryParam("verify_code");
        int port = ctx.req().getLocalPort();
        boolean answerNow;
        synchronized (this) {
            SimQr q = handle == null ? null : qrs.get(handle);
            if (q == null) {
                refuse(ctx, "unknown qrcode");
                return;
            }
            answerNow = code != null && !code.isEmpty() && submitCode(q, code, port);
        }
        Instant deadline = Instant.now().plus(qrStatusHold);
        ctx.future(() -> qrAnswer(handle, port, answerNow, deadline).thenAccept(body -> json(ctx, body)));
    }

    /** Checks a verification number; true when the poll must be answered at once. */
    private boolean submitCode(SimQr q, String code, int port) {
        if (q.state != SimQr.State.NEED_CODE || !onRightHost(q, port)) {
            return false;
        }
        if (code.equals(q.verifyCode)) {
            q.state = SimQr.State.SCANNED;
        } else if (++q.wrongCodes >= maxWrongCodes) {
            q.state = SimQr.State.BLOCKED;
        }
        return true;
    }

    private CompletableFuture<ObjectNode> qrAnswer(String handle, int port, boolean now, Instant deadline) {
        CompletableFuture<Void> wait;
        synchronized (this) {
            SimQr q = qrs.get(handle);
            expireIfOld(q);
            String status = onRightHost(q, port) ? statusName(q) : "scaned_but_redirect";
            if (now || closed || !status.equals(q.lastReported.get(port)) || !Instant.now().isBefore(deadline)) {
                q.lastReported.put(port, status);
                return CompletableFuture.completedFuture(statusBody(q, status));
            }
            wait = q.changed;
        }
        long ms = Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
        return CompletableFuture.anyOf(wait, new CompletableFuture<Void>().completeOnTimeout(null, ms, TimeUnit.MILLISECONDS))
                .thenCompose(v -> qrAnswer(handle, port, false, deadline));
    }

    /** After a redirect the status is only told on the redirect host; the main host keeps redirecting. */
    private boolean onRightHost(SimQr q, int port) {
        return !q.redirect || q.state == SimQr.State.WAIT || port == redirectPort();
    }

    private void expireIfOld(SimQr q) {
        boolean pending = q.state == SimQr.State.WAIT || q.state == SimQr.State.SCANNED || q.state == SimQr.State.NEED_CODE;
        if (pending && now().isAfter(q.createdAt.plus(qrTtl))) {
            q.state = SimQr.State.EXPIRED;
        }
    }

    private static String statusName(SimQr q) {
        return switch (q.state) {
            case WAIT -> "wait";
            case SCANNED -> "scaned";
            case NEED_CODE -> "need_verifycode";
            case BLOCKED -> "verify_code_blocked";
            case CONFIRMED -> "confirmed";
            case ALREADY_BOUND -> "binded_redirect";
            case EXPIRED -> "expired";
        };
    }

    private ObjectNode statusBody(SimQr q, String status) {
        ObjectNode body = JSON.createObjectNode();
        body.put("status", status);
        if (status.equals("scaned_but_redirect")) {
            body.put("redirect_host", redirectHost());
        }
        if (status.equals("confirmed")) {
            body.put("bot_token", q.binding.token());
            body.put("ilink_bot_id", q.binding.botId());
            body.put("baseurl", advertisedBaseUrl != null ? advertisedBaseUrl : baseUrl());
            body.put("ilink_user_id", q.binding.userId());
        }
        return body;
    }

    private void qrPage(Context ctx) {
        ctx.contentType("text/html; charset=utf-8").result("<html><body>WeChat ClawBot login (simulated)</body></html>");
    }

    // ---------------------------------------------------------------- HTTP: messages

    private void getUpdates(Context ctx) throws InterruptedException {
        BotCall call = botCall(ctx, Endpoint.GET_UPDATES);
        if (call == null) {
            return;
        }
        SimBinding b = call.binding();
        ObjectNode body = call.body();
        JsonNode buf = body.get("get_updates_buf");
        if (buf == null || !buf.isTextual()) {
            refuse(ctx, "get_updates_buf must be a string (\"\" the first time)");
            return;
        }
        int from;
        synchronized (this) {
            if (buf.asText().isEmpty()) {
                from = b.acked;
            } else {
                CursorRef ref = cursors.get(buf.asText());
                if (ref == null || ref.binding() != b) {
                    refuse(ctx, "invalid get_updates_buf (" + (ref == null ? "never issued" : "issued to another login") + ")");
                    return;
                }
                b.acked = Math.max(b.acked, ref.position());
                from = b.acked;
            }
        }
        Instant deadline = Instant.now().plus(holdTime);
        synchronized (this) {
            b.pollers++;
            b.maxPollers = Math.max(b.maxPollers, b.pollers);
        }
        ctx.future(() -> updates(b, from, deadline).whenComplete((answer, error) -> {
            synchronized (this) {
                b.pollers--;
            }
        }).thenAccept(answer -> json(ctx, answer)));
    }

    private CompletableFuture<ObjectNode> updates(SimBinding b, int cursorPosition, Instant deadline) {
        CompletableFuture<Void> wait;
        synchronized (this) {
            if (b.revoked) {
                rejections.add("/ilink/bot/getupdates: revoked token");
                ObjectNode body = JSON.createObjectNode();
                body.put("ret", -14);
                body.put("errcode", -14);
                body.put("errmsg", "session timeout");
                return CompletableFuture.completedFuture(body);
            }
            int from = Math.max(cursorPosition, b.acked);
            if (b.log.size() > from || closed || !Instant.now().isBefore(deadline)) {
                ObjectNode body = ok();
                body.putArray("msgs").addAll(b.log.subList(from, b.log.size()));
                String cursor = Base64.getEncoder().encodeToString(randomBytes(36));
                cursors.put(cursor, new CursorRef(b, b.log.size()));
                body.put("get_updates_buf", cursor);
                body.put("sync_buf", Base64.getEncoder().encodeToString(randomBytes(12)));
                body.put("longpolling_timeout_ms", holdTime.toMillis());
                return CompletableFuture.completedFuture(body);
            }
            wait = b.changed;
        }
        long ms = Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
        return CompletableFuture.anyOf(wait, new CompletableFuture<Void>().completeOnTimeout(null, ms, TimeUnit.MILLISECONDS))
                .thenCompose(v -> updates(b, cursorPosition, deadline));
    }

    private void sendMessage(Context ctx) throws InterruptedException {
        BotCall call = botCall(ctx, Endpoint.SEND_MESSAGE);
        if (call == null) {
            return;
        }
        SimBinding b = call.binding();
        ObjectNode body = call.body();
        JsonNode msg = body.path("msg");
        String problem = validateMessage(b, msg);
        if (problem != null) {
            refuse(ctx, problem);
            return;
        }
        String toUser = msg.path("to_user_id").asText();
        String token = msg.path("context_token").asText("");
        JsonNode item = msg.path("item_list").get(0);
        String messageId;
        synchronized (this) {
            SimConversation c = b.conversations.get(toUser);
            String policy = c == null ? "the user never wrote to this bot"
                    : token.isEmpty() ? "no context_token"
                    : !token.equals(c.latestToken) ? "context_token is not the user's latest"
                    : now().isAfter(c.latestAt.plus(contextWindow)) ? "the user's last message is older than " + contextWindow
                    : c.sentSinceInbound >= perInboundQuota ? perInboundQuota + " bot messages were already sent for the user's last message"
                    : null;
            if (policy != null) {
                refuse(ctx, -2, "prepare failed", policy);
                return;
            }
            String clientId = msg.path("client_id").asText();
            String earlier = acceptedClientIds.get(clientId);
            if (earlier != null) {
                // The same client_id again: a retry of a message the server took already. It is shown once, costs no
                // second reply of the quota, and gets the first answer again.
                ObjectNode again = ok();
                again.put("errmsg", "");
                again.put("message_id", earlier);
                json(ctx, again);
                return;
            }
            c.sentSinceInbound++;
            messageId = new BigInteger(64, random).toString();
            acceptedClientIds.put(clientId, messageId);
        }
        int type = item.path("type").asInt();
        byte[] media = type == 1 ? null : mediaOf(b, item);
        SentMessage accepted = new SentMessage(b.botId, toUser, msg.path("client_id").asText(), token, type,
                type == 1 ? item.path("text_item").path("text").asText() : "", media, messageId, body, now());
        sent.add(accepted);
        sentListener.accept(accepted);
        ObjectNode answer = ok();
        answer.put("errmsg", "");
        answer.put("message_id", messageId);
        json(ctx, answer);
    }

    /** Why a sendmessage body is invalid, or null. */
    private String validateMessage(SimBinding b, JsonNode msg) {
        if (!msg.isObject()) {
            return "no msg object";
        }
        if (msg.path("to_user_id").asText("").isEmpty()) {
            return "to_user_id is empty";
        }
        String from = msg.path("from_user_id").asText("");
        if (!from.isEmpty()) {
            return "from_user_id must be empty, was " + from;
        }
        if (msg.path("message_type").asInt(-1) != 2 || msg.path("message_state").asInt(-1) != 2) {
            return "message_type and message_state must both be 2";
        }
        if (msg.path("client_id").asText("").isEmpty()) {
            return "client_id is empty";
        }
        JsonNode items = msg.path("item_list");
        if (!items.isArray() || items.size() != 1) {
            return "item_list must hold exactly one item, had " + (items.isArray() ? items.size() : "none");
        }
        JsonNode item = items.get(0);
        int type = item.path("type").asInt(-1);
        return switch (type) {
            case 1 -> item.path("text_item").path("text").isTextual() && !item.path("text_item").path("text").asText().isEmpty()
                    ? null : "a text item needs text_item.text";
            case 2 -> mediaProblem(b, item.path("image_item"), "mid_size", true);
            case 4 -> {
                String p = mediaProblem(b, item.path("file_item"), null, false);
                yield p != null ? p : item.path("file_item").path("file_name").asText("").isEmpty() ? "file_item.file_name is empty"
                        : !item.path("file_item").path("len").isTextual() ? "file_item.len must be a string" : null;
            }
            case 5 -> mediaProblem(b, item.path("video_item"), null, false);
            default -> "item type " + type + " cannot be sent";
        };
    }

    private synchronized String mediaProblem(SimBinding b, JsonNode holder, String sizeField, boolean image) {
        JsonNode media = holder.path("media");
        if (!media.isObject()) {
            return "the item has no media";
        }
        CdnFile file = cdnFiles.get(media.path("encrypt_query_param").asText(""));
        if (file == null || !b.botId.equals(file.ownerBotId())) {
            return "media.encrypt_query_param is not a file this bot uploaded";
        }
        String expectedKey = Base64.getEncoder().encodeToString(HexFormat.of().formatHex(file.key()).getBytes(StandardCharsets.US_ASCII));
        if (!expectedKey.equals(media.path("aes_key").asText(""))) {
            return "media.aes_key must be Base64 of the key's 32 hex characters";
        }
        if (media.path("encrypt_type").asInt(-1) != 1) {
            return "media.encrypt_type must be 1";
        }
        if (image && (file.mediaType() != 1)) {
            return "the file was uploaded as media_type " + file.mediaType() + ", not as an image";
        }
        if (sizeField != null && holder.path(sizeField).asLong(-1) != file.cipherSize()) {
            return sizeField + " must be the ciphertext size " + file.cipherSize();
        }
        return null;
    }

    private synchronized byte[] mediaOf(SimBinding b, JsonNode item) {
        for (String holder : List.of("image_item", "file_item", "video_item")) {
            CdnFile f = cdnFiles.get(item.path(holder).path("media").path("encrypt_query_param").asText(""));
            if (f != null) {
                return f.plain().clone();
            }
        }
        return null;
    }

    private void getConfig(Context ctx) throws InterruptedException {
        BotCall call = botCall(ctx, Endpoint.GET_CONFIG);
        if (call == null) {
            return;
        }
        SimBinding b = call.binding();
        ObjectNode body = call.body();
        String user = body.path("ilink_user_id").asText("");
        if (user.isEmpty()) {
            refuse(ctx, "ilink_user_id is empty");
            return;
        }
        String ticket;
        synchronized (this) {
            SimConversation c = b.conversation(user);
            if (c.typingTicket == null) {
                c.typingTicket = Base64.getEncoder().encodeToString(randomBytes(24));
            }
            ticket = c.typingTicket;
        }
        ObjectNode answer = ok();
        answer.put("typing_ticket", ticket);
        json(ctx, answer);
    }

    private void sendTyping(Context ctx) throws InterruptedException {
        BotCall call = botCall(ctx, Endpoint.SEND_TYPING);
        if (call == null) {
            return;
        }
        SimBinding b = call.binding();
        ObjectNode body = call.body();
        String user = body.path("ilink_user_id").asText("");
        int status = body.path("status").asInt(-1);
        String ticket;
        synchronized (this) {
            SimConversation c = b.conversations.get(user);
            ticket = c == null ? null : c.typingTicket;
        }
        if (ticket == null || !ticket.equals(body.path("typing_ticket").asText(""))) {
            refuse(ctx, "invalid typing_ticket for " + user);
            return;
        }
        if (status != 1 && status != 2) {
            refuse(ctx, "status must be 1 or 2, was " + status);
            return;
        }
        typing.add(new TypingEvent(b.botId, user, status, now()));
        json(ctx, ok());
    }

    private void notify(Context ctx, Endpoint endpoint, String what) throws InterruptedException {
        BotCall call = botCall(ctx, endpoint);
        if (call == null) {
            return;
        }
        notifications.add(what + " " + call.binding().botId);
        ObjectNode answer = ok();
        answer.put("errmsg", "");
        json(ctx, answer);
    }

    // ---------------------------------------------------------------- HTTP: media

    private void getUploadUrl(Context ctx) throws InterruptedException {
        BotCall call = botCall(ctx, Endpoint.GET_UPLOAD_URL);
        if (call == null) {
            return;
        }
        SimBinding b = call.binding();
        ObjectNode body = call.body();
        String fileKey = body.path("filekey").asText("");
        int mediaType = body.path("media_type").asInt(-1);
        long rawSize = body.path("rawsize").asLong(-1);
        long fileSize = body.path("filesize").asLong(-1);
        String md5 = body.path("rawfilemd5").asText("");
        String aesKey = body.path("aeskey").asText("");
        String problem = !HEX32.matcher(fileKey).matches() ? "filekey must be 32 hex characters"
                : mediaType < 1 || mediaType > 4 ? "media_type must be 1 to 4"
                : body.path("to_user_id").asText("").isEmpty() ? "to_user_id is empty"
                : rawSize <= 0 ? "rawsize must be positive"
                : !HEX32.matcher(md5).matches() ? "rawfilemd5 must be 32 hex characters"
                : fileSize != SimCrypto.cipherSize(rawSize) ? "filesize must be the ciphertext size " + SimCrypto.cipherSize(rawSize)
                : !HEX32.matcher(aesKey).matches() ? "aeskey must be 32 hex characters"
                : null;
        if (problem != null) {
            refuse(ctx, problem);
            return;
        }
        String uploadParam = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(48));
        synchronized (this) {
            pendingUploads.put(uploadParam, new CdnFile(b.botId, body.path("to_user_id").asText(), mediaType, fileKey,
                    HexFormat.of().parseHex(aesKey), rawSize, md5, fileSize, null, null));
        }
        ObjectNode answer = ok();
        answer.put("upload_param", uploadParam);
        answer.put("thumb_upload_param", "");
        answer.put("upload_full_url", uploadFullUrl
                ? cdnBaseUrl() + "/upload?encrypted_query_param=" + encode(uploadParam) + "&filekey=" + encode(fileKey) : "");
        json(ctx, answer);
    }

    private void cdnUpload(Context ctx) throws InterruptedException {
        if (fault(ctx, Endpoint.CDN_UPLOAD)) {
            return;
        }
        String param = ctx.queryParam("encrypted_query_param");
        String fileKey = ctx.queryParam("filekey");
        byte[] cipher = ctx.bodyAsBytes();
        String contentType = ctx.header("Content-Type");
        String problem;
        String downloadParam = null;
        synchronized (this) {
            CdnFile pending = param == null ? null : pendingUploads.get(param);
            problem = contentType == null || !contentType.startsWith("application/octet-stream") ? "Content-Type must be application/octet-stream"
                    : pending == null ? "unknown encrypted_query_param"
                    : !pending.fileKey().equals(fileKey) ? "filekey does not match the upload"
                    : cipher.length != pending.cipherSize() ? "body has " + cipher.length + " bytes, filesize said " + pending.cipherSize()
                    : null;
            if (problem == null) {
                byte[] plain;
                try {
                    plain = SimCrypto.decrypt(pending.key(), cipher);
                } catch (IllegalArgumentException e) {
                    plain = null;
                }
                problem = plain == null ? "the body does not decrypt with the announced aeskey"
                        : plain.length != pending.rawSize() ? "decrypted size " + plain.length + " is not rawsize " + pending.rawSize()
                        : !SimCrypto.md5Hex(plain).equals(pending.rawMd5()) ? "MD5 of the decrypted file does not match rawfilemd5"
                        : null;
                if (problem == null) {
                    pendingUploads.remove(param);
                    downloadParam = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(48));
                    cdnFiles.put(downloadParam, pending.withContent(cipher, plain));
                }
            }
        }
        if (problem != null) {
            rejections.add("/c2c/upload: " + problem);
            ctx.status(400).header("x-error-message", problem).result("");
            return;
        }
        ctx.status(200).header("x-encrypted-param", downloadParam).result("");
    }

    private void cdnDownload(Context ctx) throws InterruptedException {
        if (fault(ctx, Endpoint.CDN_DOWNLOAD)) {
            return;
        }
        String param = ctx.queryParam("encrypted_query_param");
        CdnFile file;
        synchronized (this) {
            file = param == null ? null : cdnFiles.get(param);
        }
        if (file == null) {
            ctx.status(404).header("x-error-message", "no such file").result("");
            return;
        }
        ctx.status(200).contentType("application/octet-stream").result(file.cipherText());
    }

    // ---------------------------------------------------------------- helpers

    private static <T> List<T> snapshot(List<T> records) {
        synchronized (records) {
            return List.copyOf(records);
        }
    }

    private SimQr qr(String qrOrUrl) {
        String handle = qrOrUrl;
        if (qrOrUrl.contains("qrcode=")) {
            String query = URI.create(qrOrUrl).getRawQuery();
            for (String part : query.split("&")) {
                if (part.startsWith("qrcode=")) {
                    handle = URLDecoder.decode(part.substring(7), StandardCharsets.UTF_8);
                }
            }
        }
        SimQr q = qrs.get(handle);
        if (q == null) {
            throw new IllegalArgumentException("no such QR code: " + qrOrUrl);
        }
        return q;
    }

    private synchronized byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private String hex(int bytes) {
        return HexFormat.of().formatHex(randomBytes(bytes));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        closed = true;
        synchronized (this) {
            bindingsByToken.values().forEach(b -> waiting.add(b.signal()));
            qrs.values().forEach(q -> waiting.add(q.signal()));
        }
        waiting.forEach(w -> w.complete(null));
        server.stop();
    }
}
