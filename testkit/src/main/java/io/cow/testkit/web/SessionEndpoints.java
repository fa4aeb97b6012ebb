package io.cow.testkit.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** The main and push hosts' endpoints of a logged-in session. */
final class SessionEndpoints {

    static final int MAX_BATCH = 50;

    private final WebWeChatSimulator sim;

    SessionEndpoints(WebWeChatSimulator sim) {
        this.sim = sim;
    }

    /** A request the real service would refuse, with the Ret (or retcode) it answers. */
    static final class Rejection extends Exception {
        final int ret;

        Rejection(int ret, String message) {
            super(message, null, false, false);
            this.ret = ret;
        }
    }

    // ---------------------------------------------------------------- webwxinit

    void init(Context ctx) {
        JsonNode body = parse(ctx);
        Map<String, Object> answer;
        synchronized (sim.lock) {
            SimSession s;
            try {
                s = session(ctx, body);
            } catch (Rejection r) {
                reject(ctx, r);
                return;
            }
            if (sim.options.rotateSkeyOnInit()) {
                s.skey = Ids.skey();
            }
            s.inited = true;
            sim.lock.notifyAll();
            answer = initAnswer(s);
        }
        Responses.json(ctx, answer);
    }

    private Map<String, Object> initAnswer(SimSession s) {
        boolean emoji = sim.options.emojiSpans();
        List<Map<String, Object>> recent = new ArrayList<>();
        for (String userName : sim.recentChatsLocked(s)) {
            SimChat chat = s.chat(userName);
            recent.add(chat instanceof SimGroup g ? Wire.group(s, g, sim.self, false, emoji)
                    : Wire.contact(s, (SimContact) chat, emoji));
        }
        Map<String, Object> answer = Wire.ok();
        answer.put("Count", recent.size());
        answer.put("ContactList", recent);
        answer.put("SyncKey", syncKey(s, s.ackedSeq));
        answer.put("User", Wire.user(s, sim.self, emoji));
        answer.put("ChatSet", String.join(",", sim.recentChatsLocked(s)) + ",");
        answer.put("SKey", s.skey);
        answer.put("ClientVersion", 369_299_473);
        answer.put("SystemTime", System.currentTimeMillis() / 1000);
        answer.put("GrayScale", 1);
        answer.put("InviteStartCount", 40);
        answer.put("MPSubscribeMsgCount", 0);
        answer.put("MPSubscribeMsgList", List.of());
        answer.put("ClickReportInterval", 600_000);
        return answer;
    }

    // ---------------------------------------------------------------- webwxstatusnotify

    void statusNotify(Context ctx) {
        JsonNode body = parse(ctx);
        long msgId;
        synchronized (sim.lock) {
            try {
                SimSession s = session(ctx, body);
                if (!body.path("Code").canConvertToInt() || !body.path("Code").isNumber()) {
                    throw new Rejection(1, "Code must be a number");
                }
                requireSelf(s, body.path("FromUserName").asText(""));
                if (s.chat(body.path("ToUserName").asText("")) == null) {
                    throw new Rejection(1, "ToUserName is not a UserName of this session");
                }
                if (body.path("ClientMsgId").asText("").isEmpty()) {
                    throw new Rejection(1, "ClientMsgId is missing");
                }
            } catch (Rejection r) {
                reject(ctx, r);
                return;
            }
            msgId = sim.ids.nextMsgId();
        }
        Map<String, Object> answer = Wire.ok();
        answer.put("MsgID", Long.toString(msgId));
        Responses.json(ctx, answer);
    }

    // ---------------------------------------------------------------- contacts

    void getContact(Context ctx) {
        Map<String, Object> answer;
        synchronized (sim.lock) {
            try {
                SimSession s = cookieSession(ctx);
                int seq = parseSeq(ctx.queryParam("seq"));
                List<Map<String, Object>> all = listedContacts(s);
                int end = Math.min(all.size(), seq + sim.options.contactPageSize());
                List<Map<String, Object>> page = seq >= all.size() ? List.of() : all.subList(seq, end);
                answer = Wire.ok();
                answer.put("MemberCount", page.size());
                answer.put("MemberList", page);
                answer.put("Seq", end < all.size() ? end : 0);
            } catch (Rejection r) {
                reject(ctx, r);
                return;
            }
        }
        Responses.json(ctx, answer);
    }

