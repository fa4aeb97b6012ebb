package io.cow.testkit.web;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

/** Generates identifiers in the shapes the real service uses (UserNames, skeys, tickets, message ids). */
final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final char[] ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    /** Message ids are 19-digit numbers that grow, like the real service's. */
    private final AtomicLong msgIds = new AtomicLong(6_000_000_000_000_000_000L + (RANDOM.nextLong() & 0xFFFF_FFFF_FFFFL));

    static String hex(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = HEX[RANDOM.nextInt(16)];
        }
        return new String(out);
    }

    static String alnum(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALNUM[RANDOM.nextInt(ALNUM.length)];
        }
        return new String(out);
    }

    /** A QR uuid: 12 characters ending in {@code ==}, safe in a URL path (the QR text is {@code /l/<uuid>}). */
    static String uuid() {
        byte[] bytes = new byte[7];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().encodeToString(bytes);
    }

    static String pushUuid() {
        return "A_1_" + uuid();
    }

    static String ticket() {
        return alnum(24) + "@qrticket_0";
    }

    static String wxsid() {
        return alnum(16);
    }

    static String skey() {
        return "@crypt_" + hex(8) + "_" + hex(32);
    }

    /**
     * A pass_ticket in raw form: standard base64 that always holds {@code +}, {@code /} and {@code =}, so a client
     * that forgets the percent-encoding sends a different value (a query's {@code +} decodes to a space).
     */
    static String passTicket() {
        while (true) {
            byte[] bytes = new byte[47];
            RANDOM.nextBytes(bytes);
            String ticket = Base64.getEncoder().encodeToString(bytes);
            if (ticket.indexOf('+') >= 0 && ticket.indexOf('/') >= 0) {
                return ticket;
            }
        }
    }

    /** A cookie ticket: base64 with {@code +} and {@code /}, as the real cookies carry. */
    static String cookieTicket() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** An account uin above 2^31, as many real ones are: clients must keep it in a long. */
    static long uin() {
        return 2_147_483_648L + (RANDOM.nextLong() & 0x7FFF_FFFFL);
    }

    static long syncKeyBase() {
        return 600_000_000L + RANDOM.nextInt(100_000_000);
    }

    long nextMsgId() {
        return msgIds.addAndGet(1 + RANDOM.nextInt(1_000_000));
    }
}
