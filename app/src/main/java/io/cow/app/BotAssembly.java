package io.cow.app;

import io.cow.app.model.OpenAiModels;
import io.cow.core.channel.Channel;
import io.cow.core.config.CoreSettings;
import io.cow.core.config.Settings;
import io.cow.core.conversation.ConversationMemory;
import io.cow.core.login.QrCodeLog;
import io.cow.core.model.Answerer;
import io.cow.core.model.ModelSelfTest;
import io.cow.core.model.SystemPrompt;
import io.cow.core.pipeline.Bot;
import io.cow.core.pipeline.Pipeline;
import io.cow.core.pipeline.PipelineOptions;
import io.cow.core.plugin.Plugins;
import io.cow.core.store.InMemorySeenMessages;

import java.nio.file.Path;
import java.time.Clock;

/** Wires a bot from its parts: model client, pipeline, plugins, channel. */
public final class BotAssembly {

    private BotAssembly() {
    }

    /**
     * Builds a bot for this channel; nothing runs until {@link Bot#start()}.
     *
     * @param answerer the model client, or null to build the configured one
     */
    public static Bot assemble(Startup startup, Channel channel, Path dataDir, Clock clock, Answerer answerer) {
        Settings settings = startup.settings();
        Answerer model = answerer != null ? answerer : OpenAiModels.answerer(settings);
        SystemPrompt systemPrompt = new SystemPrompt(settings.get(CoreSettings.SYSTEM_PROMPT), clock);
        Pipeline pipeline = new Pipeline(
                PipelineOptions.from(settings, clock.instant()),
                Plugins.enabled(startup.plugins(), settings.get(CoreSettings.PLUGINS_DISABLED), settings),
                model,
                systemPrompt,
                ConversationMemory.NONE,
                new InMemorySeenMessages(100_000),
                channel,
                clock);
        Bot bot = new Bot(channel, pipeline, settings.get(CoreSettings.MODEL_CONCURRENCY),
                settings.get(CoreSettings.MAX_PENDING), new QrCodeLog(dataDir));
        if (settings.get(CoreSettings.MODEL_SELF_TEST)) {
            Thread selfTest = new Thread(() -> ModelSelfTest.run(model, systemPrompt, settings.get(CoreSettings.MODEL_NAME)),
                    "model-self-test");
            selfTest.setDaemon(true);
            selfTest.start();
        }
        return bot;
    }
}
