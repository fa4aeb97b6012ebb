package io.cow.web.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.cow.web.WebOptions;
import io.cow.web.contact.Contact;
import io.cow.web.http.Multipart;
import io.cow.web.http.WebHttp;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The calls of the web protocol, one method each, with the hosts, parameters and headers of the fact sheet
 * (UOS desktop mode when configured). Methods return what the caller acts on; a failed transport or an
 * unreadable answer is an {@link IOException}, a refusal by WeChat a {@link RetException}.
 */
public final class WebApi {

    public static final String APP_ID = "wx782c26e4c19acffb";
    /** Most contacts one webwxbatchgetcontact call may ask for. */
    public static final int BATCH_LIMIT = 50;
    private static final String LANG = "zh_CN";
    /** The query the web client puts before {@code lang} on its media sends. */
    private static final String ASYNC_JSON = "fun=async&f=json&";

    private final WebHttp http;
    private final WebOptions options;
    private final Clock clock;

    public WebApi(WebHttp http, WebOptions options, Clock clock) {
        this.http = http;
        this.options = options;
        this.clock = clock;
    }

    public WebHttp http() {
        return http;
    }

    // ---- login ----

    /** Asks for a login uuid ({@code jslogin}). */
    public String jsLogin(Hosts hosts) throws IOException, InterruptedException {
        String redirect = hosts.mainApi("webwxnewloginpage") + (options.uos() ? "?mod=desktop" : "");
        String url = hosts.login() + "/jslogin?appid=" + APP_ID
                + "&redirect_uri=" + UrlCodec.encode(redirect)
                + "&fun=new&lang=" + LANG + "&_=" + clock.millis();
        return JsResponses.uuid(http.get(url, options.timeout(), headers(hosts)).body());
    }

    /** One long poll of {@code login}: waits for a scan ({@code tip=0}) or for the confirm of a push login ({@code tip=1}). */
    public JsResponses.LoginStatus pollLogin(Hosts hosts, String uuid, boolean tip) throws IOException, InterruptedException {
        long now = clock.millis();
        String url = hosts.loginApi("login") + "?loginicon=true&uuid=" + UrlCodec.encode(uuid)
                + "&tip=" + (tip ? 1 : 0) + "&r=" + (int) ~now + "&_=" + now;
        return JsResponses.loginStatus(http.get(url, options.longPollTimeout(), headers(hosts)).body());
    }

    /**
     * Exchanges the ticket of a confirmed login for the session's credentials ({@code webwxnewloginpage}).
     * Accepts the 200 and the 301 forms; the cookies it sets land in the jar.
     */
    public LoginPage newLoginPage(URI redirect, Hosts hosts) throws IOException, InterruptedException {
        URI page = Hosts.loginPage(redirect, options.endpoint());
        String query = page.getRawQuery();
        StringBuilder url = new StringBuilder(page.toString());
        url.append(query == null || query.isEmpty() ? '?' : '&').append("fun=new&version=v2");
        if (options.uos()) {
            url.append("&mod=desktop");
        }
        Map<String, String> headers = headers(hosts);
        if (options.uos()) {
            headers.put("client-version", options.clientVersion());
            headers.put("extspam", options.extspam());
        }
        WebHttp.Response response = http.get(url.toString(), options.timeout(), headers);
        if (response.status() != 200 && response.status() != 301) {
            throw new MalformedResponseException("webwxnewloginpage answered HTTP " + response.status(), response.body());
        }
        return LoginPage.parse(response.body());
    }

    /** Asks the phone to confirm a login without a scan; the uuid to poll with {@code tip=1}, if the server agreed. */
    public Optional<String> pushLoginUuid(Hosts hosts, long uin) throws IOException, InterruptedException {
        String url = hosts.mainApi("webwxpushloginurl") + "?uin=" + uin + (options.uos() ? "&mod=desktop" : "");
        JsonNode answer = http.get(url, options.timeout(), headers(hosts)).json("webwxpushloginurl");
        String ret = answer.path("ret").asText("");
        String uuid = answer.path("uuid").asText("");
        return ret.equals("0") && !uuid.isBlank() ? Optional.of(uuid) : Optional.empty();
    }

