package io.cow.app.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cow.core.config.ConfigException;
import io.cow.core.config.Setting;
import io.cow.core.config.SettingsResolver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds and reads config.yaml and resolves it with the environment: {@code --config}, else
 * {@code COW_CONFIG}, else {@code ./config.yaml} when it exists. No file at all is fine: the environment
 * may hold everything, as with the original bot.
 */
public final class ConfigLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /**
     * What was loaded.
     *
     * @param file the config file read, or null when there was none
     */
    public record Loaded(SettingsResolver.Result result, Path file) {
    }

    private ConfigLoader() {
    }

    /**
     * @param explicitFile the {@code --config} option, or null
     * @param env          the environment
     * @param overrides    values from command-line options, by key
     * @param known        every setting the application reads
     */
    public static Loaded load(Path explicitFile, Map<String, String> env, Map<String, Object> overrides, List<Setting<?>> known) {
        Path file = chooseFile(explicitFile, env);
        Map<String, Object> tree = file == null ? Map.of() : read(file);
        String name = file == null ? "(no config file)" : file.toString();
        return new Loaded(new SettingsResolver(known).resolve(tree, name, env, overrides), file);
    }

    private static Path chooseFile(Path explicitFile, Map<String, String> env) {
        if (explicitFile != null) {
            return mustExist(explicitFile, "--config");
        }
        String fromEnv = env.get("COW_CONFIG");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return mustExist(Path.of(fromEnv), "the environment variable COW_CONFIG");
        }
        Path local = Path.of("config.yaml");
        return Files.isRegularFile(local) ? local : null;
    }

    private static Path mustExist(Path file, String from) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config file " + file + " (from " + from + ") does not exist or is not a file");
        }
        return file;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> read(Path file) {
        try {
            String text = Files.readString(file);
            if (text.isBlank()) {
                return Map.of();
            }
            Object parsed = YAML.readValue(text, Object.class);
            if (parsed == null) {
                return Map.of();
            }
            if (!(parsed instanceof Map)) {
                throw new ConfigException("config file " + file + " must hold keys and values (like 'openaiApiKey: sk-...'), not a "
                        + (parsed instanceof List ? "list" : "single value"));
            }
            return new LinkedHashMap<>((Map<String, Object>) parsed);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ConfigException("config file " + file + " is not valid YAML" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException("config file " + file + " cannot be read: " + e.getMessage());
        }
    }
}