    private static int parseSeq(String seq) throws Rejection {
        if (seq == null || seq.isEmpty()) {
            return 0;
        }
        try {
            int value = Integer.parseInt(seq);
            if (value < 0) {
                throw new Rejection(1, "seq must not be negative");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new Rejection(1, "seq is not a number");
        }
    }

    /** What webwxgetcontact lists: friends, official and special accounts, then listed groups without members. */
    private List<Map<String, Object>> listedContacts(SimSession s) {
        boolean emoji = sim.options.emojiSpans();
        List<Map<String, Object>> out = new ArrayList<>();
        for (SimContact c : sim.contacts) {
            if (c.kind() != SimContact.Kind.STRANGER) {
                out.add(Wire.contact(s, c, emoji));
            }
        }
        for (SimGroup g : sim.groups) {
            if (g.listedLocked()) {
                out.add(Wire.group(s, g, sim.self, false, emoji));
            }
        }
        return out;
    }

    void batchGetContact(Context ctx) {
        JsonNode body = parse(ctx);
        Map<String, Object> answer;
        synchronized (sim.lock) {
            try {
                SimSession s = session(ctx, body);
                JsonNode list = body.path("List");
                if (!list.isArray() || list.isEmpty()) {
                    throw new Rejection(1, "List must be a non-empty array");
                }
                if (list.size() > MAX_BATCH) {
                    throw new Rejection(1, "at most " + MAX_BATCH + " entries a call, got " + list.size());
                }
                if (!body.path("Count").canConvertToInt() || body.path("Count").asInt() != list.size()) {
                    throw new Rejection(1, "Count must equal the number of entries in List");
                }
                List<Map<String, Object>> contacts = new ArrayList<>();
                for (JsonNode item : list) {
                    Map<String, Object> contact = lookUp(s, item.path("UserName").asText(""),
                            item.path("EncryChatRoomId").asText(""));
                    if (contact != null) {
                        contacts.add(contact);
                    }
                }
                answer = Wire.ok();
                answer.put("Count", contacts.size());
                answer.put("ContactList", contacts);
            } catch (Rejection r) {
                reject(ctx, r);
                return;
            }
        }
        Responses.json(ctx, answer);
    }

    private Map<String, Object> lookUp(SimSession s, String userName, String encryChatRoomId) {
        boolean emoji = sim.options.emojiSpans();
        SimChat chat = s.chat(userName);
        if (chat instanceof SimGroup g) {
            return Wire.group(s, g, sim.self, true, emoji);
        }
        if (!(chat instanceof SimContact c)) {
            return null;
        }
        Map<String, Object> contact = Wire.contact(s, c, emoji);
        if (!encryChatRoomId.isEmpty()) {
            for (SimGroup g : sim.groups) {
                if (g.encryChatRoomId().equals(encryChatRoomId) && g.membersLocked().contains(c)) {
                    contact.put("DisplayName", WebText.name(g.displayNameLocked(c), emoji));
                }
            }
        }
        return contact;
    }

    // ---------------------------------------------------------------- synccheck and webwxsync

    /** The long poll: selector 2 as soon as something is queued after the presented key, 0 after the hold. */
    void syncCheck(Context ctx) throws InterruptedException {
        String answer;
        synchronized (sim.lock) {
            answer = syncCheckLocked(ctx);
        }
        Responses.js(ctx, answer);
    }

    private String syncCheckLocked(Context ctx) throws InterruptedException {
        String sid = ctx.queryParam("sid");
        String uin = ctx.queryParam("uin");
        String cookieSid = ctx.cookie("wxsid");
        String cookieUin = ctx.cookie("wxuin");
        if (cookieSid == null || cookieUin == null || !cookieSid.equals(sid) || !cookieUin.equals(uin)) {
            return Responses.synccheck(1102, 0);
        }
        SimSession s = sim.sessions.get(sid);
        if (s == null || !Long.toString(s.uin).equals(uin)) {
            return Responses.synccheck(1100, 0);
        }
        if (!s.alive()) {
            return Responses.synccheck(s.deadRetcode, 0);
        }
        if (!s.skey.equals(ctx.queryParam("skey"))) {
            return Responses.synccheck(1101, 0);
        }
        Long key1 = key1OfSyncCheckKey(ctx.queryParam("synckey"));
        if (key1 == null) {
            return Responses.synccheck(1200, 0);
        }
        s.acknowledge(key1);
        long deadline = System.nanoTime() + sim.syncCheckHold().toNanos();
        s.pollers++;
        sim.lock.notifyAll();
        try {
            while (true) {
                if (!s.alive()) {
                    return Responses.synccheck(s.deadRetcode, 0);
                }
                int selector = s.selector(key1);
                if (selector != 0) {
                    return Responses.synccheck(0, selector);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || sim.isClosed()) {
                    return Responses.synccheck(0, 0);
                }
                sim.lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        } finally {
            s.pollers--;
        }
    }

    /** Key 1 of a synccheck key string {@code 1_636444437|2_636445051|...}, or null. */
    static Long key1OfSyncCheckKey(String synckey) {
        if (synckey == null) {
            return null;
        }
        for (String pair : synckey.split("\\|")) {
            int sep = pair.indexOf('_');
            if (sep > 0 && pair.substring(0, sep).equals("1")) {
                try {
                    return Long.parseLong(pair.substring(sep + 1));
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }

    void sync(Context ctx) {
        JsonNode body = parse(ctx);
        Map<String, Object> answer;
        synchronized (sim.lock) {
            try {
                SimSession s = session(ctx, body);
                if (!s.sid.equals(ctx.queryParam("sid"))) {
                    throw new Rejection(1100, "the sid query parameter is not the session's");
                }
                if (!s.skey.equals(ctx.queryParam("skey"))) {
                    throw new Rejection(1101, "the skey query parameter is not the session's");
                }
                Long key1 = key1OfSyncKey(body.path("SyncKey"));
                if (key1 == null) {
                    throw new Rejection(1, "SyncKey must hold key 1");
                }
                s.acknowledge(key1);
                answer = syncAnswer(s, key1);
            } catch (Rejection r) {
                reject(ctx, r);
                return;
            }
        }
        Responses.json(ctx, answer);
    }

    private static Long key1OfSyncKey(JsonNode syncKey) {
        for (JsonNode item : syncKey.path("List")) {
            if (item.path("Key").asLong(-1) == 1 && item.path("Val").canConvertToLong()) {
                return item.path("Val").asLong();
            }
        }
        return null;
    }

    private Map<String, Object> syncAnswer(SimSession s, long key1) {
        boolean emoji = sim.options.emojiSpans();
        List<SimSession.Entry> entries = s.after(key1, sim.options.syncBatchLimit());
        List<Map<String, Object>> messages = new ArrayList<>();
        Set<SimChat> changed = new LinkedHashSet<>();
        long seq = Math.max(0, Math.min(key1 - s.key1Base, s.lastSeq));
        for (SimSession.Entry e : entries) {
            if (e.addMsg() != null) {
                messages.add(e.addMsg());
            } else {
                changed.add(e.delivery().modContact());
            }
            seq = e.seq();
        }
        List<Map<String, Object>> modContacts = new ArrayList<>();
        for (SimChat chat : changed) {
            modContacts.add(chat instanceof SimGroup g ? Wire.group(s, g, sim.self, true, emoji)
                    : Wire.contact(s, (SimContact) chat, emoji));
        }
        Map<String, Object> answer = Wire.ok();
        answer.put("AddMsgCount", messages.size());
        answer.put("AddMsgList", messages);
        answer.put("ModContactCount", modContacts.size());
        answer.put("ModContactList", modContacts);
        answer.put("DelContactCount", 0);
        answer.put("DelContactList", List.of());
        answer.put("ModChatRoomMemberCount", 0);
        answer.put("ModChatRoomMemberList", List.of());
        answer.put("Profile", profile());
        answer.put("ContinueFlag", s.selector(s.key1(seq)) == 2 ? 1 : 0);
        if (entries.isEmpty() && sim.faults.takeEmptySyncKeys()) {
            answer.put("SyncKey", Wire.syncKey(new long[0][]));
            answer.put("SyncCheckKey", Wire.syncKey(new long[0][]));
        } else {
            answer.put("SyncKey", syncKey(s, seq));
            answer.put("SyncCheckKey", syncCheckKey(s, seq));
        }
        answer.put("SKey", "");
        return answer;
    }

    private static Map<String, Object> profile() {
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("BitFlag", 0);
        profile.put("UserName", Map.of("Buff", ""));
        profile.put("NickName", Map.of("Buff", ""));
        profile.put("BindUserMobile", Map.of("Buff", ""));
        profile.put("Status", 0);
        profile.put("Sex", 0);
        profile.put("PersonalCard", 0);
        profile.put("Alias", "");
        profile.put("HeadImgUpdateFlag", 0);
        profile.put("HeadImgUrl", "");
        profile.put("Signature", "");
        return profile;
    }

    private static Map<String, Object> syncKey(SimSession s, long seq) {
        long now = System.currentTimeMillis() / 1000;
        return Wire.syncKey(new long[][]{{1, s.key1(seq)}, {2, s.key2Base + s.contactChanges}, {3, s.key3},
                {1000, now}});
    }

    private static Map<String, Object> syncCheckKey(SimSession s, long seq) {
        long now = System.currentTimeMillis() / 1000;
        return Wire.syncKey(new long[][]{{1, s.key1(seq)}, {2, s.key2Base + s.contactChanges}, {3, s.key3},
                {11, s.key3 + 7}, {201, now}, {1000, now}, {1001, now}});
    }

    // ---------------------------------------------------------------- webwxsendmsg

    void sendMsg(Context ctx) {
        JsonNode body = parse(ctx);
        SentMessage sent;
        synchronized (sim.lock) {
            try {
                SimSession s = session(ctx, body);
                sent = accept(s, body.path("Msg"));
            } catch (Rejection r) {
                reject(ctx, r);
                return;
            }
        }
        sim.recordSent(sent);
        Map<String, Object> answer = Wire.ok();
        answer.put("MsgID", sent.msgId());
        answer.put("LocalID", sent.localId());
        Responses.json(ctx, answer);
    }

    private SentMessage accept(SimSession s, JsonNode msg) throws Rejection {
        if (!msg.isObject()) {
            throw new Rejection(1, "Msg is missing");
        }
        if (msg.path("Type").asInt(-1) != 1 || !(msg.path("Type").isNumber() || msg.path("Type").isTextual())) {
            throw new Rejection(1, "Msg.Type must be 1 for a text");
        }
        String content = msg.path("Content").isTextual() ? msg.path("Content").asText() : "";
        if (content.isEmpty()) {
            throw new Rejection(1, "Msg.Content is empty");
        }
        String self = requireSelf(s, msg.path("FromUserName").asText(""));
        String to = msg.path("ToUserName").asText("");
        SimChat chat = s.chat(to);
        if (chat == null) {
            throw new Rejection(1, "Msg.ToUserName is not a UserName of this session");
        }
        String localId = scalar(msg.path("LocalID"));
        String clientMsgId = scalar(msg.path("ClientMsgId"));
        if (localId.isEmpty() || !localId.equals(clientMsgId)) {
            throw new Rejection(1, "Msg.LocalID must equal Msg.ClientMsgId");
        }
        long msgId = sim.ids.nextMsgId();
        long createTime = System.currentTimeMillis() / 1000;
        String echoContent = WebText.content(content, sim.options.emojiSpans());
        s.append(SimSession.Delivery.message(x -> Wire.message(msgId, self, to, 1, echoContent, createTime), false));
        sim.lock.notifyAll();
        return new SentMessage(to, content, localId, clientMsgId, java.time.Instant.now(), chat, Long.toString(msgId));
    }

    private static String scalar(JsonNode node) {
        return node.isTextual() || node.isNumber() ? node.asText() : "";
    }

    // ---------------------------------------------------------------- webwxlogout

    void logout(Context ctx) {
        String sid = firstNonNull(ctx.queryParam("sid"), formParam(ctx, "sid"));
        String uin = firstNonNull(ctx.queryParam("uin"), formParam(ctx, "uin"));
        String skey = ctx.queryParam("skey");
        synchronized (sim.lock) {
            SimSession s = sid == null ? null : sim.sessions.get(sid);
            if (s != null && s.alive() && s.skey.equals(skey) && Long.toString(s.uin).equals(uin)) {
                sim.killLocked(s, 1101, "logged out by the client");
            }
        }
        if ("1".equals(ctx.queryParam("redirect"))) {
            ctx.status(301).header("Location", "/");
        }
        ctx.contentType("text/html; charset=UTF-8").result("");
    }

    private static String formParam(Context ctx, String name) {
        String type = ctx.contentType();
        return type != null && type.startsWith("application/x-www-form-urlencoded") ? ctx.formParam(name) : null;
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

    // ---------------------------------------------------------------- checks shared by the JSON endpoints

    /** The body as JSON whatever the Content-Type says, or null. */
    private static JsonNode parse(Context ctx) {
        try {
            byte[] bytes = ctx.bodyAsBytes();
            JsonNode node = bytes.length == 0 ? null : Responses.JSON.readTree(bytes);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The live session a JSON request's BaseRequest and pass_ticket name. */
    private SimSession session(Context ctx, JsonNode body) throws Rejection {
        if (body == null) {
            throw new Rejection(1200, "the body is not JSON");
        }
        JsonNode base = body.path("BaseRequest");
        if (!base.isObject()) {
            throw new Rejection(1, "BaseRequest is missing");
        }
        String uin = scalar(base.path("Uin"));
        String sid = base.path("Sid").asText("");
        String skey = base.path("Skey").asText("");
        if (uin.isEmpty() || sid.isEmpty() || skey.isEmpty()) {
            throw new Rejection(1, "BaseRequest needs Uin, Sid and Skey");
        }
        SimSession s = sim.sessions.get(sid);
        if (s == null || !Long.toString(s.uin).equals(uin)) {
            throw new Rejection(1100, "no such session");
        }
        requireAliveWithSkey(s, skey);
        requirePassTicket(ctx, s);
        return s;
    }

    /** The session a GET request's cookies and skey name (webwxgetcontact). */
    private SimSession cookieSession(Context ctx) throws Rejection {
        String sid = ctx.cookie("wxsid");
        String uin = ctx.cookie("wxuin");
        if (sid == null || uin == null) {
            throw new Rejection(1102, "the cookies wxsid and wxuin are missing");
        }
        SimSession s = sim.sessions.get(sid);
        if (s == null) {
            throw new Rejection(1100, "no such session");
        }
        if (!Long.toString(s.uin).equals(uin)) {
            throw new Rejection(1102, "the wxuin cookie is not the session's");
        }
        requireAliveWithSkey(s, ctx.queryParam("skey"));
        requirePassTicket(ctx, s);
        return s;
    }

    private static void requireAliveWithSkey(SimSession s, String skey) throws Rejection {
        if (!s.alive()) {
            throw new Rejection(1101, "the session ended: " + s.deathReason);
        }
        if (!s.skey.equals(skey)) {
            throw new Rejection(1101, "wrong skey");
        }
    }

    private static void requirePassTicket(Context ctx, SimSession s) throws Rejection {
        if (!s.passTicket.equals(ctx.queryParam("pass_ticket"))) {
            throw new Rejection(-14, "wrong or missing pass_ticket");
        }
    }

    private String requireSelf(SimSession s, String userName) throws Rejection {
        String self = s.userName(sim.self);
        if (!self.equals(userName)) {
            throw new Rejection(1, "FromUserName is not the bot's own UserName in this session");
        }
        return self;
    }

    private static void reject(Context ctx, Rejection r) {
        Responses.ret(ctx, r.ret, r.getMessage());
    }
}
