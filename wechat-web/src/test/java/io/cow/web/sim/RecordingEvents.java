package io.cow.web.sim;

import io.cow.core.channel.ChannelEvents;
import io.cow.core.channel.LoginQrCode;
import io.cow.core.message.BotAccount;
import io.cow.core.message.IncomingMessage;
import io.cow.testkit.await.Await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Records what a channel reports, for tests that drive a channel without the pipeline. */
final class RecordingEvents implements ChannelEvents {

    static final Duration WAIT = Duration.ofSeconds(20);

    final List<IncomingMessage> messages = new CopyOnWriteArrayList<>();
    final List<LoginQrCode> qrCodes = new CopyOnWriteArrayList<>();
    final List<BotAccount> logins = new CopyOnWriteArrayList<>();
    final List<String> logouts = new CopyOnWriteArrayList<>();
    final List<String> scans = new CopyOnWriteArrayList<>();
    final List<java.time.Instant> nextLogins = new CopyOnWriteArrayList<>();

    @Override
    public void onMessage(IncomingMessage message) {
        messages.add(message);
    }

    @Override
    public void onLoginQrCode(LoginQrCode qrCode) {
        qrCodes.add(qrCode);
    }

    @Override
    public void onLoginScanned() {
        scans.add("scanned after QR code " + qrCodes.size());
    }

    @Override
    public void onNextLoginAt(java.time.Instant at) {
        nextLogins.add(at);
    }

    @Override
    public void onLogin(BotAccount account) {
        logins.add(account);
    }

    @Override
    public void onLogout(String reason) {
        logouts.add(reason);
    }

    IncomingMessage awaitMessage(String what, Predicate<IncomingMessage> match) {
        return Await.value("a message: " + what, WAIT, () -> messages.stream().filter(match).findFirst().orElse(null));
    }

    IncomingMessage awaitText(String text) {
        return awaitMessage("with text \"" + text + "\"", m -> m.text().equals(text));
    }

    List<IncomingMessage> withText(String text) {
        return messages.stream().filter(m -> m.text().equals(text)).toList();
    }

    void awaitLogins(int count) {
        Await.until(count + " login(s)", WAIT, () -> logins.size() >= count);
    }

    void awaitQrCodes(int count) {
        Await.until(count + " QR code(s)", WAIT, () -> qrCodes.size() >= count);
    }

    void awaitLogouts(int count) {
        Await.until(count + " logout(s)", WAIT, () -> logouts.size() >= count);
    }
}
