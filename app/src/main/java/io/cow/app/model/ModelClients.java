package io.cow.app.model;

import io.cow.core.channel.kit.DaemonThreads;
import io.cow.core.config.CoreSettings;
import io.cow.core.config.Settings;
import io.cow.core.net.Proxies;
import io.cow.core.model.Answerer;
import io.cow.core.model.LangChainAnswerer;
import io.cow.core.model.ModelProfiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Builds the model profiles' clients: LangChain4j's provider modules on the bot's own HTTP client. */
public final class ModelClients {

    private static final Logger log = LoggerFactory.getLogger("model");

    private ModelClients() {
    }

    /** Every configured profile, each made when first asked, with the fallbacks and the total time limit. */
    public static ModelProfiles profiles(ModelConfig config, Settings settings) {
        Shared shared = new Shared(settings);
        Map<String, Supplier<Answerer>> makers = new LinkedHashMap<>();
        config.profiles().forEach((name, profile) -> makers.put(name, () -> shared.answerer(profile)));
        return new ModelProfiles(config.chosen(), makers, config.fallbacks(), settings.get(ModelSettings.MODEL_TOTAL_TIMEOUT));
    }

    /** The client of the profile {@code model.*} and the original bot's keys define, without fallbacks. */
    public static Answerer defaultAnswerer(Settings settings) {
        return new Shared(settings).answerer(ModelConfig.defaultProfile(settings));
    }

    /**
     * LangChain4j's image model for an OpenAI-compatible profile (gpt-image-1, DALL·E), on the bot's own HTTP client
     * with its retries; for {@code draw.profile}.
     */
    public static dev.langchain4j.model.image.ImageModel imageModel(ModelProfile profile, Settings settings) {
        RetryPolicy retry = new RetryPolicy(settings.get(CoreSettings.MODEL_MAX_RETRIES),
                settings.get(CoreSettings.MODEL_RETRY_DELAY), settings.get(CoreSettings.MODEL_RETRY_MAX_DELAY));
        ModelHttpClientBuilder http = new ModelHttpClientBuilder(retry, new ModelHttpClients(Proxies.from(settings)),
                new AdaptiveLimit(profile.name(), profile.concurrency()), profile.provider().streamEnd());
        // Pictures take longer than texts: at least two minutes whatever model.timeout says.
        Duration timeout = settings.get(CoreSettings.MODEL_TIMEOUT);
        return dev.langchain4j.model.openai.OpenAiImageModel.builder()
                .httpClientBuilder(http)
                .baseUrl(profile.baseUrl())
                .apiKey(profile.apiKey())
                .organizationId(profile.organizationId().isBlank() ? null : profile.organizationId())
                .modelName(profile.model())
                .timeout(timeout.compareTo(Duration.ofMinutes(2)) < 0 ? Duration.ofMinutes(2) : timeout)
                .maxRetries(0)
                .build();
    }

    /** What the profiles' clients share: one JDK HTTP client, the retry policy, the timeouts, the blocking calls' threads. */
    private static final class Shared {
        private final ModelHttpClients http;
        private final RetryPolicy retry;
        private final Duration timeout;
        private final Duration overall;
        private volatile ExecutorService blockingCalls;

        Shared(Settings settings) {
            this.http = new ModelHttpClients(Proxies.from(settings));
            this.timeout = settings.get(CoreSettings.MODEL_TIMEOUT);
            this.retry = new RetryPolicy(settings.get(CoreSettings.MODEL_MAX_RETRIES),
                    settings.get(CoreSettings.MODEL_RETRY_DELAY), settings.get(CoreSettings.MODEL_RETRY_MAX_DELAY));
            // Each attempt may use the whole timeout, and the waits between attempts add up to at most this.
            Duration worstCase = timeout.multipliedBy(retry.maxRetries() + 1L)
                    .plus(retry.maxDelay().multipliedBy(retry.maxRetries()))
                    .plusSeconds(10);
            Duration total = settings.has(ModelSettings.MODEL_TOTAL_TIMEOUT) ? settings.get(ModelSettings.MODEL_TOTAL_TIMEOUT) : worstCase;
            this.overall = total.compareTo(worstCase) < 0 ? total.plusSeconds(5) : worstCase;
        }

        Answerer answerer(ModelProfile profile) {
            AdaptiveLimit limit = new AdaptiveLimit(profile.name(), profile.concurrency());
            ModelHttpClientBuilder builder = new ModelHttpClientBuilder(retry, http, limit, profile.provider().streamEnd());
            ProviderModels models = ProviderModels.of(new ProviderModels.Parts(profile, builder, timeout));
            log.debug("Made the client of {}", profile);
            return new LangChainAnswerer(models.blocking(), models.streaming(), overall, this::blockingCall);
        }

        /** A profile that does not stream holds a thread for each request in flight; they end when idle. */
        private void blockingCall(Runnable call) {
            ExecutorService pool = blockingCalls;
            if (pool == null) {
                synchronized (this) {
                    pool = blockingCalls;
                    if (pool == null) {
                        pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                                DaemonThreads.pool("model-call"));
                        blockingCalls = pool;
                    }
                }
            }
            pool.execute(call);
        }
    }
}
