package io.cow.web.protocol;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the JavaScript snippets the login and push hosts answer with (they are not JSON). */
public final class JsResponses {

    private static final Pattern QR_CODE = Pattern.compile("window\\.QRLogin\\.code\\s*=\\s*(\\d+)");
    private static final Pattern QR_UUID = Pattern.compile("window\\.QRLogin\\.uuid\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern LOGIN_CODE = Pattern.compile("window\\.code\\s*=\\s*(\\d+)");
    private static final Pattern REDIRECT = Pattern.compile("window\\.redirect_uri\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern SYNC_CHECK = Pattern.compile(
            "retcode\\s*:\\s*\"?(\\d+)\"?\\s*,\\s*selector\\s*:\\s*\"?(\\d+)\"?");

    private JsResponses() {
    }

    /** The uuid in a {@code jslogin} answer; fails unless the code is 200 and a uuid is there. */
    public static String uuid(String body) throws MalformedResponseException {
        Matcher code = QR_CODE.matcher(body == null ? "" : body);
        if (!code.find()) {
            throw new MalformedResponseException("jslogin answered without window.QRLogin.code", body);
        }
        if (!code.group(1).equals("200")) {
            throw new MalformedResponseException("jslogin answered code " + code.group(1) + " instead of 200", body);
        }
        Matcher uuid = QR_UUID.matcher(body);
        if (!uuid.find() || uuid.group(1).isBlank()) {
            throw new MalformedResponseException("jslogin answered without a uuid", body);
        }
        return uuid.group(1);
    }

    /**
     * What a {@code login} poll answered.
     *
     * @param code        408 waiting, 201 scanned, 200 confirmed, 400 expired, 202 cancelled, others: errors
     * @param redirectUri where to fetch the login page, with code 200
     */
    public record LoginStatus(int code, Optional<String> redirectUri) {
        public static final int CONFIRMED = 200;
        public static final int SCANNED = 201;
        public static final int CANCELLED = 202;
        public static final int EXPIRED = 400;
        public static final int WAITING = 408;
    }

    /** Reads a {@code login} poll answer; fails when there is no code, or code 200 comes without a redirect. */
    public static LoginStatus loginStatus(String body) throws MalformedResponseException {
        Matcher code = LOGIN_CODE.matcher(body == null ? "" : body);
        if (!code.find()) {
            throw new MalformedResponseException("the login poll answered without window.code", body);
        }
        int value = Integer.parseInt(code.group(1));
        Matcher redirect = REDIRECT.matcher(body);
        Optional<String> uri = redirect.find() ? Optional.of(redirect.group(1)) : Optional.empty();
        if (value == LoginStatus.CONFIRMED && uri.isEmpty()) {
            throw new MalformedResponseException("the login poll confirmed the login without a redirect_uri", body);
        }
        return new LoginStatus(value, uri);
    }

    /**
     * What a {@code synccheck} answered.
     *
     * @param retcode  0 fine, 1100/1101/1102 logged out, others: errors
     * @param selector 0 nothing new, anything else: call webwxsync
     */
    public record SyncCheck(int retcode, int selector) {
        public boolean loggedOut() {
            return Ret.isLoggedOut(retcode);
        }
    }

    /** Reads a {@code synccheck} answer such as {@code window.synccheck={retcode:"0",selector:"2"}}. */
    public static SyncCheck syncCheck(String body) throws MalformedResponseException {
        Matcher m = SYNC_CHECK.matcher(body == null ? "" : body);
        if (!m.find()) {
            throw new MalformedResponseException("synccheck answered without retcode and selector", body);
        }
        try {
            return new SyncCheck(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        } catch (NumberFormatException e) {
            throw new MalformedResponseException("synccheck answered numbers out of range", body, e);
        }
    }
}