    // ---- session ----

    /**
     * What webwxinit answered.
     *
     * @param self     the bot's own account
     * @param contacts recent chats
     * @param chatSet  addresses of recent chats, groups among them
     */
    public record InitResult(Contact self, List<Contact> contacts, Optional<SyncKey> syncKey, String skey,
                             List<String> chatSet) {
    }

    /** Starts (or resumes) the session: the own account, recent chats and the sync key. */
    public InitResult init(Session session) throws IOException, InterruptedException, RetException {
        long now = clock.millis();
        String url = session.hosts().mainApi("webwxinit") + "?r=" + (int) ~now
                + "&lang=" + LANG + "&pass_ticket=" + UrlCodec.encode(session.passTicket());
        JsonNode answer = postOk(session, url, body(session), "webwxinit");
        List<Contact> contacts = contacts(answer.path("ContactList"));
        List<String> chatSet = new ArrayList<>();
        for (String name : answer.path("ChatSet").asText("").split(",")) {
            if (!name.isBlank()) {
                chatSet.add(name.strip());
            }
        }
        JsonNode user = answer.path("User");
        if (!user.isObject() || user.path("UserName").asText("").isEmpty()) {
            throw new MalformedResponseException("webwxinit answered without the own User", answer.toString());
        }
        return new InitResult(Contact.fromJson(user), contacts, SyncKey.fromJson(answer.path("SyncKey")),
                answer.path("SKey").asText(""), chatSet);
    }

    /** Tells the server the client's state ({@code webwxstatusnotify}); code 3 right after init. */
    public void statusNotify(Session session, int code) throws IOException, InterruptedException, RetException {
        String url = session.hosts().mainApi("webwxstatusnotify") + "?lang=" + LANG
                + "&pass_ticket=" + UrlCodec.encode(session.passTicket());
        Map<String, Object> body = body(session);
        body.put("Code", code);
        body.put("FromUserName", session.selfUserName());
        body.put("ToUserName", session.selfUserName());
        body.put("ClientMsgId", clock.millis());
        postOk(session, url, body, "webwxstatusnotify");
    }

    /** One page of the contact list, and the seq of the next page (0 when this was the last). */
    /**
     * Ends the session at web WeChat ({@code webwxlogout}, as the web client's "log out" does); the answer is a
     * redirect to the login page, which clients ignore.
     */
    public void logout(Session session) throws IOException, InterruptedException {
        String url = session.hosts().mainApi("webwxlogout") + "?redirect=1&type=0&skey=" + UrlCodec.encode(session.skey())
                + "&sid=" + UrlCodec.encode(session.sid()) + "&uin=" + session.uin();
        http.get(url, options.timeout(), headers(session.hosts()));
    }

    public record ContactPage(List<Contact> contacts, long nextSeq) {
    }

    public ContactPage contacts(Session session, long seq) throws IOException, InterruptedException, RetException {
        String url = session.hosts().mainApi("webwxgetcontact") + "?r=" + clock.millis() + "&seq=" + seq
                + "&skey=" + UrlCodec.encode(session.skey()) + "&lang=" + LANG
                + "&pass_ticket=" + UrlCodec.encode(session.passTicket());
        JsonNode answer = http.get(url, options.timeout(), headers(session.hosts())).json("webwxgetcontact");
        requireOk(answer, "webwxgetcontact");
        return new ContactPage(contacts(answer.path("MemberList")), answer.path("Seq").asLong(0));
    }

    /** Details of up to {@value #BATCH_LIMIT} contacts or groups (a group's members with their display names). */
    public List<Contact> batchContacts(Session session, List<String> userNames)
            throws IOException, InterruptedException, RetException {
        if (userNames.size() > BATCH_LIMIT) {
            throw new IllegalArgumentException("at most " + BATCH_LIMIT + " contacts a call, not " + userNames.size());
        }
        String url = session.hosts().mainApi("webwxbatchgetcontact") + "?type=ex&r=" + clock.millis()
                + "&lang=" + LANG + "&pass_ticket=" + UrlCodec.encode(session.passTicket());
        Map<String, Object> body = body(session);
        body.put("Count", userNames.size());
        body.put("List", userNames.stream().map(n -> Map.of("UserName", n, "EncryChatRoomId", "")).toList());
        return contacts(postOk(session, url, body, "webwxbatchgetcontact").path("ContactList"));
    }

