package io.cow.app.console;

import io.cow.core.channel.Channel;
import io.cow.core.login.LoginState;
import io.cow.core.login.LoginStates;
import io.cow.core.login.QrCodes;
import io.cow.core.secret.Secrets;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.sse.SseClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Each channel's login: its state and, while it waits for a scan, the QR code as an image. The page listens to a
 * stream of changes, so a new QR code or the login shows without a reload. Two buttons act on a channel through the
 * kit's session loop: "new QR now" and "log out".
 */
final class QrPage {

    private static final Logger log = LoggerFactory.getLogger(QrPage.class);
    /**
     * The channel types whose QR codes the owner can ask for: a QR login on the kit's session loop. A Wechaty puppet
     * service shows its QR codes by itself; the terminal has no login.
     */
    private static final Set<String> NEW_QR = Set.of("web", "ilink");
    /** The channel types the owner can log out from here (the terminal has no login). */
    private static final Set<String> LOG_OUT = Set.of("web", "ilink", "wechaty");

    private final LoginStates logins;
    private final Push push;
    private final Function<String, Optional<Channel>> channels;
    private final List<SseClient> watching = new CopyOnWriteArrayList<>();

    QrPage(LoginStates logins, Push push, Function<String, Optional<Channel>> channels) {
        this.logins = logins;
        this.push = push;
        this.channels = channels;
        // One subscription for the console's life; the open pages come and go in the list.
        logins.subscribe((previous, current) -> {
            String json = json(describe(current));
            watching.forEach(client -> push.send(client, "login", json));
        });
    }

    void routes(RoutesConfig routes) {
        routes.get("/api/channels", ctx -> Web.json(ctx, Map.of("channels", all())));
        routes.get("/api/channels/qr.png", this::qrImage);
        routes.sse("/api/channels/stream", this::stream);
        routes.post("/api/channels/new-qr", ctx -> act(ctx, "a new QR code", Channel::requestNewQr));
        routes.post("/api/channels/logout", ctx -> act(ctx, "a logout", Channel::logOut));
    }

    /** Asks a channel for a new QR code or a logout; what follows shows on the page as login changes. */
    private void act(Context ctx, String what, Consumer<Channel> action) {
        String name = Web.field(Web.body(ctx), "channel");
        Channel channel = name.isEmpty() ? null : channels.apply(name).orElse(null);
        if (channel == null) {
            throw new NotFoundResponse("no channel named '" + name + "'");
        }
        try {
            action.accept(channel);
        } catch (UnsupportedOperationException | IllegalStateException e) {
            ctx.status(409);
            Web.json(ctx, Map.of("error", e.getMessage()));
            return;
        }
        log.info("🖥️ Console: {} asked {} of {}", ctx.ip(), what, name);
        ctx.status(202);
        Web.json(ctx, Map.of("asked", true));
    }

    private List<Map<String, Object>> all() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (LoginState state : logins.all()) {
            out.add(describe(state));
        }
        return out;
    }

    /**
     * A login as the page shows it. The state is the login's status, except that a logout whose reason says the
     * session expired (iLink) is {@code EXPIRED}.
     */
    static Map<String, Object> describe(LoginState state) {
        String qr = state.qrCode() == null ? "" : state.qrCode().content();
        String reason = Secrets.redact(state.reason());
        boolean expired = state.status() == LoginState.Status.LOGGED_OUT && reason.toLowerCase(Locale.ROOT).contains("expired");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("channel", state.instance());
        out.put("type", state.type());
        out.put("state", expired ? "EXPIRED" : state.status().name());
        out.put("account", state.account() == null ? "" : state.account().name());
        out.put("detail", state.qrCode() != null ? state.qrCode().hint() : reason);
        out.put("since", state.since().toEpochMilli());
        // When the channel asks for its next QR code (the relogin throttle); the page counts down to it.
        out.put("nextAttemptAt", state.nextAttemptAt() == null ? 0 : state.nextAttemptAt().toEpochMilli());
        out.put("newQr", NEW_QR.contains(state.type()));
        out.put("logOut", LOG_OUT.contains(state.type()));
        // The image's address changes with the code, so the browser fetches each new code once.
        out.put("qr", qr.isEmpty() ? "" : "/api/channels/qr.png?channel=" + URLEncoder.encode(state.instance(), StandardCharsets.UTF_8)
                + "&v=" + Integer.toHexString(qr.hashCode()));
        out.put("qrContent", qr);
        return out;
    }

    private void qrImage(Context ctx) {
        String channel = ctx.queryParam("channel");
        LoginState state = channel == null ? null : logins.current(channel).orElse(null);
        if (state == null || state.qrCode() == null) {
            throw new NotFoundResponse("no QR code to scan");
        }
        ctx.contentType("image/png").result(QrCodes.png(QrCodes.encode(state.qrCode().content())));
    }

    private void stream(SseClient client) {
        client.keepAlive();
        watching.add(client);
        client.onClose(() -> watching.remove(client));
    }

    private static String json(Map<String, Object> value) {
        try {
            return Web.JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
