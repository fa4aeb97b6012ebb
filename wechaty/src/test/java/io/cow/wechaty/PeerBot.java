package io.cow.wechaty;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import io.cow.core.config.CoreSettings;
import io.cow.core.config.Setting;
import io.cow.core.config.Settings;
import io.cow.core.conversation.ConversationMemory;
import io.cow.core.model.Answer;
import io.cow.core.model.Answerer;
import io.cow.core.model.SystemPrompt;
import io.cow.core.pipeline.Bot;
import io.cow.core.pipeline.Pipeline;
import io.cow.core.pipeline.PipelineOptions;
import io.cow.testkit.wechaty.PuppetPeer;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A bot on the wechaty channel, built through the channel's provider from settings, with a model that
 * answers at once with {@code Echo: <question>}.
 */
final class PeerBot implements AutoCloseable {

    static final String BOT_ID = "bot";
    static final String BOT_NAME = "Bot";

    final Bot bot;
    final WechatyChannel channel;

    private PeerBot(Bot bot, WechatyChannel channel) {
        this.bot = bot;
        this.channel = channel;
    }

    /** Settings for a plaintext connection to the peer with fast reconnects; add or replace with {@code with}. */
    static Settings settings(PuppetPeer peer, String token) {
        List<Setting<?>> all = new ArrayList<>(CoreSettings.all());
        all.addAll(WechatySettings.all());
        return Settings.defaults(all)
                .with(WechatySettings.TOKEN, token)
                .with(WechatySettings.ENDPOINT, peer.endpoint())
                .with(WechatySettings.NO_TLS, true)
                .with(WechatySettings.RECONNECT_DELAY, Duration.ofMillis(100))
                .with(WechatySettings.RECONNECT_MAX_DELAY, Duration.ofMillis(500))
                .with(WechatySettings.CALL_TIMEOUT, Duration.ofSeconds(10))
                .with(CoreSettings.TRIGGER_KEYWORD, "Hi bot:");
    }

    static PeerBot start(Settings settings, Path dataDir) {
        Clock clock = Clock.systemUTC();
        WechatyChannel channel = (WechatyChannel) new WechatyChannelProvider().create(
                WechatyConfig.from(settings), new io.cow.core.channel.ChannelContext(WechatyChannel.TYPE, dataDir, new io.cow.core.store.InMemoryChannelStateStore(), clock));
        Answerer echo = (List<ChatMessage> messages, java.util.function.Consumer<String> partial) ->
                new Answer("Echo: " + ((UserMessage) messages.get(messages.size() - 1)).singleText(), 1, 1);
        Pipeline pipeline = new Pipeline(PipelineOptions.from(settings, clock.instant()), List.of(), echo,
                new SystemPrompt("", clock), ConversationMemory.NONE,  channel, clock);
        Bot bot = new Bot(channel, pipeline, 4, 1000);
        bot.start();
        return new PeerBot(bot, channel);
    }

    @Override
    public void close() {
        bot.close();
    }
}
