package io.cow.web.protocol;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The XML {@code webwxnewloginpage} answers with (status 200, or 301 in some UOS cases): the session's
 * credentials, or a refusal such as {@code 1203}.
 *
 * @param ret        0 on success
 * @param message    the server's text, shown when it refuses
 * @param skey       session key, {@code @crypt_...}
 * @param wxsid      session id
 * @param wxuin      the account's number
 * @param passTicket pass ticket, percent-decoded (the server may send it encoded or not)
 */
public record LoginPage(int ret, String message, String skey, String wxsid, long wxuin, String passTicket) {

    private static final Pattern CREDENTIALS = Pattern.compile("<(skey|wxsid|pass_ticket)>.*?</\\1>", Pattern.DOTALL);
    private static final Pattern CDATA = Pattern.compile("^<!\\[CDATA\\[(.*)]]>$", Pattern.DOTALL);

    public boolean ok() {
        return ret == Ret.OK;
    }

    /** Reads the XML; fails when it has no {@code ret}, or {@code ret} 0 without every credential. */
    public static LoginPage parse(String xml0) throws MalformedResponseException {
        String xml = xml0 == null ? "" : xml0;
        // Error texts quote the body: never with the credentials in it.
        String body = CREDENTIALS.matcher(xml).replaceAll("<$1>…</$1>");
        String retText = tag(xml, "ret").orElseThrow(
                () -> new MalformedResponseException("webwxnewloginpage answered without <ret>", body));
        int ret;
        try {
            ret = Integer.parseInt(retText.strip());
        } catch (NumberFormatException e) {
            throw new MalformedResponseException("webwxnewloginpage answered a <ret> that is not a number", body, e);
        }
        String message = tag(xml, "message").orElse("");
        if (ret != Ret.OK) {
            return new LoginPage(ret, message, "", "", 0, "");
        }
        String skey = required(xml, "skey", body);
        String wxsid = required(xml, "wxsid", body);
        String uin = required(xml, "wxuin", body);
        String passTicket = required(xml, "pass_ticket", body);
        long wxuin;
        try {
            wxuin = Long.parseLong(uin.strip());
        } catch (NumberFormatException e) {
            throw new MalformedResponseException("webwxnewloginpage answered a <wxuin> that is not a number", body, e);
        }
        return new LoginPage(ret, message, skey.strip(), wxsid.strip(), wxuin, UrlCodec.percentDecode(passTicket.strip()));
    }

    private static String required(String xml, String name, String body) throws MalformedResponseException {
        Optional<String> value = tag(xml, name).filter(v -> !v.isBlank());
        if (value.isEmpty()) {
            throw new MalformedResponseException("webwxnewloginpage answered ret 0 without <" + name + ">", body);
        }
        return value.get();
    }

    private static Optional<String> tag(String xml, String name) {
        Matcher m = Pattern.compile("<" + name + ">(.*?)</" + name + ">", Pattern.DOTALL).matcher(xml);
        if (!m.find()) {
            return Optional.empty();
        }
        String value = m.group(1);
        Matcher cdata = CDATA.matcher(value.strip());
        return Optional.of(cdata.matches() ? cdata.group(1) : value);
    }
}
