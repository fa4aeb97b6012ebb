package io.cow.web.contact;

import com.fasterxml.jackson.databind.JsonNode;
import io.cow.web.message.WebText;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A contact as web WeChat describes it: a person, an official or special account, or a group (whose members
 * are contacts too, with their display name in that group). Names are already plain text.
 *
 * @param userName    the address, new at every login: {@code @…} person or official account, {@code @@…} group,
 *                    a plain name for special accounts
 * @param nickName    the contact's own name; for a group, its topic
 * @param remarkName  the name the bot's owner gave the contact, or empty
 * @param displayName for a group member, the name they use in that group, or empty
 * @param verifyFlag  bit 8 marks an official account
 * @param members     a group's members, when known
 * @param sex         0 unknown, 1 male, 2 female: with province and city, what tells apart two people of one name
 * @param province    as the person set it, or empty
 * @param city        as the person set it, or empty
 * @param attrStatus  a number web WeChat gives each person, which stays with them: what may tell apart two group
 *                    members of one name (their sex and place are not listed); 0 when not given
 */
public record Contact(String userName, String nickName, String remarkName, String displayName, int verifyFlag,
                      List<Contact> members, int sex, String province, String city, long attrStatus) {

    /** Accounts WeChat itself runs; never answered. */
    public static final Set<String> SPECIAL_ACCOUNTS = Set.of(
            "filehelper", "newsapp", "fmessage", "weixin", "weibo", "qqmail", "tmessage", "qmessage", "qqsync",
            "floatbottle", "lbsapp", "shakeapp", "medianote", "qqfriend", "readerapp", "blogapp", "facebookapp",
            "masssendapp", "meishiapp", "feedsapp", "voip", "blogappweixin", "brandsessionholder",
            "weixinreminder", "officialaccounts", "notification_messages", "wxitil", "userexperience_alarm");

    private static final int VERIFY_BIZ_BRAND = 8;

    public Contact {
        nickName = nickName == null ? "" : nickName;
        remarkName = remarkName == null ? "" : remarkName;
        displayName = displayName == null ? "" : displayName;
        members = members == null ? List.of() : List.copyOf(members);
        province = province == null ? "" : province;
        city = city == null ? "" : city;
    }

    /** A contact whose profile (sex, place) is not known. */
    public Contact(String userName, String nickName, String remarkName, String displayName, int verifyFlag, List<Contact> members) {
        this(userName, nickName, remarkName, displayName, verifyFlag, members, 0, "", "", 0);
    }

    /** Reads a contact object of init, getcontact, batchgetcontact or sync. */
    public static Contact fromJson(JsonNode node) {
        List<Contact> members = new ArrayList<>();
        for (JsonNode member : node.path("MemberList")) {
            members.add(fromJson(member));
        }
        return new Contact(node.path("UserName").asText(""),
                WebText.decode(node.path("NickName").asText("")),
                WebText.decode(node.path("RemarkName").asText("")),
                WebText.decode(node.path("DisplayName").asText("")),
                node.path("VerifyFlag").asInt(0),
                members,
                node.path("Sex").asInt(0),
                WebText.decode(node.path("Province").asText("")),
                WebText.decode(node.path("City").asText("")),
                node.path("AttrStatus").asLong(0));
    }

    public static boolean isGroupName(String userName) {
        return userName != null && userName.startsWith("@@");
    }

    public boolean isGroup() {
        return isGroupName(userName);
    }

    public boolean isOfficial() {
        return (verifyFlag & VERIFY_BIZ_BRAND) != 0;
    }

    public boolean isSpecial() {
        return SPECIAL_ACCOUNTS.contains(userName);
    }

    /** What a person calls this contact: the remark name, else the nickname (for a group: the topic). */
    public String title() {
        return !remarkName.isBlank() ? remarkName : nickName;
    }

    /** The member with this address, when the group lists it. */
    public java.util.Optional<Contact> member(String memberUserName) {
        return members.stream().filter(m -> m.userName().equals(memberUserName)).findFirst();
    }

    /** The same contact with another member list. */
    public Contact withMembers(List<Contact> newMembers) {
        return new Contact(userName, nickName, remarkName, displayName, verifyFlag, newMembers, sex, province, city, attrStatus);
    }
}
