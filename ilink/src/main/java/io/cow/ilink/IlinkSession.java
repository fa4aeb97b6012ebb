package io.cow.ilink;

import com.fasterxml.jackson.databind.JsonNode;
import io.cow.core.channel.ChannelEvents;
import io.cow.core.channel.LoginQrCode;
import io.cow.core.channel.kit.Backoff;
import io.cow.core.channel.kit.ChannelFailure;
import io.cow.core.channel.kit.Durations;
import io.cow.core.channel.kit.ReloginThrottle;
import io.cow.core.channel.kit.SessionLoop;
import io.cow.core.channel.kit.Sleeper;
import io.cow.core.message.BotAccount;
import io.cow.core.message.Attachment;
import io.cow.core.message.Chat;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.MessageKind;
import io.cow.core.message.Sender;
import io.cow.ilink.api.Account;
import io.cow.ilink.api.IlinkApi;
import io.cow.ilink.api.IlinkErrorException;
import io.cow.ilink.api.SessionExpiredException;
import io.cow.ilink.api.Updates;
import io.cow.ilink.inbound.Deduper;
import io.cow.ilink.inbound.InboundItem;
import io.cow.ilink.inbound.InboundMessage;
import io.cow.ilink.inbound.InboundParser;
import io.cow.ilink.login.LoginResult;
import io.cow.ilink.login.QrLogin;
import io.cow.ilink.login.VerifyCodeSource;
import io.cow.ilink.state.IlinkState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The iLink session as the session loop's steps: log in (the stored account, else a QR login, at most one per
 * {@code ilink.reloginInterval}), then long-poll {@code getupdates} until a {@code -14} ends the session. Failed
 * polls wait the same growing backoff as failed start-up attempts.
 */
final class IlinkSession implements SessionLoop.Steps<Account> {

    private static final Logger log = LoggerFactory.getLogger(IlinkSession.class);

    private final String name;
    private final IlinkConfig config;
    private final IlinkApi api;
    private final IlinkState state;
    private final VerifyCodeSource verifyCodes;
    private final Clock clock;
    private final ChannelEvents events;
    private final Consumer<Account> sendAs;
    private final BooleanSupplier closed;
    private final ReloginThrottle throttle;
    private final Deduper deduper = new Deduper(20_000);

    /**
     * @param sendAs told the account the channel sends as: at each login (before the bot hears of it), and null when
     *               the session expired
     */
    IlinkSession(String name, IlinkConfig config, IlinkApi api, IlinkState state, VerifyCodeSource verifyCodes,
                 Clock clock, ChannelEvents events, Consumer<Account> sendAs, BooleanSupplier closed) {
        this.name = name;
        this.config = config;
        this.api = api;
        this.state = state;
        this.verifyCodes = verifyCodes;
        this.clock = clock;
        this.events = events;
        this.sendAs = sendAs;
        this.closed = closed;
        this.throttle = new ReloginThrottle(config.reloginInterval(), "iLink QR login", IlinkSettings.RELOGIN_INTERVAL.key(),
                clock, Sleeper.REAL);
    }

    @Override
    public Account logIn() throws ChannelFailure, InterruptedException {
        Account current = storedAccount();
        if (current != null) {
            log.info("🔑 Resuming the iLink session of bot {} (no scan needed)", current.botId());
        } else {
            throttle.awaitTurn(events);
            current = qrLogin();
        }
        sendAs.accept(current);
        events.onLogin(new BotAccount(current.botId(), current.botId()));
        return current;
    }

    @Override
    public void serve(Account current) throws ChannelFailure, InterruptedException {
        poll(current);
        if (closed.getAsBoolean()) {
            return;
        }
        sendAs.accept(null);
        state.endSession();
        throw ChannelFailure.loggedOut("iLink session expired (-14 \"session timeout\"): the login of bot " + current.botId()
                + " is no longer valid, usually because the same WeChat scanned the bot in another client. "
                + "A new QR scan is needed; starting a new login.");
    }

    /** The owner logs out: iLink has no logout call, so the bot token and session are forgotten here. */
    @Override
    public void logOut(Account current) {
        sendAs.accept(null);
        state.endSession();
        log.info("🚪 Forgot the iLink login of bot {}: the next login needs a new QR scan", current.botId());
    }

    @Override
    public ReloginThrottle throttle() {
        return throttle;
    }

    private Account storedAccount() {
        Account stored = state.account().orElse(null);
        if (stored != null && !stored.loginBaseUrl().equals(config.baseUrl())) {
            log.info("The stored iLink login was made through {}, not the configured {}; a new QR login is needed",
                    stored.loginBaseUrl(), config.baseUrl());
            state.endSession();
            return null;
        }
        return stored;
    }

