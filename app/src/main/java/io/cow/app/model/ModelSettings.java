package io.cow.app.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cow.core.config.InvalidValue;
import io.cow.core.config.Setting;
import io.cow.core.config.SettingType;
import io.cow.core.config.SettingTypes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The settings of model profiles: {@code models}, {@code model.profile}, {@code model.fallbacks}, {@code model.totalTimeout}. */
public final class ModelSettings {

    private ModelSettings() {
    }

    /** The keys a profile may have. */
    static final List<String> PROFILE_KEYS = List.of("name", "provider", "model", "baseUrl", "apiKey", "organizationId",
            "deployment", "apiVersion", "temperature", "maxTokens", "concurrency", "streaming", "inputPrice", "outputPrice");

    /**
     * One entry of {@code models} as written; what it leaves out is null and comes from the provider's defaults or
     * the general {@code model.*} settings.
     */
    record Entry(String name, ModelProvider provider, String model, String baseUrl, String apiKey, String organizationId,
                 String deployment, String apiVersion, Double temperature, Integer maxTokens, Integer concurrency,
                 Boolean streaming, Double inputPrice, Double outputPrice) {

        @Override
        public String toString() {
            return "profile " + name;
        }
    }

    public static final Setting<List<Entry>> MODELS = Setting.of("models", new ProfilesType(), List.of(),
            "model profiles: a list of {name, provider (" + String.join(", ", ModelProvider.ids()) + "), model, baseUrl, apiKey, "
                    + "temperature, maxTokens, concurrency, streaming, inputPrice, outputPrice; Azure: deployment, apiVersion}");

    public static final Setting<String> MODEL_PROFILE = Setting.of("model.profile", SettingTypes.nonEmptyString(), "default",
            "the profile that answers unless a chat rule or #model says otherwise; 'default' is the one model.* and openaiApiKey define");

    public static final Setting<List<String>> MODEL_FALLBACKS = Setting.of("model.fallbacks", SettingTypes.stringList(), List.of(),
            "profiles asked in turn when the chosen one fails (after its retries; at once on 401, 403, 404)");

    public static final Setting<Duration> MODEL_TOTAL_TIMEOUT = Setting.of("model.totalTimeout",
            SettingTypes.duration(Duration.ofSeconds(1), Duration.ofHours(1)), Duration.ofMinutes(3),
            "the longest one answer may take, retries and fallbacks included (model.timeout only bounds silence)");

    /** The API keys of the profiles in {@code models}, to be kept out of logs. */
    public static List<String> apiKeys(io.cow.core.config.Settings settings) {
        return settings.get(MODELS).stream().map(Entry::apiKey).filter(key -> !key.isBlank()).toList();
    }

    public static List<Setting<?>> all() {
        return List.of(MODELS, MODEL_PROFILE, MODEL_FALLBACKS, MODEL_TOTAL_TIMEOUT);
    }

    /** A list of profiles: in YAML a list of maps, in an environment variable the same as JSON or YAML flow text. */
    private static final class ProfilesType implements SettingType<List<Entry>> {

        private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

        @Override
        public List<Entry> parse(Object raw) {
            Object value = raw instanceof String text ? readText(text) : raw;
            if (!(value instanceof Collection<?> items)) {
                throw new InvalidValue("must be a list of profiles, each with at least name, provider and model");
            }
            List<Entry> entries = new ArrayList<>();
            Set<String> names = new HashSet<>();
            int index = 0;
            for (Object item : items) {
                Entry entry = entry(item, index++);
                if (!names.add(entry.name())) {
                    throw new InvalidValue("two profiles are named '" + entry.name() + "'");
                }
                entries.add(entry);
            }
            return List.copyOf(entries);
        }

        private static Object readText(String text) {
            if (text.isBlank()) {
                return List.of();
            }
            try {
                return YAML.readValue(text, Object.class);
            } catch (Exception e) {
                throw new InvalidValue("is not a list of profiles in JSON or YAML: " + e.getMessage().lines().findFirst().orElse(""));
            }
        }

