package io.cow.testkit.ilink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The simulator answers as the fact sheet says the real server does; checked with a plain HTTP client, so a
 * simulator bug cannot hide behind a matching client bug.
 */
class IlinkSimulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "o9cq80z1test@im.wechat";

    private final IlinkSimulator sim = IlinkSimulator.start(42).holdTime(Duration.ofSeconds(5)).qrStatusHold(Duration.ofMillis(200));
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void qrLoginIssuesTheScannableUrlAndCredentialsOnConfirm() throws Exception {
        JsonNode qr = post(null, "/ilink/bot/get_bot_qrcode?bot_type=3", "{\"local_token_list\":[]}");
        String handle = qr.path("qrcode").asText();
        assertThat(qr.path("qrcode_img_content").asText())
                .isEqualTo(sim.baseUrl() + "/q/" + qr.path("qrcode_img_content").asText().replaceAll(".*/q/([^?]+)\\?.*", "$1")
                        + "?qrcode=" + handle + "&bot_type=3");
        assertThat(status(handle, sim.port()).path("status").asText()).isEqualTo("wait");

        sim.scan(qr.path("qrcode_img_content").asText(), USER);
        assertThat(status(handle, sim.port()).path("status").asText()).isEqualTo("scaned");
        sim.confirm(handle);
        JsonNode confirmed = status(handle, sim.port());

        assertThat(confirmed.path("status").asText()).isEqualTo("confirmed");
        String botId = confirmed.path("ilink_bot_id").asText();
        assertThat(botId).matches("[0-9a-f]{12}@im\\.bot");
        assertThat(confirmed.path("bot_token").asText()).startsWith(botId + ":");
        assertThat(confirmed.path("ilink_user_id").asText()).isEqualTo(USER);
        assertThat(confirmed.path("baseurl").asText()).isEqualTo(sim.baseUrl());
    }

    @Test
    void getBotQrcodeAcceptsGetToo() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/ilink/bot/get_bot_qrcode?bot_type=3"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(response.body()).path("qrcode").asText()).isNotEmpty();
    }

    @Test
    void aStatusPollIsHeldUntilSomethingChanges() throws Exception {
        sim.qrStatusHold(Duration.ofSeconds(20));
        String handle = post(null, "/ilink/bot/get_bot_qrcode?bot_type=3", "{}").path("qrcode").asText();
        assertThat(status(handle, sim.port()).path("status").asText()).isEqualTo("wait");
        CompletableFuture<JsonNode> held = CompletableFuture.supplyAsync(() -> {
            try {
                return status(handle, sim.port());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        sim.scan(handle, USER);
        assertThat(held.get(10, TimeUnit.SECONDS).path("status").asText()).isEqualTo("scaned");
    }

    @Test
    void expiryRedirectAndVerificationNumber() throws Exception {
        String first = post(null, "/ilink/bot/get_bot_qrcode?bot_type=3", "{}").path("qrcode").asText();
        sim.expire(first);
        assertThat(status(first, sim.port()).path("status").asText()).isEqualTo("expired");

        sim.redirectScans(true).requireVerifyCode("4711").maxWrongCodes(2);
        String second = post(null, "/ilink/bot/get_bot_qrcode?bot_type=3", "{}").path("qrcode").asText();
        sim.scan(second, USER);
        JsonNode redirect = status(second, sim.port());
        assertThat(redirect.path("status").asText()).isEqualTo("scaned_but_redirect");
        assertThat(redirect.path("redirect_host").asText()).isEqualTo("127.0.0.1:" + sim.redirectPort());
        assertThat(status(second, sim.port()).path("status").asText()).as("the main host keeps redirecting").isEqualTo("scaned_but_redirect");

        assertThat(status(second, sim.redirectPort()).path("status").asText()).isEqualTo("need_verifycode");
        assertThat(statusWithCode(second, "1234").path("status").asText()).as("a wrong number").isEqualTo("need_verifycode");
        assertThat(statusWithCode(second, "4711").path("status").asText()).isEqualTo("scaned");
        sim.confirm(second);
        assertThat(status(second, sim.redirectPort()).path("status").asText()).isEqualTo("confirmed");

        String third = post(null, "/ilink/bot/get_bot_qrcode?bot_type=3", "{}").path("qrcode").asText();
        sim.redirectScans(false).scan(third, "other@im.wechat");
        statusWithCodeOnMain(third, "1");
        assertThat(statusWithCodeOnMain(third, "2").path("status").asText()).isEqualTo("verify_code_blocked");
    }

    @Test
    void rebindingRevokesTheEarlierTokenAndAKnownTokenGivesBindedRedirect() throws Exception {
        BotBinding first = login(USER, "[]");
        BotBinding second = login(USER, "[]");
        assertThat(second.token()).isNotEqualTo(first.token());
        assertSessionTimeout(post(first.token(), "/ilink/bot/getupdates", "{\"get_updates_buf\":\"\",\"base_info\":{}}"));

        String qr = post(null, "/ilink/bot/get_bot_qrcode?bot_type=3", "{\"local_token_list\":[\"" + second.token() + "\"]}")
                .path("qrcode").asText();
        sim.scan(qr, USER);
        sim.confirm(qr);
        assertThat(status(qr, sim.port()).path("status").asText()).isEqualTo("binded_redirect");
        sim.holdTime(Duration.ofMillis(50));
        assertThat(post(second.token(), "/ilink/bot/getupdates", "{\"get_updates_buf\":\"\",\"base_info\":{}}").path("ret").asInt())
                .as("the bound token stays valid").isZero();
    }

    @Test
    void botCallsNeedTheAuthorizationHeadersElseMinus14WithHttp200() throws Exception {
        BotBinding bot = login(USER, "[]");
        HttpResponse<String> noType = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/ilink/bot/getupdates"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + bot.token())
                .POST(HttpRequest.BodyPublishers.ofString("{\"get_updates_buf\":\"\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noType.statusCode()).isEqualTo(200);
        assertSessionTimeout(JSON.readTree(noType.body()));
        assertSessionTimeout(post("nobody@im.bot:00", "/ilink/bot/getupdates", "{\"get_updates_buf\":\"\"}"));
    }

    @Test
    void updatesCarryLosslessIdsAndCursorsOnlyMoveForward() throws Exception {
        BotBinding bot = login(USER, "[]");
        BigInteger big = BigInteger.TWO.pow(64).subtract(BigInteger.ONE);
        sim.nextMessageId(big);
        UserMessage hello = sim.sendText(USER, "你好");

        HttpResponse<String> raw = rawPost(bot.token(), "/ilink/bot/getupdates", "{\"get_updates_buf\":\"\",\"base_info\":{}}");
        assertThat(raw.body()).as("a bare JSON number, not a string or a double").contains("\"message_id\":18446744073709551615,");
        JsonNode first = JSON.readTree(raw.body());
        JsonNode msg = first.path("msgs").get(0);
        assertThat(msg.path("message_id").bigIntegerValue()).isEqualTo(big);
        assertThat(msg.path("context_token").asText()).isEqualTo(hello.contextToken()).hasSizeGreaterThan(130);
        assertThat(msg.path("item_list").get(0).path("text_item").path("text").asText()).isEqualTo("你好");
        assertThat(msg.path("item_list").get(0).path("msg_id").asText()).startsWith("v1:");
        String cursor1 = first.path("get_updates_buf").asText();
        assertThat(Base64.getDecoder().decode(cursor1)).isNotEmpty();
        assertThat(first.path("longpolling_timeout_ms").asLong()).isEqualTo(5000);

        sim.sendText(USER, "second");
        JsonNode second = post(bot.token(), "/ilink/bot/getupdates", "{\"get_updates_buf\":\"" + cursor1 + "\",\"base_info\":{}}");
        assertThat(second.path("msgs")).hasSize(1);
        assertThat(second.path("msgs").get(0).path("item_list").get(0).path("text_item").path("text").asText()).isEqualTo("second");

        sim.holdTime(Duration.ofMillis(100));
        JsonNode replay = post(bot.token(), "/ilink/bot/getupdates", "{\"get_updates_buf\":\"\",\"base_info\":{}}");
        assertThat(replay.path("msgs")).as("an old or empty cursor does not replay acknowledged messages").hasSize(1);
        JsonNode bogus = post(bot.token(), "/ilink/bot/getupdates", "{\"get_updates_buf\":\"Ym9ndXM=\",\"base_info\":{}}");
        assertThat(bogus.path("ret").asInt()).isNotZero();
    }

    @Test
    void anyContactCanWriteToOneOfSeveralBots() throws Exception {
        BotBinding first = login(USER, "[]");
        BotBinding second = login("other-owner@im.wechat", "[]");
        sim.sendText(second.botId(), "a-customer@im.wechat", "hello second");

        JsonNode toSecond = post(second.token(), "/ilink/bot/getupdates", "{\"get_updates_buf\":\"\",\"base_info\":{}}");
        assertThat(toSecond.path("msgs")).hasSize(1);
        assertThat(toSecond.path("msgs").get(0).path("from_user_id").asText()).isEqualTo("a-customer@im.wechat");
        sim.holdTime(Duration.ofMillis(100));
        assertThat(post(first.token(), "/ilink/bot/getupdates", "{\"get_updates_buf\":\"\",\"base_info\":{}}").path("msgs")).isEmpty();
        assertThatThrownBy(() -> sim.sendText("a-customer@im.wechat", "to whom?")).hasMessageContaining("has no bot to write to");
    }

    @Test
    void aHeldPollWakesAtOnceWhenAMessageArrives() throws Exception {
        sim.holdTime(Duration.ofSeconds(30));
        BotBinding bot = login(USER, "[]");
        CompletableFuture<JsonNode> held = CompletableFuture.supplyAsync(() -> {
            try {
                return post(bot.token(), "/ilink/bot/getupdates", "{\"get_updates_buf\":\"\",\"base_info\":{}}");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        sim.sendText(USER, "wake up");
        assertThat(held.get(10, TimeUnit.SECONDS).path("msgs")).hasSize(1);

        CompletableFuture<JsonNode> heldAgain = CompletableFuture.supplyAsync(() -> {
            try {
                return post(bot.token(), "/ilink/bot/getupdates", "{\"get_updates_buf\":\"\",\"base_info\":{}}");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        sim.revoke(bot.token());
        assertSessionTimeout(heldAgain.get(10, TimeUnit.SECONDS));
    }

    @Test
    void sendmessageEnforcesTheContextTokenPolicy() throws Exception {
        BotBinding bot = login(USER, "[]");
        assertThat(send(bot, "nobody-wrote", 1).path("ret").asInt()).isEqualTo(-2);

        UserMessage first = sim.sendText(USER, "q1");
        UserMessage second = sim.sendText(USER, "q2");
        assertThat(send(bot, first.contextToken(), 1).path("ret").asInt()).as("not the latest token").isEqualTo(-2);
        for (int i = 0; i < 10; i++) {
            JsonNode ok = send(bot, second.contextToken(), 1);
            assertThat(ok.path("ret").asInt()).isZero();
            assertThat(ok.path("message_id").isTextual()).as("message_id is a uint64 string").isTrue();
        }
        JsonNode eleventh = send(bot, second.contextToken(), 1);
        assertThat(eleventh.path("ret").asInt()).isEqualTo(-2);
        assertThat(eleventh.path("errmsg").asText()).isEqualTo("prepare failed");

        UserMessage third = sim.sendText(USER, "q3");
        assertThat(send(bot, third.contextToken(), 1).path("ret").asInt()).isZero();
        sim.advanceClock(Duration.ofHours(25));
        assertThat(send(bot, third.contextToken(), 1).path("ret").asInt()).as("24 h window").isEqualTo(-2);
        assertThat(sim.sent()).hasSize(11);
    }

    @Test
    void sendmessageValidatesTheMessage() throws Exception {
        BotBinding bot = login(USER, "[]");
        String token = sim.sendText(USER, "q").contextToken();
        ObjectNode twoItems = message(token, "c-1");
        twoItems.withArray("item_list").add(twoItems.withArray("item_list").get(0).deepCopy());
        assertThat(sendRaw(bot, twoItems).path("ret").asInt()).isNotZero();
        ObjectNode wrongType = message(token, "c-2");
        wrongType.put("message_type", 1);
        assertThat(sendRaw(bot, wrongType).path("ret").asInt()).isNotZero();
        assertThat(sendRaw(bot, message(token, "")).path("ret").asInt()).isNotZero();
        JsonNode first = sendRaw(bot, message(token, "c-3"));
        assertThat(first.path("ret").asInt()).isZero();
        JsonNode again = sendRaw(bot, message(token, "c-3"));
        assertThat(again.path("ret").asInt()).as("a client_id sent again is a retry: taken, shown once").isZero();
        assertThat(again.path("message_id").asText()).isEqualTo(first.path("message_id").asText());
        sim.failNext(Endpoint.SEND_MESSAGE, IlinkFault.rateLimited());
        JsonNode limited = sendRaw(bot, message(token, "c-4"));
        assertThat(limited.path("ret").asInt()).isEqualTo(-2);
        assertThat(limited.path("errmsg").asText()).isEqualTo("rate limited");
        assertThat(sim.sent()).extracting(SentMessage::clientId).containsExactly("c-3");
    }

    @Test
    void uploadIsDecryptedAndCheckedAgainstItsMd5() throws Exception {
        BotBinding bot = login(USER, "[]");
        String token = sim.sendText(USER, "q").contextToken();
        byte[] plain = "an image, more or less".getBytes(StandardCharsets.UTF_8);
        byte[] key = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
        byte[] cipher = SimCrypto.encrypt(key, plain);
        String fileKey = "00112233445566778899aabbccddeeff";

        JsonNode ticket = post(bot.token(), "/ilink/bot/getuploadurl", "{\"filekey\":\"" + fileKey + "\",\"media_type\":1,\"to_user_id\":\"" + USER
                + "\",\"rawsize\":" + plain.length + ",\"rawfilemd5\":\"" + SimCrypto.md5Hex(plain) + "\",\"filesize\":" + cipher.length
                + ",\"no_need_thumb\":true,\"aeskey\":\"000102030405060708090a0b0c0d0e0f\",\"base_info\":{}}");
        String param = ticket.path("upload_param").asText();

        HttpResponse<String> badMd5 = cdnUpload(param, fileKey, SimCrypto.encrypt(key, "another file, same size!".substring(0, plain.length)
                .getBytes(StandardCharsets.UTF_8)));
        assertThat(badMd5.statusCode()).isEqualTo(400);
        assertThat(badMd5.headers().firstValue("x-error-message")).hasValueSatisfying(m -> assertThat(m).contains("MD5"));
        HttpResponse<String> wrongKey = cdnUpload(param, fileKey, SimCrypto.encrypt(new byte[16], plain));
        assertThat(wrongKey.statusCode()).isEqualTo(400);

        HttpResponse<String> ok = cdnUpload(param, fileKey, cipher);
        assertThat(ok.statusCode()).isEqualTo(200);
        String download = ok.headers().firstValue("x-encrypted-param").orElseThrow();
        assertThat(sim.cdnContent(download)).isEqualTo(plain);

        ObjectNode msg = message(token, "img-1");
        ObjectNode item = JSON.createObjectNode();
        item.put("type", 2);
        ObjectNode media = item.putObject("image_item").putObject("media");
        media.put("encrypt_query_param", download);
        media.put("aes_key", Base64.getEncoder().encodeToString(new byte[16]));
        media.put("encrypt_type", 1);
        item.with("image_item").put("mid_size", cipher.length);
        msg.set("item_list", JSON.createArrayNode().add(item));
        assertThat(sendRaw(bot, msg).path("ret").asInt()).as("aes_key of the raw bytes is refused").isNotZero();
        media.put("aes_key", Base64.getEncoder().encodeToString("000102030405060708090a0b0c0d0e0f".getBytes(StandardCharsets.US_ASCII)));
        msg.put("client_id", "img-2");
        assertThat(sendRaw(bot, msg).path("ret").asInt()).isZero();
        assertThat(sim.sent().get(0).media()).isEqualTo(plain);
    }

    @Test
    void inboundMediaDownloadsAsCiphertext() throws Exception {
        login(USER, "[]");
        byte[] image = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
        UserMessage m = sim.sendImage(USER, image, KeyVariant.IMAGE_AESKEY_HEX);
        JsonNode imageItem = m.json().path("item_list").get(0).path("image_item");
        String param = imageItem.path("media").path("encrypt_query_param").asText();
        HttpResponse<byte[]> download = http.send(HttpRequest.newBuilder(URI.create(sim.cdnBaseUrl() + "/download?encrypted_query_param="
                + URLEncoder.encode(param, StandardCharsets.UTF_8))).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.body()).hasSize(16);
        assertThat(SimCrypto.decrypt(HexFormat.of().parseHex(imageItem.path("aeskey").asText()), download.body())).isEqualTo(image);
    }

    @Test
    void aesMatchesTheFactSheetVector() {
        byte[] key = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
        assertThat(HexFormat.of().formatHex(SimCrypto.encrypt(key, "hello".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("5d8749e2af7531b2bf6661e9e5daf012");
        assertThat(SimCrypto.cipherSize(16)).isEqualTo(32);
    }

    // ------------------------------------------------------------ helpers

    private BotBinding login(String user, String tokens) throws Exception {
        String qr = post(null, "/ilink/bot/get_bot_qrcode?bot_type=3", "{\"local_token_list\":" + tokens + "}").path("qrcode").asText();
        return sim.scanAndConfirm(qr, user);
    }

    private JsonNode send(BotBinding bot, String token, int n) throws Exception {
        return sendRaw(bot, message(token, "cid-" + token.hashCode() + "-" + System.nanoTime() + "-" + n));
    }

    private static ObjectNode message(String token, String clientId) {
        ObjectNode msg = JSON.createObjectNode();
        msg.put("from_user_id", "");
        msg.put("to_user_id", USER);
        msg.put("client_id", clientId);
        msg.put("message_type", 2);
        msg.put("message_state", 2);
        msg.put("context_token", token);
        ObjectNode item = msg.putArray("item_list").addObject();
        item.put("type", 1);
        item.putObject("text_item").put("text", "hi");
        return msg;
    }

    private JsonNode sendRaw(BotBinding bot, ObjectNode msg) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        body.set("msg", msg);
        body.putObject("base_info").put("channel_version", "2.4.9");
        return post(bot.token(), "/ilink/bot/sendmessage", JSON.writeValueAsString(body));
    }

    private static void assertSessionTimeout(JsonNode answer) {
        assertThat(answer.path("ret").asInt()).isEqualTo(-14);
        assertThat(answer.path("errcode").asInt()).isEqualTo(-14);
        assertThat(answer.path("errmsg").asText()).isEqualTo("session timeout");
    }

    private JsonNode status(String handle, int port) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/ilink/bot/get_qrcode_status?qrcode=" + handle)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private JsonNode statusWithCode(String handle, String code) throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://" + sim.redirectHost()
                + "/ilink/bot/get_qrcode_status?qrcode=" + handle + "&verify_code=" + code)).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private JsonNode statusWithCodeOnMain(String handle, String code) throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl()
                + "/ilink/bot/get_qrcode_status?qrcode=" + handle + "&verify_code=" + code)).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private JsonNode post(String token, String path, String body) throws Exception {
        HttpResponse<String> r = rawPost(token, path, body);
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> rawPost(String token, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
                .header("Content-Type", "application/json")
                .header("AuthorizationType", "ilink_bot_token")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> cdnUpload(String param, String fileKey, byte[] cipher) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sim.cdnBaseUrl() + "/upload?encrypted_query_param="
                        + URLEncoder.encode(param, StandardCharsets.UTF_8) + "&filekey=" + fileKey))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(cipher)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