    // ---- messages ----

    /** One long poll of {@code synccheck} on the push host. */
    public JsResponses.SyncCheck syncCheck(Session session) throws IOException, InterruptedException {
        long now = clock.millis();
        SyncKey key = session.syncCheckKey();
        String url = session.hosts().pushApi("synccheck") + "?r=" + now
                + "&skey=" + UrlCodec.encode(session.skey())
                + "&sid=" + UrlCodec.encode(session.sid())
                + "&uin=" + session.uin()
                + "&deviceid=" + Session.deviceId()
                + "&synckey=" + UrlCodec.encode(key == null ? "" : key.asParameter())
                + "&_=" + now;
        return JsResponses.syncCheck(http.get(url, options.longPollTimeout(), headers(session.hosts())).body());
    }

    /**
     * What webwxsync answered.
     *
     * @param messages     the AddMsgList items, as sent
     * @param modContacts  contacts and groups that changed
     * @param delContacts  addresses of contacts that went away
     * @param continueFlag non-zero: more is waiting, call again
     */
    public record SyncResult(List<JsonNode> messages, List<Contact> modContacts, List<String> delContacts,
                             Optional<SyncKey> syncKey, Optional<SyncKey> syncCheckKey, String skey, int continueFlag) {
    }

    /** Fetches what is new ({@code webwxsync}); the caller applies the keys once it has taken the messages in. */
    public SyncResult sync(Session session) throws IOException, InterruptedException, RetException {
        String url = session.hosts().mainApi("webwxsync") + "?sid=" + UrlCodec.encode(session.sid())
                + "&skey=" + UrlCodec.encode(session.skey())
                + "&lang=" + LANG + "&pass_ticket=" + UrlCodec.encode(session.passTicket());
        Map<String, Object> body = body(session);
        SyncKey key = session.syncKey();
        body.put("SyncKey", key == null ? Map.of("Count", 0, "List", List.of()) : key.toJson());
        body.put("rr", (int) ~clock.millis());
        JsonNode answer = postOk(session, url, body, "webwxsync");
        List<JsonNode> messages = new ArrayList<>();
        answer.path("AddMsgList").forEach(messages::add);
        List<String> deleted = new ArrayList<>();
        answer.path("DelContactList").forEach(c -> deleted.add(c.path("UserName").asText("")));
        return new SyncResult(messages, contacts(answer.path("ModContactList")), deleted,
                SyncKey.fromJson(answer.path("SyncKey")), SyncKey.fromJson(answer.path("SyncCheckKey")),
                answer.path("SKey").asText(""), answer.path("ContinueFlag").asInt(0));
    }

    /**
     * Sends a text ({@code webwxsendmsg}) with {@code LocalID} = {@code ClientMsgId}.
     *
     * @return the server's MsgID
     */
    public String sendText(Session session, String toUserName, String text, String clientMsgId)
            throws IOException, InterruptedException, RetException {
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("Type", 1);
        msg.put("Content", text);
        return sendMessage(session, "webwxsendmsg", "", msg, toUserName, clientMsgId);
    }

    // ---- media ----

    /** Bytes of one upload chunk, as the web client cuts files (§9.2). */
    public static final int UPLOAD_CHUNK = 524_288;

