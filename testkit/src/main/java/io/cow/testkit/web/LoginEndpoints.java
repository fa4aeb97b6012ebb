package io.cow.testkit.web;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import io.javalin.http.Context;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The login host's endpoints: jslogin, the QR, the login poll, the ticket exchange and push login. */
final class LoginEndpoints {

    static final String APP_ID = "wx782c26e4c19acffb";
    /** The start of a JPEG in base64, as the 201 answer's avatar carries. */
    private static final String AVATAR = "data:img/jpg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQN"
            + "DAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAA"
            + "AAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AKp//2Q==";
    private static final DateTimeFormatter COOKIE_DATE = DateTimeFormatter.ofPattern("EEE, dd-MMM-yyyy HH:mm:ss 'GMT'",
            java.util.Locale.ROOT);

    private final WebWeChatSimulator sim;

    LoginEndpoints(WebWeChatSimulator sim) {
        this.sim = sim;
    }

    void jslogin(Context ctx) {
        String appId = ctx.queryParam("appid");
        if (appId == null && String.valueOf(ctx.contentType()).startsWith("application/x-www-form-urlencoded")) {
            appId = ctx.formParam("appid");
        }
        if (!APP_ID.equals(appId)) {
            Responses.js(ctx, "window.QRLogin.code = 400; window.QRLogin.error = \"invalid appid\";");
            return;
        }
        String uuid = Ids.uuid();
        synchronized (sim.lock) {
            long expires = System.nanoTime() + sim.options.uuidTtl().toNanos();
            sim.logins.put(uuid, new QrLogin(uuid, false, expires, ctx.queryParam("redirect_uri")));
            sim.lock.notifyAll();
        }
        sim.announceQr(uuid);
        Responses.js(ctx, "window.QRLogin.code = 200; window.QRLogin.uuid = \"" + uuid + "\";");
    }

