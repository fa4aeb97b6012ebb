package io.cow.app.alerts;

import io.cow.core.config.Setting;
import io.cow.core.config.SettingTypes;

import java.time.Duration;
import java.util.List;

/** The {@code alerts.*} settings: where the owner learns that a channel needs them. */
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

    /** Every setting above, in the order check-config prints them. */
    public static List<Setting<?>> all() {
        return List.of(OWNER_CHANNEL, OWNER_CONTACT, MIN_INTERVAL);
    }
}