    /**
     * Opens a received attachment (§9.4) as a stream, with the session's cookies and skey.
     *
     * @param ref the attachment's reference: {@code KIND:MsgId}, for files {@code FILE:MsgId:MediaId:EncryFileName:sender}
     */
    public InputStream openMedia(Session session, String ref) throws IOException, InterruptedException {
        String[] parts = ref.split(":", -1);
        String skey = "&skey=" + UrlCodec.encode(session.skey());
        Map<String, String> headers = headers(session.hosts());
        String url = switch (parts[0]) {
            case "IMAGE" -> session.hosts().mainApi("webwxgetmsgimg") + "?MsgID=" + UrlCodec.encode(parts[1]) + skey + "&type=big";
            case "EMOTICON" -> session.hosts().mainApi("webwxgetmsgimg") + "?MsgID=" + UrlCodec.encode(parts[1]) + skey;
            case "VOICE" -> session.hosts().mainApi("webwxgetvoice") + "?msgid=" + UrlCodec.encode(parts[1]) + skey;
            case "VIDEO" -> {
                headers.put("Range", "bytes=0-");
                yield session.hosts().mainApi("webwxgetvideo") + "?fun=download&msgid=" + UrlCodec.encode(parts[1]) + skey;
            }
            case "FILE" -> session.hosts().fileApi("webwxgetmedia") + "?sender=" + UrlCodec.encode(parts.length > 4 ? parts[4] : "")
                    + "&mediaid=" + UrlCodec.encode(parts.length > 2 ? parts[2] : "")
                    + "&encryfilename=" + UrlCodec.encode(parts.length > 3 ? parts[3] : "")
                    + "&fromuser=" + session.uin() + "&pass_ticket=" + UrlCodec.encode(session.passTicket())
                    + "&webwx_data_ticket=" + UrlCodec.encode(http.cookies().value("webwx_data_ticket").orElse(""));
            default -> throw new IOException("not a web WeChat media reference: " + parts[0]);
        };
        return http.download(url, options.timeout().multipliedBy(4), headers);
    }

    /**
     * Uploads a file ({@code webwxuploadmedia}, in chunks of {@value #UPLOAD_CHUNK} bytes) for the chat; returns its
     * MediaId.
     *
     * @param mediaType the file's MIME type; {@code pic} media for images, {@code doc} for the rest
     */
    public String upload(Session session, String toUserName, byte[] data, String fileName, String mediaType)
            throws IOException, InterruptedException, RetException {
        String md5 = md5(data);
        long clientMediaId = clock.millis();
        int chunks = Math.max(1, (data.length + UPLOAD_CHUNK - 1) / UPLOAD_CHUNK);
        String url = session.hosts().fileApi("webwxuploadmedia") + "?f=json";
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("UploadType", 2);
        request.put("BaseRequest", session.baseRequest());
        request.put("ClientMediaId", clientMediaId);
        request.put("TotalLen", data.length);
        request.put("StartPos", 0);
        request.put("DataLen", data.length);
        request.put("MediaType", 4);
        request.put("FromUserName", session.selfUserName());
        request.put("ToUserName", toUserName);
        request.put("FileMd5", md5);
        String uploadRequest = WebHttp.JSON.writeValueAsString(request);
        String mediaId = "";
        for (int chunk = 0; chunk < chunks; chunk++) {
            int from = chunk * UPLOAD_CHUNK;
            int to = Math.min(data.length, from + UPLOAD_CHUNK);
            Multipart form = new Multipart();
            form.field("id", "WU_FILE_0");
            form.field("name", fileName);
            form.field("type", mediaType);
            form.field("lastModifiedDate", "Thu Jan 01 2026 00:00:00 GMT+0800 (China Standard Time)");
            form.field("size", String.valueOf(data.length));
            if (chunks > 1) {
                form.field("chunks", String.valueOf(chunks));
                form.field("chunk", String.valueOf(chunk));
            }
            form.field("mediatype", mediaType.startsWith("image/") ? "pic" : mediaType.startsWith("video/") ? "video" : "doc");
            form.field("uploadmediarequest", uploadRequest);
            form.field("webwx_data_ticket", http.cookies().value("webwx_data_ticket").orElse(""));
            form.field("pass_ticket", session.passTicket());
            form.file("filename", fileName, mediaType, data, from, to - from);
            JsonNode answer = http.postMultipart(url, form.boundary(), form.publisher(), options.timeout().multipliedBy(4),
                    headers(session.hosts())).json("webwxuploadmedia");
            requireOk(answer, "webwxuploadmedia");
            mediaId = answer.path("MediaId").asText("");
        }
        if (mediaId.isEmpty()) {
            throw new MalformedResponseException("webwxuploadmedia answered without a MediaId", "");
        }
        return mediaId;
    }

