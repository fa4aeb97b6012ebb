package io.cow.testkit.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The media endpoints (fact sheet §9.2 and §9.4): downloads of what contacts sent (cookies and skey checked; an ended
 * session gets an empty body, as the real service answers), chunked uploads checked against {@code FileMd5} and
 * {@code TotalLen}, and the picture and file send calls, which accept only a MediaId uploaded in the same session.
 */
final class MediaEndpoints {

    /** The real service's chunk size: every chunk but the last has exactly this many bytes. */
    static final int CHUNK = 524_288;

    private final WebWeChatSimulator sim;
    /** Guarded by sim.lock: uploads in progress by ClientMediaId, finished ones by MediaId. */
    private final Map<String, Upload> uploading = new LinkedHashMap<>();
    private final Map<String, Upload> uploaded = new LinkedHashMap<>();

    private static final class Upload {
        final SimSession session;
        final String md5;
        final long totalLen;
        final String name;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int chunks;

        Upload(SimSession session, String md5, long totalLen, String name) {
            this.session = session;
            this.md5 = md5;
            this.totalLen = totalLen;
            this.name = name;
        }
    }

    MediaEndpoints(WebWeChatSimulator sim) {
        this.sim = sim;
    }

    // ---------------------------------------------------------------- downloads

    void getMsgImg(Context ctx) {
        download(ctx, ctx.queryParam("MsgID"));
    }

    void getVoice(Context ctx) {
        download(ctx, ctx.queryParam("msgid"));
    }

    void getVideo(Context ctx) {
        if (!"download".equals(ctx.queryParam("fun"))) {
            ctx.status(400);
            return;
        }
        download(ctx, ctx.queryParam("msgid"));
    }

    void getMedia(Context ctx) {
        WebWeChatSimulator.StoredMedia media;
        synchronized (sim.lock) {
            SimSession s = cookieSession(ctx);
            if (s == null || !s.passTicket.equals(ctx.queryParam("pass_ticket"))
                    || !s.dataTicket.equals(ctx.queryParam("webwx_data_ticket"))) {
                ctx.contentType("text/plain").result("");
                return;
            }
            media = sim.mediaByMediaId(ctx.queryParam("mediaid"));
        }
        answer(ctx, media);
    }

    private void download(Context ctx, String msgId) {
        WebWeChatSimulator.StoredMedia media;
        synchronized (sim.lock) {
            SimSession s = cookieSession(ctx);
            if (s == null || !s.skey.equals(ctx.queryParam("skey"))) {
                ctx.contentType("text/plain").result("");
                return;
            }
            media = msgId == null ? null : sim.mediaByMsgId(msgId);
        }
        answer(ctx, media);
    }

    private static void answer(Context ctx, WebWeChatSimulator.StoredMedia media) {
        if (media == null) {
            ctx.contentType("text/plain").result("");
            return;
        }
        ctx.contentType(media.contentType()).result(media.data());
    }

    private SimSession cookieSession(Context ctx) {
        String sid = ctx.cookie("wxsid");
        String uin = ctx.cookie("wxuin");
        SimSession s = sid == null ? null : sim.sessions.get(sid);
        return s != null && s.alive() && Long.toString(s.uin).equals(uin) ? s : null;
    }

    // ---------------------------------------------------------------- upload

