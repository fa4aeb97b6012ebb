package io.cow.app.model;

import io.cow.core.config.ConfigException;
import io.cow.core.config.CoreSettings;
import io.cow.core.config.Settings;
import io.cow.core.model.ModelProfiles;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The model profiles as configured and checked: the profile {@value ModelProfiles#DEFAULT} that {@code model.*} and
 * the original bot's keys define, then those of {@code models}, which take what they leave out from {@code model.*}.
 *
 * @param profiles  every profile by name, in the order of the configuration
 * @param chosen    the profile that answers unless a chat says otherwise ({@code model.profile})
 * @param fallbacks the profiles asked in turn when the chosen one fails
 */
public record ModelConfig(Map<String, ModelProfile> profiles, String chosen, List<String> fallbacks) {

    /**
     * Reads and checks the profiles.
     *
     * @param alsoUsed profiles named elsewhere, by the key that names them (chat rules, the summary profile): they must
     *                 exist and be usable
     * @throws ConfigException naming each profile and key that is wrong
     */
    public static ModelConfig from(Settings settings, Map<String, Set<String>> alsoUsed) {
        Map<String, ModelProfile> profiles = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        profiles.put(ModelProfiles.DEFAULT, defaultProfile(settings));
        for (ModelSettings.Entry entry : settings.get(ModelSettings.MODELS)) {
            if (entry.name().equals(ModelProfiles.DEFAULT)) {
                problems.add("config key 'models': the profile name '" + ModelProfiles.DEFAULT
                        + "' is taken by the one model.* and openaiApiKey define; give this profile another name");
                continue;
            }
            profiles.put(entry.name(), resolve(entry, settings));
        }
        String chosen = settings.get(ModelSettings.MODEL_PROFILE);
        List<String> fallbacks = settings.get(ModelSettings.MODEL_FALLBACKS);
        check(profiles, "model.profile", List.of(chosen), problems);
        check(profiles, "model.fallbacks", fallbacks, problems);
        alsoUsed.forEach((key, names) -> check(profiles, key, List.copyOf(names), problems));
        Set<String> used = new LinkedHashSet<>();
        used.add(chosen);
        used.addAll(fallbacks);
        alsoUsed.values().forEach(used::addAll);
        if (used.contains(ModelProfiles.DEFAULT) && profiles.get(ModelProfiles.DEFAULT).apiKey().isBlank()) {
            problems.add("No API key for the model: set openaiApiKey in config.yaml or the environment variable OPENAI_API_KEY "
                    + "(for a local server that needs none, such as Ollama, any text will do)"
                    + (settings.get(ModelSettings.MODELS).isEmpty() ? "" : ", or make model.profile name one of the profiles in models"));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new ModelConfig(java.util.Collections.unmodifiableMap(profiles), chosen, List.copyOf(fallbacks));
    }

    /** The profiles' names in the order of the configuration. */
    public List<String> names() {
        return profiles.keySet().stream().toList();
    }

    private static void check(Map<String, ModelProfile> profiles, String key, List<String> names, List<String> problems) {
        for (String name : names) {
            if (!profiles.containsKey(name)) {
                problems.add("config key '" + key + "': there is no model profile named '" + name + "'; profiles: "
                        + String.join(", ", profiles.keySet()));
            }
        }
    }

    /** The profile the original bot's keys and {@code model.*} describe: an OpenAI-compatible API. */
    static ModelProfile defaultProfile(Settings s) {
        return new ModelProfile(ModelProfiles.DEFAULT, ModelProvider.OPENAI, s.get(CoreSettings.MODEL_NAME),
                s.get(CoreSettings.MODEL_BASE_URL), s.get(CoreSettings.OPENAI_API_KEY), s.get(CoreSettings.OPENAI_ORGANIZATION_ID),
                "", "", s.get(CoreSettings.MODEL_TEMPERATURE), s.get(CoreSettings.MODEL_MAX_TOKENS),
                s.get(CoreSettings.MODEL_CONCURRENCY), s.get(CoreSettings.MODEL_STREAMING), 0, 0);
    }

    private static ModelProfile resolve(ModelSettings.Entry e, Settings s) {
        return new ModelProfile(e.name(), e.provider(), e.model(), e.baseUrl(), e.apiKey(), e.organizationId(), e.deployment(),
                e.apiVersion().isBlank() && e.provider() == ModelProvider.AZURE_OPENAI ? AZURE_API_VERSION : e.apiVersion(),
                e.temperature() != null ? e.temperature() : s.get(CoreSettings.MODEL_TEMPERATURE),
                e.maxTokens() != null ? e.maxTokens() : s.get(CoreSettings.MODEL_MAX_TOKENS),
                e.concurrency() != null ? e.concurrency() : s.get(CoreSettings.MODEL_CONCURRENCY),
                e.streaming() != null ? e.streaming() : s.get(CoreSettings.MODEL_STREAMING),
                e.inputPrice() == null ? 0 : e.inputPrice(), e.outputPrice() == null ? 0 : e.outputPrice());
    }

    /** Azure OpenAI's GA data-plane API version, used when a profile names none. */
    static final String AZURE_API_VERSION = "2024-10-21";
}
