package io.cow.testkit.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A minimal web WeChat client for the simulator's tests: plain HttpClient calls, as a real client makes them. */
final class ProtocolClient {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String API = "/cgi-bin/mmwebwx-bin/";
    static final String EXTSPAM = "Go8FCIkFEokFCggwMDAwMDAwMRAGGvAESySibk50w5Wb3uTl2c2h64jVVrV7gNs06GFlWplHQbY";

    final String base;
    final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    final HttpClient http;

    String skey;
    String sid;
    long uin;
    /** As the XML gave it: percent-encoded. */
    String passTicket;
    JsonNode syncKey;
    String selfUserName;

    ProtocolClient(WebWeChatSimulator sim) {
        this.base = sim.baseUrl();
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return http.send(request(pathAndQuery).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    CompletableFuture<HttpResponse<String>> getAsync(String pathAndQuery) {
        return http.sendAsync(request(pathAndQuery).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String pathAndQuery, String body) throws IOException, InterruptedException {
        return http.send(request(pathAndQuery).header("Content-Type", "application/json;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode postJson(String pathAndQuery, JsonNode body) throws IOException, InterruptedException {
        HttpResponse<String> response = post(pathAndQuery, JSON.writeValueAsString(body));
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + " from " + pathAndQuery);
        }
        return JSON.readTree(response.body());
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(30));
    }

    // ---------------------------------------------------------------- login

    String jslogin() throws IOException, InterruptedException {
        String body = get("/jslogin?appid=wx782c26e4c19acffb&redirect_uri="
                + enc("https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxnewloginpage?mod=desktop")
                + "&fun=new&lang=zh_CN&_=" + System.currentTimeMillis()).body();
        Matcher m = Pattern.compile("window.QRLogin.code = 200; window.QRLogin.uuid = \"([^\"]+)\";").matcher(body);
        if (!m.matches()) {
            throw new IOException("unexpected jslogin answer: " + body);
        }
        return m.group(1);
    }

    String pollLogin(String uuid, int tip) throws IOException, InterruptedException {
        return get(API + "login?loginicon=true&uuid=" + enc(uuid) + "&tip=" + tip + "&r=-1234&_="
                + System.currentTimeMillis()).body();
    }

    static String redirectUri(String loginAnswer) {
        Matcher m = Pattern.compile("window.redirect_uri=\"([^\"]+)\";").matcher(loginAnswer);
        if (!m.find()) {
            throw new AssertionError("no redirect_uri in " + loginAnswer);
        }
        return m.group(1);
    }

    HttpResponse<String> newLoginPage(String redirectUri, boolean v2, boolean uosHeaders)
            throws IOException, InterruptedException {
        String url = redirectUri + "&fun=new" + (v2 ? "&version=v2" : "") + "&mod=desktop";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (uosHeaders) {
            request.header("client-version", "2.0.0").header("extspam", EXTSPAM)
                    .header("referer", "https://wx.qq.com/?&lang=zh_CN&target=t");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    void takeCredentials(String xml) {
        skey = tag(xml, "skey");
        sid = tag(xml, "wxsid");
        uin = Long.parseLong(tag(xml, "wxuin"));
        passTicket = tag(xml, "pass_ticket");
    }

    static String tag(String xml, String name) {
        Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
        if (!m.find()) {
            throw new AssertionError("no <" + name + "> in " + xml);
        }
        return m.group(1);
    }

    /** The whole QR login, the phone driven through the simulator; then webwxinit. */
    JsonNode login(WebWeChatSimulator sim) throws IOException, InterruptedException {
        String uuid = jslogin();
        sim.scan(uuid);
        sim.confirm(uuid);
        String answer = pollLogin(uuid, 0);
        if (answer.startsWith("window.code=201;")) {
            answer = pollLogin(uuid, 0);
        }
        HttpResponse<String> page = newLoginPage(redirectUri(answer), true, true);
        takeCredentials(page.body());
        return init();
    }

    JsonNode init() throws IOException, InterruptedException {
        JsonNode init = postJson(API + "webwxinit?r=-1&pass_ticket=" + passTicket, withBase(JSON.createObjectNode()));
        if (init.path("BaseResponse").path("Ret").asInt() == 0) {
            syncKey = init.get("SyncKey");
            selfUserName = init.path("User").path("UserName").asText();
        }
        return init;
    }

    // ---------------------------------------------------------------- session calls

    ObjectNode baseRequest() {
        ObjectNode base = JSON.createObjectNode();
        base.put("Uin", uin);
        base.put("Sid", sid);
        base.put("Skey", skey);
        base.put("DeviceID", "e" + (100_000_000_000_000L + (long) (Math.random() * 899_999_999_999_999L)));
        return base;
    }

    ObjectNode withBase(ObjectNode body) {
        body.set("BaseRequest", baseRequest());
        return body;
    }

    String syncCheckKey() {
        StringBuilder out = new StringBuilder();
        for (JsonNode item : syncKey.path("List")) {
            if (out.length() > 0) {
                out.append('|');
            }
            out.append(item.path("Key").asLong()).append('_').append(item.path("Val").asLong());
        }
        return out.toString();
    }

    String syncCheckPath() {
        return API + "synccheck?r=" + System.currentTimeMillis() + "&skey=" + enc(skey) + "&sid=" + enc(sid)
                + "&uin=" + uin + "&deviceid=e123456789012345&synckey=" + enc(syncCheckKey()) + "&_="
                + System.currentTimeMillis();
    }

    String syncCheck() throws IOException, InterruptedException {
        return get(syncCheckPath()).body();
    }

    /** webwxsync; advances the SyncKey like a real client. */
    JsonNode sync() throws IOException, InterruptedException {
        ObjectNode body = withBase(JSON.createObjectNode());
        body.set("SyncKey", syncKey);
        body.put("rr", -(System.currentTimeMillis() / 1000));
        JsonNode answer = postJson(API + "webwxsync?sid=" + enc(sid) + "&skey=" + enc(skey) + "&pass_ticket="
                + passTicket, body);
        if (answer.path("BaseResponse").path("Ret").asInt() == 0) {
            syncKey = answer.get("SyncKey");
        }
        return answer;
    }

    JsonNode send(String to, String content) throws IOException, InterruptedException {
        String id = System.currentTimeMillis() + "" + (1000 + (int) (Math.random() * 9000));
        return send(to, content, id, id);
    }

    JsonNode send(String to, String content, String localId, String clientMsgId)
            throws IOException, InterruptedException {
        ObjectNode msg = JSON.createObjectNode();
        msg.put("Type", 1);
        msg.put("Content", content);
        msg.put("FromUserName", selfUserName);
        msg.put("ToUserName", to);
        msg.put("LocalID", localId);
        msg.put("ClientMsgId", clientMsgId);
        ObjectNode body = withBase(JSON.createObjectNode());
        body.set("Msg", msg);
        body.put("Scene", 0);
        return postJson(API + "webwxsendmsg?pass_ticket=" + passTicket + "&lang=zh_CN", body);
    }

    JsonNode getContact(int seq) throws IOException, InterruptedException {
        return JSON.readTree(get(API + "webwxgetcontact?r=" + System.currentTimeMillis() + "&seq=" + seq + "&skey="
                + enc(skey) + "&pass_ticket=" + passTicket + "&lang=zh_CN").body());
    }

    JsonNode batchGetContact(String... userNames) throws IOException, InterruptedException {
        ObjectNode body = withBase(JSON.createObjectNode());
        body.put("Count", userNames.length);
        ArrayNode list = body.putArray("List");
        for (String name : userNames) {
            list.addObject().put("UserName", name).put("EncryChatRoomId", "");
        }
        return postJson(API + "webwxbatchgetcontact?type=ex&r=" + System.currentTimeMillis() + "&lang=zh_CN&pass_ticket="
                + passTicket, body);
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** One field of every item of a JSON array (top level only). */
    static java.util.List<String> each(JsonNode array, String field) {
        java.util.List<String> out = new java.util.ArrayList<>();
        array.forEach(item -> out.add(item.path(field).asText()));
        return out;
    }

    static int ret(JsonNode answer) {
        return answer.path("BaseResponse").path("Ret").asInt(Integer.MIN_VALUE);
    }
}