    /** One QR login; its first QR code counts for the relogin throttle, a failure before it only for the backoff. */
    private Account qrLogin() throws ChannelFailure, InterruptedException {
        List<String> tokens = state.recentAccounts().stream().map(Account::token).toList();
        AtomicBoolean shown = new AtomicBoolean();
        Consumer<LoginQrCode> qrCodes = qr -> {
            if (shown.compareAndSet(false, true)) {
                throttle.shown();
            }
            events.onLoginQrCode(qr);
        };
        LoginResult result = new QrLogin(api, config, qrCodes, verifyCodes, clock, events::onLoginScanned).run(tokens);
        if (result instanceof LoginResult.Confirmed confirmed) {
            Account fresh = confirmed.account();
            state.saveAccount(fresh);
            state.saveCursor("");
            log.info("✅ iLink login confirmed by {}: bot {}", fresh.userId(), fresh.botId());
            return fresh;
        }
        if (result instanceof LoginResult.AlreadyBound) {
            List<Account> recent = state.recentAccounts();
            if (recent.isEmpty()) {
                throw ChannelFailure.retryable("iLink says this WeChat is already bound to this bot, but no earlier login is stored; "
                        + "remove the bot in WeChat (ClawBot) and scan again");
            }
            Account earlier = recent.get(0);
            state.saveAccount(earlier);
            log.info("✅ iLink says {} is already bound to this bot: keeping the earlier login of bot {}", earlier.userId(), earlier.botId());
            return earlier;
        }
        throw ChannelFailure.retryable("iLink login failed: " + ((LoginResult.Failed) result).reason());
    }

    /** Long-polls until the session expires or the channel closes. */
    private void poll(Account current) throws InterruptedException {
        Backoff backoff = new Backoff(config.pollRetryDelay(), config.pollBackoff());
        Duration timeout = config.pollTimeout();
        while (!closed.getAsBoolean()) {
            Updates updates;
            try {
                updates = api.getUpdates(current, state.cursor(), timeout);
                backoff.reset();
            } catch (SessionExpiredException e) {
                return;
            } catch (HttpTimeoutException e) {
                log.debug("getupdates timed out after {}; polling again", Durations.format(timeout));
                continue;
            } catch (IOException | IlinkErrorException e) {
                Duration wait = backoff.next();
                log.warn("⚠️ iLink getupdates failed ({}); retrying in {}", e.getMessage(), Durations.format(wait));
                Thread.sleep(wait.toMillis());
                continue;
            }
            accept(current, updates.messages());
            if (!updates.cursor().isEmpty()) {
                state.saveCursor(updates.cursor());
            }
            if (updates.nextHoldHint().toMillis() > 0) {
                Duration hinted = updates.nextHoldHint().plusSeconds(5);
                timeout = hinted.compareTo(config.pollTimeout()) > 0 ? hinted : config.pollTimeout();
            }
        }
    }

    /**
     * Takes in one batch: the context tokens of all its messages are saved first, so that no reply to an
     * early message of the batch goes out with a token the batch already replaced.
     */
    private void accept(Account current, List<JsonNode> batch) {
        List<InboundMessage> fresh = new ArrayList<>();
        for (JsonNode raw : batch) {
            InboundMessage message;
            try {
                message = InboundParser.parse(raw);
            } catch (IllegalArgumentException e) {
                log.warn("⚠️ Skipped a malformed iLink message: {}", e.getMessage());
                continue;
            }
            if (message.messageType() != InboundMessage.FROM_USER || message.fromUser().equals(current.botId())) {
                log.debug("Skipped iLink message {}: not from a user", message.stableId());
            } else if (deduper.seenBefore(message)) {
                log.debug("Skipped iLink message {}: delivered twice", message.stableId());
            } else {
                fresh.add(message);
            }
        }
        fresh.forEach(m -> state.saveContextToken(current.botId(), m.fromUser(), m.contextToken()));
        List<IncomingMessage> taken = new ArrayList<>(fresh.size());
        for (InboundMessage message : fresh) {
            taken.add(toIncoming(current, message));
        }
        if (!taken.isEmpty()) {
            // Returns once the bot has stored the batch; only then does the cursor move past it.
            events.onMessages(taken);
        }
    }

    private IncomingMessage toIncoming(Account current, InboundMessage message) {
        StringBuilder text = new StringBuilder();
        MessageKind kind = null;
        Attachment attachment = null;
        for (InboundItem item : message.items()) {
            if (attachment == null && (item.media() != null || item.type() == InboundItem.VOICE && !item.text().isBlank())) {
                // Downloaded only when the bot needs it (Channel.openAttachment); a voice note carries iLink's transcript.
                attachment = new Attachment(kindOf(item.type()), item.media() == null ? "" : item.media().asText(),
                        item.fileName(), -1, item.type() == InboundItem.VOICE ? item.text() : "");
            }
            boolean textual = item.type() == InboundItem.TEXT || item.type() == InboundItem.VOICE;
            if (textual && !item.text().isBlank()) {
                if (!text.isEmpty()) {
                    text.append('\n');
                }
                text.append(item.text());
                kind = MessageKind.TEXT;
            } else if (kind == null) {
                kind = kindOf(item.type());
            }
        }
        String from = message.fromUser();
        String id = message.stableId().isEmpty() ? "ilink-" + UUID.randomUUID() : message.stableId();
        Instant createdAt = message.createdAtMs() > 0 ? Instant.ofEpochMilli(message.createdAtMs()) : clock.instant();
        return IncomingMessage.text(name, id, Chat.privateChat(from, from), Sender.person(from, from), text.toString())
                .attachment(attachment)
                .kind(kind == null ? MessageKind.OTHER : kind)
                .createdAt(createdAt)
                .botNames(current.botId())
                .build();
    }

    private static MessageKind kindOf(int itemType) {
        return switch (itemType) {
            case InboundItem.TEXT -> MessageKind.TEXT;
            case InboundItem.IMAGE -> MessageKind.IMAGE;
            case InboundItem.VOICE -> MessageKind.VOICE;
            case InboundItem.FILE -> MessageKind.FILE;
            case InboundItem.VIDEO -> MessageKind.VIDEO;
            default -> MessageKind.OTHER;
        };
    }
}
