package io.cow.testkit.web;

import java.time.Duration;
import java.util.Objects;

/**
 * Knobs of a {@link WebWeChatSimulator}. Start from {@link #defaults()} and change what a test needs, e.g.
 * {@code SimulatorOptions.defaults().syncCheckHold(Duration.ofSeconds(1))}.
 *
 * @param port                   TCP port on 127.0.0.1, 0 for a free one
 * @param selfNickName           the bot account's nickname
 * @param selfUin                the bot account's uin (0: a random one above 2^31, as many real ones are)
 * @param syncCheckHold          how long synccheck waits before answering selector 0 (real: about 25 s)
 * @param loginPollHold          how long the {@code login} poll waits before answering 408 (real: about 25 s)
 * @param uuidTtl                how long a QR uuid lives before {@code login} answers 400
 * @param contactPageSize        entries per webwxgetcontact page (more pages are chained by {@code Seq})
 * @param syncBatchLimit         at most this many AddMsgList items per webwxsync ({@code ContinueFlag} 1 when more)
 * @param emojiSpans             emoji in contents and names as {@code <span class="emoji ...">} (as the web service)
 * @param initStatusNotify       queue the MsgType 51 / StatusNotifyCode 4 message a new session gets first
 * @param deliverOfflineMessages messages to the bot while no session lives wait for the next login
 * @param rotateSkeyOnInit       webwxinit answers a new {@code SKey} and the old one stops working
 * @param requestLogLimit        how many requests {@link WebWeChatSimulator#requests()} keeps (oldest dropped)
 */
public record SimulatorOptions(int port, String selfNickName, long selfUin, Duration syncCheckHold, Duration loginPollHold,
                               Duration uuidTtl, int contactPageSize, int syncBatchLimit, boolean emojiSpans,
                               boolean initStatusNotify, boolean deliverOfflineMessages, boolean rotateSkeyOnInit,
                               int requestLogLimit) {

    public SimulatorOptions {
        Objects.requireNonNull(selfNickName, "selfNickName");
        Objects.requireNonNull(syncCheckHold, "syncCheckHold");
        Objects.requireNonNull(loginPollHold, "loginPollHold");
        Objects.requireNonNull(uuidTtl, "uuidTtl");
        if (contactPageSize < 1 || syncBatchLimit < 1 || requestLogLimit < 0) {
            throw new IllegalArgumentException("contactPageSize and syncBatchLimit must be >= 1, requestLogLimit >= 0");
        }
    }

    /** The real service's timings, nickname "Bot", a random uin, a free port. */
    public static SimulatorOptions defaults() {
        return new SimulatorOptions(0, "Bot", 0, Duration.ofSeconds(25), Duration.ofSeconds(25), Duration.ofMinutes(5),
                500, Integer.MAX_VALUE, true, true, true, false, 10_000);
    }

    public SimulatorOptions port(int value) {
        return new SimulatorOptions(value, selfNickName, selfUin, syncCheckHold, loginPollHold, uuidTtl, contactPageSize,
                syncBatchLimit, emojiSpans, initStatusNotify, deliverOfflineMessages, rotateSkeyOnInit, requestLogLimit);
    }

    public SimulatorOptions selfNickName(String value) {
        return new SimulatorOptions(port, value, selfUin, syncCheckHold, loginPollHold, uuidTtl, contactPageSize,
                syncBatchLimit, emojiSpans, initStatusNotify, deliverOfflineMessages, rotateSkeyOnInit, requestLogLimit);
    }

    public SimulatorOptions selfUin(long value) {
        return new SimulatorOptions(port, selfNickName, value, syncCheckHold, loginPollHold, uuidTtl, contactPageSize,
                syncBatchLimit, emojiSpans, initStatusNotify, deliverOfflineMessages, rotateSkeyOnInit, requestLogLimit);
    }

    public SimulatorOptions syncCheckHold(Duration value) {
        return new SimulatorOptions(port, selfNickName, selfUin, value, loginPollHold, uuidTtl, contactPageSize,
                syncBatchLimit, emojiSpans, initStatusNotify, deliverOfflineMessages, rotateSkeyOnInit, requestLogLimit);
    }

    public SimulatorOptions loginPollHold(Duration value) {
        return new SimulatorOptions(port, selfNickName, selfUin, syncCheckHold, value, uuidTtl, contactPageSize,
                syncBatchLimit, emojiSpans, initStatusNotify, deliverOfflineMessages, rotateSkeyOnInit, requestLogLimit);
    }

    public SimulatorOptions uuidTtl(Duration value) {
        return new SimulatorOptions(port, selfNickName, selfUin, syncCheckHold, loginPollHold, value, contactPageSize,
                syncBatchLimit, emojiSpans, initStatusNotify, deliverOfflineMessages, rotateSkeyOnInit, requestLogLimit);
    }

    public SimulatorOptions contactPageSize(int value) {
        return new SimulatorOptions(port, selfNickName, selfUin, syncCheckHold, loginPollHold, uuidTtl, value,
                syncBatchLimit, emojiSpans, initStatusNotify, deliverOfflineMessages, rotateSkeyOnInit, requestLogLimit);
    }

    public SimulatorOptions syncBatchLimit(int value) {
        return new SimulatorOptions(port, selfNickName, selfUin, syncCheckHold, loginPollHold, uuidTtl, contactPageSize,
                value, emojiSpans, initStatusNotify, deliverOfflineMessages, rotateSkeyOnInit, requestLogLimit);
    }

    public SimulatorOptions emojiSpans(boolean value) {
        return new SimulatorOptions(port, selfNickName, selfUin, syncCheckHold, loginPollHold, uuidTtl, contactPageSize,
                syncBatchLimit, value, initStatusNotify, deliverOfflineMessages, rotateSkeyOnInit, requestLogLimit);
    }

    public SimulatorOptions initStatusNotify(boolean value) {
        return new SimulatorOptions(port, selfNickName, selfUin, syncCheckHold, loginPollHold, uuidTtl, contactPageSize,
                syncBatchLimit, emojiSpans, value, deliverOfflineMessages, rotateSkeyOnInit, requestLogLimit);
    }

    public SimulatorOptions deliverOfflineMessages(boolean value) {
        return new SimulatorOptions(port, selfNickName, selfUin, syncCheckHold, loginPollHold, uuidTtl, contactPageSize,
                syncBatchLimit, emojiSpans, initStatusNotify, value, rotateSkeyOnInit, requestLogLimit);
    }

    public SimulatorOptions rotateSkeyOnInit(boolean value) {
        return new SimulatorOptions(port, selfNickName, selfUin, syncCheckHold, loginPollHold, uuidTtl, contactPageSize,
                syncBatchLimit, emojiSpans, initStatusNotify, deliverOfflineMessages, value, requestLogLimit);
    }

    public SimulatorOptions requestLogLimit(int value) {
        return new SimulatorOptions(port, selfNickName, selfUin, syncCheckHold, loginPollHold, uuidTtl, contactPageSize,
                syncBatchLimit, emojiSpans, initStatusNotify, deliverOfflineMessages, rotateSkeyOnInit, value);
    }
}