    void upload(Context ctx) throws IOException {
        JsonNode request;
        try {
            request = Responses.JSON.readTree(required(ctx, "uploadmediarequest"));
        } catch (IOException | IllegalArgumentException e) {
            Responses.ret(ctx, 1, "uploadmediarequest is missing or not JSON");
            return;
        }
        UploadedFile file = ctx.uploadedFile("filename");
        if (file == null) {
            Responses.ret(ctx, 1, "the part filename (the bytes) is missing");
            return;
        }
        byte[] chunk;
        try (InputStream in = file.content()) {
            chunk = in.readAllBytes();
        }
        Map<String, Object> answer;
        synchronized (sim.lock) {
            JsonNode base = request.path("BaseRequest");
            SimSession s = sim.sessions.get(base.path("Sid").asText(""));
            if (s == null || !s.alive() || !s.skey.equals(base.path("Skey").asText(""))
                    || !Long.toString(s.uin).equals(base.path("Uin").asText(""))) {
                Responses.ret(ctx, 1100, "no such session");
                return;
            }
            if (!s.dataTicket.equals(ctx.formParam("webwx_data_ticket")) || !s.passTicket.equals(ctx.formParam("pass_ticket"))) {
                Responses.ret(ctx, 1, "webwx_data_ticket or pass_ticket is wrong");
                return;
            }
            if (request.path("UploadType").asInt() != 2 || request.path("MediaType").asInt() != 4) {
                Responses.ret(ctx, 1, "UploadType must be 2 and MediaType 4");
                return;
            }
            int chunks = ctx.formParam("chunks") == null ? 1 : Integer.parseInt(ctx.formParam("chunks"));
            int index = ctx.formParam("chunk") == null ? 0 : Integer.parseInt(ctx.formParam("chunk"));
            String clientMediaId = request.path("ClientMediaId").asText("");
            Upload upload = uploading.computeIfAbsent(clientMediaId, id -> new Upload(s, request.path("FileMd5").asText(""),
                    request.path("TotalLen").asLong(-1), ctx.formParam("name")));
            if (index != upload.chunks || index >= chunks || (index < chunks - 1 && chunk.length != CHUNK)) {
                uploading.remove(clientMediaId);
                Responses.ret(ctx, 1, "chunk " + index + " of " + chunks + " out of order or of the wrong size (" + chunk.length + ")");
                return;
            }
            upload.bytes.writeBytes(chunk);
            upload.chunks++;
            answer = Wire.ok();
            if (index == chunks - 1) {
                uploading.remove(clientMediaId);
                byte[] all = upload.bytes.toByteArray();
                if (all.length != upload.totalLen || !md5(all).equalsIgnoreCase(upload.md5)
                        || !String.valueOf(all.length).equals(ctx.formParam("size"))) {
                    Responses.ret(ctx, 1, "the upload's bytes do not match TotalLen, size or FileMd5");
                    return;
                }
                String mediaId = "@crypt_" + Ids.hex(16) + "_" + clientMediaId;
                uploaded.put(mediaId, upload);
                answer.put("MediaId", mediaId);
                answer.put("StartPos", all.length);
                answer.put("CDNThumbImgHeight", 56);
                answer.put("CDNThumbImgWidth", 100);
                answer.put("EncryFileName", "");
            } else {
                answer.put("MediaId", "");
                answer.put("StartPos", (long) upload.chunks * CHUNK);
            }
        }
        Responses.json(ctx, answer);
    }

    private static String required(Context ctx, String name) {
        String value = ctx.formParam(name);
        if (value == null) {
            throw new IllegalArgumentException(name + " is missing");
        }
        return value;
    }

    // ---------------------------------------------------------------- send calls

    void sendMsgImg(Context ctx) {
        send(ctx, 3);
    }

    void sendAppMsg(Context ctx) {
        send(ctx, 6);
    }

    private void send(Context ctx, int type) {
        JsonNode body;
        try {
            body = Responses.JSON.readTree(ctx.bodyAsBytes());
        } catch (IOException e) {
            Responses.ret(ctx, 1200, "the body is not JSON");
            return;
        }
        SentMedia sent;
        synchronized (sim.lock) {
            JsonNode base = body.path("BaseRequest");
            SimSession s = sim.sessions.get(base.path("Sid").asText(""));
            if (s == null || !s.alive() || !s.skey.equals(base.path("Skey").asText("")) || !s.passTicket.equals(ctx.queryParam("pass_ticket"))) {
                Responses.ret(ctx, 1100, "no such session");
                return;
            }
            JsonNode msg = body.path("Msg");
            if (msg.path("Type").asInt(-1) != type) {
                Responses.ret(ctx, 1, "Msg.Type must be " + type);
                return;
            }
            String mediaId = type == 3 ? msg.path("MediaId").asText("") : attachId(msg.path("Content").asText(""));
            Upload upload = uploaded.get(mediaId);
            if (upload == null || upload.session != s) {
                Responses.ret(ctx, 1, "unknown MediaId (not uploaded in this session)");
                return;
            }
            if (!s.userName(sim.self).equals(msg.path("FromUserName").asText(""))) {
                Responses.ret(ctx, 1, "FromUserName is not the bot's own UserName in this session");
                return;
            }
            SimChat chat = s.chat(msg.path("ToUserName").asText(""));
            String localId = msg.path("LocalID").asText("");
            if (chat == null || localId.isEmpty() || !localId.equals(msg.path("ClientMsgId").asText(""))) {
                Responses.ret(ctx, 1, "Msg.ToUserName unknown or LocalID differs from ClientMsgId");
                return;
            }
            sent = new SentMedia(chat, type, upload.bytes.toByteArray(), upload.name, upload.chunks);
        }
        sim.recordSentMedia(sent);
        Map<String, Object> answer = Wire.ok();
        answer.put("MsgID", Long.toString(sim.ids.nextMsgId()));
        answer.put("LocalID", body.path("Msg").path("LocalID").asText(""));
        Responses.json(ctx, answer);
    }

    /** The {@code <attachid>} of a file message's {@code <appmsg>}. */
    private static String attachId(String content) {
        int from = content.indexOf("<attachid>");
        int to = content.indexOf("</attachid>");
        return from < 0 || to < from ? "" : content.substring(from + "<attachid>".length(), to);
    }

    static String md5(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
