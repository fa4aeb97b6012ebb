package io.cow.web.sim;

import io.cow.core.config.Setting;
import io.cow.core.config.Settings;
import io.cow.core.store.ChannelStateStore;
import io.cow.core.store.InMemoryChannelStateStore;
import io.cow.web.WebChannel;
import io.cow.web.WebOptions;
import io.cow.web.WebSettings;
import io.cow.testkit.web.WebWeChatSimulator;

import java.time.Clock;
import java.time.Duration;

/** A web channel pointed at a simulator, with test-friendly timings, and what it reported. */
final class SimChannel implements AutoCloseable {

    final WebChannel channel;
    final RecordingEvents events = new RecordingEvents();

    private SimChannel(WebChannel channel) {
        this.channel = channel;
    }

    /** Settings for a channel that talks to this simulator quickly. */
    static Settings settings(WebWeChatSimulator sim) {
        return Settings.defaults(WebSettings.all())
                .with(WebSettings.ENDPOINT, sim.baseUrl())
                .with(WebSettings.LONG_POLL_TIMEOUT, Duration.ofSeconds(10))
                .with(WebSettings.RETRY_DELAY, Duration.ofMillis(20))
                .with(WebSettings.RETRY_MAX_DELAY, Duration.ofMillis(200))
                .with(WebSettings.SEND_INTERVAL, Duration.ZERO)
                .with(WebSettings.SEND_RETRY_DELAY, Duration.ofMillis(20))
                .with(WebSettings.RELOGIN_INTERVAL, Duration.ZERO)
                .with(WebSettings.PUSH_LOGIN_TIMEOUT, Duration.ofSeconds(5));
    }

    static <T> Settings with(Settings settings, Setting<T> setting, T value) {
        return settings.with(setting, value);
    }

    static SimChannel start(Settings settings) {
        return start(settings, new InMemoryChannelStateStore());
    }

    static SimChannel start(Settings settings, ChannelStateStore state) {
        SimChannel sc = new SimChannel(new WebChannel(WebChannel.TYPE, WebOptions.from(settings), state, Clock.systemDefaultZone()));
        sc.channel.start(sc.events);
        return sc;
    }

    @Override
    public void close() {
        channel.close();
    }
}