    /** Sends an uploaded image ({@code webwxsendmsgimg}, Type 3). */
    public String sendImage(Session session, String toUserName, String mediaId, String clientMsgId)
            throws IOException, InterruptedException, RetException {
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("Type", 3);
        msg.put("MediaId", mediaId);
        msg.put("Content", "");
        return sendMessage(session, "webwxsendmsgimg", ASYNC_JSON, msg, toUserName, clientMsgId);
    }

    /** Sends an uploaded file ({@code webwxsendappmsg}, Type 6 with an {@code <appmsg>} of type 6). */
    public String sendFile(Session session, String toUserName, String mediaId, String fileName, long size, String clientMsgId)
            throws IOException, InterruptedException, RetException {
        int dot = fileName.lastIndexOf('.');
        String ext = dot >= 0 ? fileName.substring(dot + 1) : "";
        String content = "<appmsg appid='" + APP_ID + "' sdkver=''><title>" + xml(fileName) + "</title><des></des><action></action>"
                + "<type>6</type><content></content><url></url><lowurl></lowurl><appattach><totallen>" + size
                + "</totallen><attachid>" + xml(mediaId) + "</attachid><fileext>" + xml(ext)
                + "</fileext></appattach><extinfo></extinfo></appmsg>";
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("Type", 6);
        msg.put("Content", content);
        return sendMessage(session, "webwxsendappmsg", ASYNC_JSON, msg, toUserName, clientMsgId);
    }

    /**
     * Posts one message: its own fields, then the addresses and the client id as both {@code LocalID} and
     * {@code ClientMsgId} (the web client's order); returns the server's MsgID.
     */
    private String sendMessage(Session session, String call, String query, Map<String, Object> msg, String toUserName,
                               String clientMsgId) throws IOException, InterruptedException, RetException {
        String url = session.hosts().mainApi(call) + "?" + query + "lang=" + LANG
                + "&pass_ticket=" + UrlCodec.encode(session.passTicket());
        msg.put("FromUserName", session.selfUserName());
        msg.put("ToUserName", toUserName);
        msg.put("LocalID", clientMsgId);
        msg.put("ClientMsgId", clientMsgId);
        Map<String, Object> body = body(session);
        body.put("Msg", msg);
        body.put("Scene", 0);
        return postOk(session, url, body, call).path("MsgID").asText("");
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;");
    }

    private static String md5(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    // ---- helpers ----

    private JsonNode postOk(Session session, String url, Map<String, Object> body, String what)
            throws IOException, InterruptedException, RetException {
        JsonNode answer = http.postJson(url, body, options.timeout(), headers(session.hosts())).json(what);
        requireOk(answer, what);
        return answer;
    }

    private static void requireOk(JsonNode answer, String what) throws RetException, MalformedResponseException {
        JsonNode ret = answer.path("BaseResponse").path("Ret");
        if (ret.isMissingNode() || !(ret.isNumber() || ret.isTextual())) {
            throw new MalformedResponseException(what + " answered without BaseResponse.Ret", answer.toString());
        }
        int code = ret.asInt(Integer.MIN_VALUE);
        if (code == Integer.MIN_VALUE) {
            throw new MalformedResponseException(what + " answered a BaseResponse.Ret that is not a number", answer.toString());
        }
        if (code != Ret.OK) {
            throw new RetException(what, code);
        }
    }

    private static Map<String, Object> body(Session session) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("BaseRequest", session.baseRequest());
        return body;
    }

    private Map<String, String> headers(Hosts hosts) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Referer", hosts.main() + (options.uos() ? "/?&lang=zh_CN&target=t" : "/"));
        return headers;
    }

    private static List<Contact> contacts(JsonNode list) {
        List<Contact> out = new ArrayList<>();
        for (JsonNode node : list) {
            out.add(Contact.fromJson(node));
        }
        return out;
    }
}
