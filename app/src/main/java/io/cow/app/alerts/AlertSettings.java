package io.cow.app.alerts;

import io.cow.core.config.Setting;
import io.cow.core.config.SettingType;
import io.cow.core.config.SettingTypes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The {@code alerts.*} settings: where the owner learns that a channel needs them (a channel, webhooks) and how often. */
public final class AlertSettings {

    private AlertSettings() {
    }

    public static final Setting<String> OWNER_CHANNEL = Setting.of("alerts.ownerChannel", SettingTypes.string(), "",
            "the channel instance that tells the owner when another one is logged out, refused or needs a QR scan "
                    + "(with the QR code as an image where the channel can send one); empty: no alerts through a channel");

    public static final Setting<String> OWNER_CONTACT = Setting.of("alerts.ownerContact", SettingTypes.string(), "",
            "on a web or wechaty owner channel: the contact (remark name or nickname) who gets the alerts; "
                    + "empty: File Transfer (on iLink always the user who confirmed the login)");

    public static final Setting<Duration> MIN_INTERVAL = Setting.of("alerts.minInterval",
            SettingTypes.duration(Duration.ZERO, Duration.ofDays(1)), Duration.ofMinutes(10),
            "least time between two alerts of the same kind about the same channel (a flapping login costs a few messages, not hundreds)");

    /** Webhook URLs hold their robots' access tokens, so the whole list is a secret. */
    public static final Setting<List<Webhook>> WEBHOOKS = Setting.of("alerts.webhooks", webhooks(), List.of(),
            "where alerts are POSTed: a list of {url, format} with format json, wecom, feishu or dingtalk").asSecret();

    /** Every setting above, in the order check-config prints them. */
    public static List<Setting<?>> all() {
        return List.of(OWNER_CHANNEL, OWNER_CONTACT, MIN_INTERVAL, WEBHOOKS);
    }

    /**
     * One webhook.
     *
     * @param url    where to POST
     * @param format the body's shape
     */
    public record Webhook(String url, WebhookFormat format) {
        @Override
        public String toString() {
            // Never the URL: it holds the robot's token.
            return format.name().toLowerCase(Locale.ROOT) + " webhook";
        }
    }

    private static SettingType<List<Webhook>> webhooks() {
        SettingType<List<Map<String, String>>> entries = SettingTypes.mapList(List.of("url"));
        SettingType<String> url = SettingTypes.httpUrl();
        return new SettingType<>() {
            @Override
            public List<Webhook> parse(Object raw) {
                List<Webhook> out = new ArrayList<>();
                for (Map<String, String> entry : entries.parse(raw)) {
                    out.add(new Webhook(url.parse(entry.get("url")),
                            WebhookFormat.parse(entry.getOrDefault("format", "json"))));
                }
                return List.copyOf(out);
            }

            @Override
            public String allowed() {
                return "a list of entries, each with url (http or https) and format (one of: json, wecom, feishu, dingtalk)";
            }

            @Override
            public String format(List<Webhook> value) {
                return value == null ? "" : value.size() + " webhook(s)";
            }
        };
    }
}
