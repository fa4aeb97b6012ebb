package io.cow.testkit.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the JSON objects of the protocol (contacts, messages, sync keys) with the real field sets. */
final class Wire {

    private Wire() {
    }

    static Map<String, Object> baseResponse(int ret, String errMsg) {
        Map<String, Object> base = new LinkedHashMap<>();
        base.put("Ret", ret);
        base.put("ErrMsg", errMsg);
        return base;
    }

    static Map<String, Object> ok() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("BaseResponse", baseResponse(0, ""));
        return body;
    }

    static Map<String, Object> syncKey(long[][] pairs) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (long[] pair : pairs) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("Key", pair[0]);
            item.put("Val", pair[1]);
            list.add(item);
        }
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("Count", list.size());
        key.put("List", list);
        return key;
    }

    static String headImgUrl(SimSession s, String userName) {
        return "/cgi-bin/mmwebwx-bin/webwxgeticon?seq=0&username=" + userName + "&skey=" + s.skey;
    }

    /** The own account as webwxinit's {@code User}. */
    static Map<String, Object> user(SimSession s, SimContact self, boolean emoji) {
        String userName = s.userName(self);
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("Uin", s.uin);
        u.put("UserName", userName);
        u.put("NickName", WebText.name(self.nickName(), emoji));
        u.put("HeadImgUrl", "/cgi-bin/mmwebwx-bin/webwxgeticon?seq=0&username=" + userName + "&skey=" + s.skey);
        u.put("RemarkName", "");
        u.put("PYInitial", "");
        u.put("PYQuanPin", "");
        u.put("RemarkPYInitial", "");
        u.put("RemarkPYQuanPin", "");
        u.put("HideInputBarFlag", 0);
        u.put("StarFriend", 0);
        u.put("Sex", 1);
        u.put("Signature", "");
        u.put("AppAccountFlag", 0);
        u.put("VerifyFlag", 0);
        u.put("ContactFlag", 0);
        u.put("WebWxPluginSwitch", 0);
        u.put("HeadImgFlag", 1);
        u.put("SnsFlag", 49);
        return u;
    }

    /** A person, official or special account as webwxgetcontact and webwxbatchgetcontact list it. */
    static Map<String, Object> contact(SimSession s, SimContact c, boolean emoji) {
        String userName = s.userName(c);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Uin", 0);
        m.put("UserName", userName);
        m.put("NickName", WebText.name(c.nickName(), emoji));
        m.put("HeadImgUrl", headImgUrl(s, userName));
        m.put("ContactFlag", switch (c.kind()) {
            case FRIEND -> 3;
            case OFFICIAL, SPECIAL -> 1;
            default -> 0;
        });
        m.put("MemberCount", 0);
        m.put("MemberList", List.of());
        m.put("RemarkName", WebText.name(c.remarkName(), emoji));
        m.put("HideInputBarFlag", 0);
        m.put("Sex", c.kind() == SimContact.Kind.FRIEND || c.kind() == SimContact.Kind.STRANGER ? 2 : 0);
        m.put("Signature", "");
        m.put("VerifyFlag", switch (c.kind()) {
            case OFFICIAL -> 24;
            case SPECIAL -> "weixin".equals(c.fixedUserName()) ? 56 : 0;
            default -> 0;
        });
        m.put("OwnerUin", 0);
        m.put("PYInitial", "");
        m.put("PYQuanPin", "");
        m.put("RemarkPYInitial", "");
        m.put("RemarkPYQuanPin", "");
        m.put("StarFriend", 0);
        m.put("AppAccountFlag", 0);
        m.put("Statues", 0);
        m.put("AttrStatus", c.kind() == SimContact.Kind.FRIEND ? 33_656_933 : 0);
        m.put("Province", WebText.name(c.province(), emoji));
        m.put("City", WebText.name(c.city(), emoji));
        m.put("Alias", "");
        m.put("SnsFlag", c.kind() == SimContact.Kind.FRIEND ? 17 : 0);
        m.put("UniFriend", 0);
        m.put("DisplayName", "");
        m.put("ChatRoomId", 0);
        m.put("KeyWord", c.kind() == SimContact.Kind.SPECIAL ? c.fixedUserName() : "");
        m.put("EncryChatRoomId", "");
        m.put("IsOwner", 0);
        return m;
    }

    /** A group; with members as webwxbatchgetcontact answers, without as webwxinit and webwxgetcontact do. */
    static Map<String, Object> group(SimSession s, SimGroup g, SimContact self, boolean withMembers, boolean emoji) {
        String userName = s.userName(g);
        List<Map<String, Object>> members = new ArrayList<>();
        if (withMembers) {
            for (SimContact member : g.membersLocked()) {
                members.add(member(s, member, g.displayNameLocked(member), emoji));
            }
            members.add(member(s, self, g.botDisplayNameLocked(), emoji));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Uin", 0);
        m.put("UserName", userName);
        m.put("NickName", WebText.name(g.topicLocked(), emoji));
        m.put("HeadImgUrl", "/cgi-bin/mmwebwx-bin/webwxgetheadimg?seq=0&username=" + userName + "&skey=" + s.skey);
        m.put("ContactFlag", g.listedLocked() ? 2 | 4 : 2);
        m.put("MemberCount", g.membersLocked().size() + 1);
        m.put("MemberList", members);
        m.put("RemarkName", "");
        m.put("HideInputBarFlag", 0);
        m.put("Sex", 0);
        m.put("Signature", "");
        m.put("VerifyFlag", 0);
        m.put("OwnerUin", g.ownerUin());
        m.put("PYInitial", "");
        m.put("PYQuanPin", "");
        m.put("RemarkPYInitial", "");
        m.put("RemarkPYQuanPin", "");
        m.put("StarFriend", 0);
        m.put("AppAccountFlag", 0);
        m.put("Statues", 1);
        m.put("AttrStatus", 0);
        m.put("Province", "");
        m.put("City", "");
        m.put("Alias", "");
        m.put("SnsFlag", 0);
        m.put("UniFriend", 0);
        m.put("DisplayName", "");
        m.put("ChatRoomId", 0);
        m.put("KeyWord", "");
        m.put("EncryChatRoomId", g.encryChatRoomId());
        m.put("IsOwner", 0);
        return m;
    }

    static Map<String, Object> member(SimSession s, SimContact c, String displayName, boolean emoji) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Uin", 0);
        m.put("UserName", s.userName(c));
        m.put("NickName", WebText.name(c.nickName(), emoji));
        m.put("AttrStatus", 0);
        m.put("PYInitial", "");
        m.put("PYQuanPin", "");
        m.put("RemarkPYInitial", "");
        m.put("RemarkPYQuanPin", "");
        m.put("MemberStatus", 0);
        m.put("DisplayName", WebText.name(displayName, emoji));
        m.put("KeyWord", "");
        return m;
    }

    /** An {@code AddMsgList} item with every field the real service sends. */
    static Map<String, Object> message(long msgId, String from, String to, int msgType, String content,
                                       long createTime) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("MsgId", Long.toString(msgId));
        m.put("FromUserName", from);
        m.put("ToUserName", to);
        m.put("MsgType", msgType);
        m.put("Content", content);
        m.put("Status", 3);
        m.put("ImgStatus", 1);
        m.put("CreateTime", createTime);
        m.put("VoiceLength", 0);
        m.put("PlayLength", 0);
        m.put("FileName", "");
        m.put("FileSize", "");
        m.put("MediaId", "");
        m.put("Url", "");
        m.put("AppMsgType", 0);
        m.put("StatusNotifyCode", 0);
        m.put("StatusNotifyUserName", "");
        Map<String, Object> recommend = new LinkedHashMap<>();
        recommend.put("UserName", "");
        recommend.put("NickName", "");
        recommend.put("QQNum", 0);
        recommend.put("Province", "");
        recommend.put("City", "");
        recommend.put("Content", "");
        recommend.put("Signature", "");
        recommend.put("Alias", "");
        recommend.put("Scene", 0);
        recommend.put("VerifyFlag", 0);
        recommend.put("AttrStatus", 0);
        recommend.put("Sex", 0);
        recommend.put("Ticket", "");
        recommend.put("OpCode", 0);
        m.put("RecommendInfo", recommend);
        m.put("ForwardFlag", 0);
        Map<String, Object> appInfo = new LinkedHashMap<>();
        appInfo.put("AppID", "");
        appInfo.put("Type", 0);
        m.put("AppInfo", appInfo);
        m.put("HasProductId", 0);
        m.put("Ticket", "");
        m.put("ImgHeight", 0);
        m.put("ImgWidth", 0);
        m.put("SubMsgType", 0);
        m.put("NewMsgId", msgId);
        m.put("OriContent", "");
        m.put("EncryFileName", "");
        return m;
    }
}
