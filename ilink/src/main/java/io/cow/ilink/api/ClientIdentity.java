package io.cow.ilink.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;

/**
 * How the bot introduces itself to iLink: the protocol version it speaks (header
 * {@code iLink-App-ClientVersion}, {@code base_info.channel_version}), its own name and version
 * ({@code base_info.bot_agent}), and the optional route tag.
 *
 * @param clientVersion the protocol version, {@code major.minor.patch}
 * @param botAgent      {@code Name/Version (comment)}, ASCII, at most 256 bytes
 * @param routeTag      the {@code SKRouteTag} header, or empty
 */
public record ClientIdentity(String clientVersion, String botAgent, String routeTag) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public ClientIdentity {
        if (!StandardCharsets.US_ASCII.newEncoder().canEncode(botAgent) || botAgent.length() > 256) {
            throw new IllegalArgumentException("bot_agent must be ASCII and at most 256 bytes: " + botAgent);
        }
        routeTag = routeTag == null ? "" : routeTag;
    }

    /** This build of the bot, speaking the given protocol version. */
    public static ClientIdentity of(String clientVersion, String routeTag) {
        return new ClientIdentity(clientVersion, "ChatGPT-on-WeChat-Java/" + botVersion() + " (cow; iLink channel)", routeTag);
    }

    /** The bot's own version, from the build. */
    public static String botVersion() {
        try (InputStream in = ClientIdentity.class.getResourceAsStream("/io/cow/ilink/ilink-version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties p = new Properties();
            p.load(in);
            String version = p.getProperty("version", "dev");
            return version.startsWith("${") ? "dev" : version;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bot's version", e);
        }
    }

    /** {@code (major<<16)|(minor<<8)|patch} as decimal text: 2.4.9 is {@code 132105}. */
    public String clientVersionNumber() {
        String[] parts = clientVersion.split("\\.");
        long value = (Long.parseLong(parts[0]) << 16) | (Long.parseLong(parts[1]) << 8) | Long.parseLong(parts[2]);
        return Long.toString(value);
    }

    /** The {@code base_info} object every authenticated POST carries. */
    public ObjectNode baseInfo() {
        ObjectNode info = Json.MAPPER.createObjectNode();
        info.put("channel_version", clientVersion);
        info.put("bot_agent", botAgent);
        return info;
    }

    /** A new {@code X-WECHAT-UIN}: a random uint32 as decimal text, Base64-encoded (123 is {@code MTIz}). */
    public static String newWechatUin() {
        long uin = RANDOM.nextInt() & 0xFFFFFFFFL;
        return Base64.getEncoder().encodeToString(Long.toString(uin).getBytes(StandardCharsets.UTF_8));
    }
}