        private static Entry entry(Object item, int index) {
            if (!(item instanceof Map<?, ?> map)) {
                throw new InvalidValue("models[" + index + "] must be a profile: keys and values such as name, provider, model");
            }
            Map<String, Object> keys = new LinkedHashMap<>();
            map.forEach((k, v) -> keys.put(String.valueOf(k), v));
            String name = text(keys.get("name"));
            if (name.isBlank()) {
                throw new InvalidValue("models[" + index + "] has no name");
            }
            Fields f = new Fields(name, index, keys);
            for (String key : keys.keySet()) {
                if (!PROFILE_KEYS.contains(key)) {
                    throw f.wrong(key, "is not a key of a profile; use " + String.join(", ", PROFILE_KEYS));
                }
            }
            String providerId = f.text("provider", "openai");
            ModelProvider provider = ModelProvider.of(providerId)
                    .orElseThrow(() -> f.wrong("provider", "'" + providerId + "' is not a provider; use one of: " + String.join(", ", ModelProvider.ids())));
            String model = f.text("model", "");
            if (model.isBlank() && !(provider == ModelProvider.AZURE_OPENAI && !f.text("deployment", "").isBlank())) {
                throw f.wrong("model", "is missing: name the model to ask, such as gpt-4o, claude-sonnet-4-5, gemini-2.5-flash, qwen3");
            }
            String baseUrl = f.url("baseUrl", provider);
            String apiKey = f.text("apiKey", "");
            if (provider.needsApiKey() && apiKey.isBlank()) {
                throw f.wrong("apiKey", "is missing: provider " + provider.id() + " needs an API key");
            }
            if (apiKey.chars().anyMatch(Character::isISOControl)) {
                throw f.wrong("apiKey", "holds a line break or another control character (pasted with the line end?); "
                        + "write it on one line");
            }
            String deployment = f.text("deployment", "");
            String apiVersion = f.text("apiVersion", "");
            if (provider == ModelProvider.AZURE_OPENAI && deployment.isBlank()) {
                deployment = model;
            }
            return new Entry(name, provider, model.isBlank() ? deployment : model, baseUrl, apiKey, f.text("organizationId", ""),
                    deployment, apiVersion, f.number("temperature", 0, 2), f.whole("maxTokens", 0, 1_000_000),
                    f.whole("concurrency", 1, 1024), f.bool("streaming"), f.number("inputPrice", 0, 1_000_000),
                    f.number("outputPrice", 0, 1_000_000));
        }

        private static String text(Object value) {
            return value == null ? "" : String.valueOf(value).trim();
        }

        @Override
        public String allowed() {
            return "a list of profiles, each with name, provider, model and (except for ollama) apiKey";
        }

        @Override
        public String format(List<Entry> value) {
            if (value == null || value.isEmpty()) {
                return "(none)";
            }
            return value.stream().map(e -> e.name() + " = " + e.provider().id() + " " + e.model()).reduce((a, b) -> a + "; " + b).orElse("");
        }
    }

    /** Reads the keys of one profile, with errors that name the profile and the key. */
    private record Fields(String name, int index, Map<String, Object> keys) {

        InvalidValue wrong(String key, String what) {
            return new InvalidValue("profile '" + name + "' (models[" + index + "]), key '" + key + "': " + what);
        }

        String text(String key, String otherwise) {
            Object value = keys.get(key);
            if (value instanceof Map || value instanceof Collection) {
                throw wrong(key, "must be text");
            }
            return value == null ? otherwise : String.valueOf(value).trim();
        }

        String url(String key, ModelProvider provider) {
            String given = text(key, "");
            if (given.isEmpty()) {
                return provider.defaultBaseUrl()
                        .orElseThrow(() -> wrong(key, "is missing: provider " + provider.id() + " needs the resource's endpoint, such as https://NAME.openai.azure.com"));
            }
            try {
                return SettingTypes.httpUrl().parse(given);
            } catch (IllegalArgumentException e) {
                throw wrong(key, "'" + given + "' is not allowed; use an http:// or https:// URL");
            }
        }

        Double number(String key, double min, double max) {
            Object value = keys.get(key);
            if (value == null) {
                return null;
            }
            try {
                return SettingTypes.decimal(min, max).parse(value);
            } catch (IllegalArgumentException e) {
                throw wrong(key, "'" + value + "' is not allowed; use " + SettingTypes.decimal(min, max).allowed());
            }
        }

        Integer whole(String key, int min, int max) {
            Object value = keys.get(key);
            if (value == null) {
                return null;
            }
            try {
                return SettingTypes.integer(min, max).parse(value);
            } catch (IllegalArgumentException e) {
                throw wrong(key, "'" + value + "' is not allowed; use " + SettingTypes.integer(min, max).allowed());
            }
        }

        Boolean bool(String key) {
            Object value = keys.get(key);
            if (value == null) {
                return null;
            }
            try {
                return SettingTypes.bool().parse(value);
            } catch (IllegalArgumentException e) {
                throw wrong(key, "'" + value + "' is not allowed; use true or false");
            }
        }
    }
}
