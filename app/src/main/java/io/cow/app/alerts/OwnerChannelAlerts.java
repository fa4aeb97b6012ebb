package io.cow.app.alerts;

import io.cow.core.alert.Alert;
import io.cow.core.alert.AlertKind;
import io.cow.core.alert.AlertSink;
import io.cow.core.channel.Channel;
import io.cow.core.login.LoginListener;
import io.cow.core.login.LoginState;
import io.cow.core.login.QrCodes;
import io.cow.core.message.Chat;
import io.cow.core.message.OutgoingImage;
import io.cow.core.message.OutgoingMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;

/**
 * Tells the owner through one channel instance ({@code alerts.ownerChannel}) what the alerts say about the others:
 * the text, and with a QR code to scan also the code as an image where the channel can send images. Alerts that come
 * while the owner channel itself is not logged in wait for its login (the latest of each kind per instance); a
 * recovery is only told when its outage was.
 */
public final class OwnerChannelAlerts implements AlertSink, LoginListener {

    private static final Logger log = LoggerFactory.getLogger(OwnerChannelAlerts.class);

    private final Channel channel;
    private final String contact;
    /** Alerts not delivered yet, by the instance they concern. */
    private final Map<String, Map<AlertKind, Alert>> waiting = new LinkedHashMap<>();
    /** Instances whose current outage the owner was told about. */
    private final Set<String> told = new HashSet<>();

    /**
     * @param channel the owner channel
     * @param contact on web or wechaty, the contact to tell; empty for File Transfer
     */
    public OwnerChannelAlerts(Channel channel, String contact) {
        this.channel = channel;
        this.contact = contact == null ? "" : contact.strip();
    }

    @Override
    public synchronized void send(Alert alert) {
        if (alert.channel().equals(channel.name())) {
            // The channel that is down cannot carry the news; the log (and the console's alerts) have it.
            return;
        }
        if (alert.kind() == AlertKind.RECOVERED) {
            waiting.remove(alert.channel());
            if (told.remove(alert.channel())) {
                deliver(alert);
            }
            return;
        }
        if (!deliver(alert)) {
            waiting.computeIfAbsent(alert.channel(), c -> new LinkedHashMap<>()).put(alert.kind(), alert);
        }
    }

    @Override
    public synchronized void loginChanged(LoginState previous, LoginState current) {
        if (!current.instance().equals(channel.name()) || !current.isLoggedIn() || waiting.isEmpty()) {
            return;
        }
        List<Alert> due = new ArrayList<>();
        waiting.values().forEach(byKind -> due.addAll(byKind.values()));
        waiting.clear();
        log.info("📣 {} is logged in: telling the owner {} alert(s) that waited", channel.name(), due.size());
        due.forEach(this::send);
    }

    /** @return whether the alert went out (was queued on the channel) */
    private boolean deliver(Alert alert) {
        Optional<Chat> owner = channel.ownerChat(contact);
        if (owner.isEmpty()) {
            log.info("📣 The alert waits until the owner can be reached on {}{}", channel.name(),
                    contact.isEmpty() ? "" : " (contact '" + contact + "')");
            return false;
        }
        Chat chat = owner.get();
        String about = alert.channel();
        channel.send(OutgoingMessage.to(chat, alert.text())).whenComplete((ok, error) -> {
            if (error == null) {
                // Only an outage the owner heard of has a recovery worth telling.
                synchronized (this) {
                    told.add(about);
                }
            } else {
                failed("the alert", error);
            }
        });
        if (alert.kind() == AlertKind.QR_CODE && !alert.qrContent().isEmpty() && channel.canSendImages()) {
            byte[] png = QrCodes.png(QrCodes.encode(alert.qrContent()));
            channel.sendImage(OutgoingImage.png(chat, png, "qr-" + about + ".png")).whenComplete((ok, error) -> {
                if (error != null) {
                    failed("the QR code image", error);
                }
            });
        }
        return true;
    }

    private void failed(String what, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        log.warn("⚠️ Could not send {} to the owner on {}: {}", what, channel.name(), cause.getMessage());
    }
}
