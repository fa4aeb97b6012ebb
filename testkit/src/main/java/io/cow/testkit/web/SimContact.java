package io.cow.testkit.web;

import java.util.Objects;

/**
 * A WeChat account the simulated bot knows: a friend, an official account, a special account ({@code filehelper},
 * {@code weixin}), a group member who is not a friend, or the bot itself. Its nickname and remark name are stable;
 * its UserName is issued anew by every session ({@link WebWeChatSimulator#userName(SimChat)}).
 */
public final class SimContact implements SimChat {

    /** What kind of account this is; it decides the UserName's shape, the flags and where it is listed. */
    public enum Kind {
        /** A friend of the bot: listed by webwxgetcontact. */
        FRIEND,
        /** An official account ({@code VerifyFlag} 24): listed by webwxgetcontact. */
        OFFICIAL,
        /** A special account with a fixed plain UserName such as {@code filehelper} or {@code weixin}. */
        SPECIAL,
        /** Known only as a member of a group. */
        STRANGER,
        /** The bot's own account. */
        SELF
    }

    private final int id;
    private final Kind kind;
    private final String nickName;
    private final String remarkName;
    private final String fixedUserName;
    private volatile String province = "";
    private volatile String city = "";

    SimContact(int id, Kind kind, String nickName, String remarkName, String fixedUserName) {
        this.id = id;
        this.kind = Objects.requireNonNull(kind);
        this.nickName = Objects.requireNonNull(nickName);
        this.remarkName = remarkName == null ? "" : remarkName;
        this.fixedUserName = fixedUserName;
    }

    public Kind kind() {
        return kind;
    }

    public String nickName() {
        return nickName;
    }

    /** The remark (alias) the bot's owner gave this contact, or empty. */
    public String remarkName() {
        return remarkName;
    }

    @Override
    public String name() {
        return nickName;
    }

    /**
     * Sets where the person says they live (listed as {@code Province} and {@code City}): what web WeChat offers to
     * tell apart two people of one name. Set it before the login that should list it.
     */
    public SimContact livesIn(String province, String city) {
        this.province = Objects.requireNonNull(province);
        this.city = Objects.requireNonNull(city);
        return this;
    }

    public String province() {
        return province;
    }

    public String city() {
        return city;
    }

    /** The plain UserName of a special account (e.g. {@code filehelper}), or null: others get one per session. */
    public String fixedUserName() {
        return fixedUserName;
    }

    int id() {
        return id;
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + nickName
                + (remarkName.isEmpty() ? "" : " (" + remarkName + ")");
    }
}