    /** The ready-made QR image of the real service: a PNG of {@code https://login.weixin.qq.com/l/<uuid>}. */
    void qrcode(Context ctx) throws WriterException, IOException {
        String text = "https://login.weixin.qq.com/l/" + ctx.pathParam("uuid");
        BitMatrix matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 430, 430,
                Map.of(EncodeHintType.MARGIN, 2));
        BufferedImage image = new BufferedImage(matrix.getWidth(), matrix.getHeight(), BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < matrix.getHeight(); y++) {
            for (int x = 0; x < matrix.getWidth(); x++) {
                image.setRGB(x, y, matrix.get(x, y) ? 0x000000 : 0xFFFFFF);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        ctx.contentType("image/png").result(png.toByteArray());
    }

    void qrPage(Context ctx) {
        ctx.contentType("text/html; charset=UTF-8").result("<!DOCTYPE html><html><head><title>WeChat</title></head>"
                + "<body>Scan this QR code with WeChat on your phone to log in to Web WeChat.</body></html>");
    }

    /** The login long poll: answers at once when the uuid's state changed, otherwise after the hold. */
    void login(Context ctx) throws InterruptedException {
        String uuid = ctx.queryParam("uuid");
        String body;
        synchronized (sim.lock) {
            QrLogin l = uuid == null ? null : sim.logins.get(uuid);
            body = l == null ? "window.code=400;" : pollLocked(l, "1".equals(ctx.queryParam("tip")));
        }
        Responses.js(ctx, body);
    }

    private String pollLocked(QrLogin l, boolean tip) throws InterruptedException {
        l.polls++;
        if (l.push && tip && l.refresh(System.nanoTime()) == QrState.PUSHED) {
            l.state = QrState.PROMPTED;
            if (sim.autoConfirmPush) {
                sim.confirmLocked(l);
            }
            sim.lock.notifyAll();
        }
        long deadline = System.nanoTime() + sim.loginPollHold().toNanos();
        while (true) {
            long now = System.nanoTime();
            QrState state = l.refresh(now);
            String answer = changeAnswer(l, state);
            if (answer != null) {
                return answer;
            }
            if (deadline - now <= 0 || sim.isClosed()) {
                return state == QrState.SCANNED ? scanned() : "window.code=408;";
            }
            long wait = Math.min(deadline - now, Math.max(0, l.expiresAtNanos - now));
            sim.lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)));
        }
    }

    /** The answer for a state the client must hear about at once, or null to keep waiting. */
    private String changeAnswer(QrLogin l, QrState state) {
        return switch (state) {
            case CONFIRMED -> "window.code=200;\nwindow.redirect_uri=\"" + sim.baseUrl() + WebWeChatSimulator.API
                    + "webwxnewloginpage?ticket=" + l.ticket + "&uuid=" + l.uuid + "&lang=zh_CN&scan="
                    + l.scanTimeSeconds + "\";";
            case EXPIRED, REDEEMED -> "window.code=400;";
            case CANCELLED -> "window.code=202;";
            case SCANNED -> {
                if (l.scanReported) {
                    yield null;
                }
                l.scanReported = true;
                yield scanned();
            }
            default -> null;
        };
    }

    private static String scanned() {
        return "window.code=201;window.userAvatar = '" + AVATAR + "';";
    }

    /** Exchanges a confirmed ticket for a session: XML, cookies, 200 with version=v2 and 301 without. */
    void newLoginPage(Context ctx) {
        String ticket = ctx.queryParam("ticket");
        String uuid = ctx.queryParam("uuid");
        SimSession session;
        synchronized (sim.lock) {
            QrLogin l = uuid == null ? null : sim.logins.get(uuid);
            if (l == null || l.ticket == null || !l.ticket.equals(ticket) || l.state != QrState.CONFIRMED) {
                Responses.xml(ctx, Responses.loginError(-14, "ticket error"));
                return;
            }
            l.state = QrState.REDEEMED;
            String extspam = ctx.header("extspam");
            String clientVersion = ctx.header("client-version");
            if (extspam == null || extspam.isBlank() || clientVersion == null || clientVersion.isBlank()) {
                Responses.xml(ctx, Responses.loginError(1203,
                        "为了你的帐号安全，此微信号不能登录网页微信。你可以使用Windows微信或Mac微信在电脑端登录。"
                                + "Windows微信下载地址：https://pc.weixin.qq.com  Mac微信下载地址：https://mac.weixin.qq.com"));
                return;
            }
            session = sim.createSessionLocked();
        }
        setCookies(ctx, session);
        boolean v2 = "v2".equals(ctx.queryParam("version"));
        if (!v2 || sim.faults.newLoginPage301()) {
            ctx.status(301).header("Location", "/");
        }
        Responses.xml(ctx, "<error><ret>0</ret><message></message><skey>" + session.skey + "</skey><wxsid>"
                + session.sid + "</wxsid><wxuin>" + session.uin + "</wxuin><pass_ticket>"
                + java.net.URLEncoder.encode(session.passTicket, java.nio.charset.StandardCharsets.UTF_8)
                + "</pass_ticket><isgrayscale>1</isgrayscale></error>");
    }

    private void setCookies(Context ctx, SimSession session) {
        String expires = COOKIE_DATE.format(ZonedDateTime.now(ZoneOffset.UTC).plusDays(1));
        String longExpires = COOKIE_DATE.format(ZonedDateTime.now(ZoneOffset.UTC).plusYears(1));
        String authTicket;
        synchronized (sim.lock) {
            authTicket = sim.authTicket;
        }
        Map<String, String> cookies = new LinkedHashMap<>();
        cookies.put("wxuin", Long.toString(session.uin));
        cookies.put("wxsid", session.sid);
        cookies.put("wxloadtime", Long.toString(session.createdSeconds));
        cookies.put("mm_lang", "zh_CN");
        cookies.put("webwx_data_ticket", session.dataTicket);
        cookies.put("webwxuvid", sim.uvid);
        cookies.put("webwx_auth_ticket", authTicket);
        for (Map.Entry<String, String> c : cookies.entrySet()) {
            ctx.res().addHeader("Set-Cookie", c.getKey() + "=" + c.getValue() + "; Path=/; Expires=" + expires);
        }
        ctx.res().addHeader("Set-Cookie", "last_wxuin=" + session.uin + "; Path=/; Expires=" + longExpires);
    }

    /** Push login: a uuid the phone will prompt for, given the account's uin and its latest auth ticket cookie. */
    void pushLoginUrl(Context ctx) {
        String uin = ctx.queryParam("uin");
        String cookie = ctx.cookie("webwx_auth_ticket");
        String uuid;
        synchronized (sim.lock) {
            if (uin == null || !uin.equals(Long.toString(sim.uin))) {
                Responses.json(ctx, Map.of("ret", "1", "msg", "param error"));
                return;
            }
            if (sim.authTicket == null || !sim.authTicket.equals(cookie)) {
                Responses.json(ctx, Map.of("ret", "1", "msg", "auth ticket error"));
                return;
            }
            uuid = Ids.pushUuid();
            long expires = System.nanoTime() + sim.options.uuidTtl().toNanos();
            sim.logins.put(uuid, new QrLogin(uuid, true, expires, null));
            sim.lock.notifyAll();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ret", "0");
        body.put("msg", "all ok");
        body.put("uuid", uuid);
        Responses.json(ctx, body);
    }
}
