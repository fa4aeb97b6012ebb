package io.cow.core.health;

import io.cow.core.config.CoreSettings;
import io.cow.core.config.Settings;

import java.time.Duration;

/**
 * The bounds of the health check.
 *
 * @param storeFailure how long the store may fail before the bot is unhealthy
 * @param qrScanWait   how long an instance may wait for a QR scan
 * @param noAnswer     how long questions may come without one being answered
 */
public record HealthOptions(Duration storeFailure, Duration qrScanWait, Duration noAnswer) {

    public static HealthOptions from(Settings settings) {
        return new HealthOptions(settings.get(CoreSettings.HEALTH_STORE_FAILURE), settings.get(CoreSettings.HEALTH_QR_SCAN_WAIT),
                settings.get(CoreSettings.HEALTH_NO_ANSWER));
    }
}
