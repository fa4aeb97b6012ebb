package io.cow.core.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The configured model profiles by name: which one is the default, and an {@link Answerer} for each that falls back
 * along {@code model.fallbacks} when it fails. A profile's client is made the first time the profile is asked, so
 * that providers nobody uses are never loaded.
 */
public final class ModelProfiles {

    /** The name of the profile that {@code model.*} and the original bot's keys define. */
    public static final String DEFAULT = "default";

    private final String defaultName;
    private final Map<String, Supplier<Answerer>> makers;
    private final List<String> fallbacks;
    private final Duration totalTimeout;
    private final Map<String, Answerer> made = new ConcurrentHashMap<>();
    private final Map<String, Answerer> chains = new ConcurrentHashMap<>();

    /**
     * @param defaultName  the profile asked unless a chat's rule or command names another
     * @param makers       each profile's client, by name, in the order of the configuration
     * @param fallbacks    the profiles asked, in order, when the chosen one fails
     * @param totalTimeout the longest one answer may take, all profiles and retries included
     */
    public ModelProfiles(String defaultName, Map<String, Supplier<Answerer>> makers, List<String> fallbacks, Duration totalTimeout) {
        if (!makers.containsKey(defaultName)) {
            throw new IllegalArgumentException("no profile named " + defaultName);
        }
        for (String fallback : fallbacks) {
            if (!makers.containsKey(fallback)) {
                throw new IllegalArgumentException("no profile named " + fallback);
            }
        }
        this.defaultName = defaultName;
        this.makers = new LinkedHashMap<>(makers);
        this.fallbacks = List.copyOf(fallbacks);
        this.totalTimeout = totalTimeout;
    }

    /** One profile, {@value #DEFAULT}, answered by this answerer; for tests and tools. */
    public static ModelProfiles single(Answerer answerer) {
        return new ModelProfiles(DEFAULT, Map.of(DEFAULT, () -> answerer), List.of(), Duration.ofHours(1));
    }

    /**
     * The same profiles with each profile's client wrapped (to time or count the calls; fallbacks and the total time
     * limit stay as they are).
     */
    public ModelProfiles eachClient(java.util.function.UnaryOperator<Answerer> wrap) {
        Map<String, Supplier<Answerer>> wrapped = new LinkedHashMap<>();
        makers.forEach((name, maker) -> wrapped.put(name, () -> wrap.apply(maker.get())));
        return new ModelProfiles(defaultName, wrapped, fallbacks, totalTimeout);
    }

    public String defaultName() {
        return defaultName;
    }

    /** Every profile's name, in the order of the configuration. */
    public List<String> names() {
        return List.copyOf(makers.keySet());
    }

    public boolean has(String name) {
        return makers.containsKey(name);
    }

    /** Asks this profile, then the fallbacks that are not this profile, in order, until one answers. */
    public Answerer answerer(String name) {
        String profile = has(name) ? name : defaultName;
        return chains.computeIfAbsent(profile, first -> {
            List<FallbackAnswerer.Link> chain = new ArrayList<>();
            chain.add(new FallbackAnswerer.Link(first, client(first)));
            for (String fallback : fallbacks) {
                if (!fallback.equals(first)) {
                    chain.add(new FallbackAnswerer.Link(fallback, client(fallback)));
                }
            }
            return new FallbackAnswerer(chain, totalTimeout);
        });
    }

    /** This profile's own client, without fallbacks (made when first asked). */
    public Answerer client(String name) {
        Supplier<Answerer> maker = makers.get(name);
        if (maker == null) {
            throw new IllegalArgumentException("no profile named " + name);
        }
        return new LazyAnswerer(() -> made.computeIfAbsent(name, n -> maker.get()));
    }

    /** Makes the client on the first question, on the asking thread. */
    private record LazyAnswerer(Supplier<Answerer> client) implements Answerer {
        @Override
        public Answer answer(List<dev.langchain4j.data.message.ChatMessage> messages, java.util.function.Consumer<String> onPartial)
                throws ModelCallException {
            return client.get().answer(messages, onPartial);
        }

        @Override
        public java.util.concurrent.CompletableFuture<Answer> ask(List<dev.langchain4j.data.message.ChatMessage> messages,
                                                                  java.util.function.Consumer<String> onPartial) {
            return client.get().ask(messages, onPartial);
        }
    }
}
