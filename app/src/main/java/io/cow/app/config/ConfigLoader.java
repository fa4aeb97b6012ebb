package io.cow.app.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cow.core.config.ConfigException;
import io.cow.core.config.Setting;
import io.cow.core.config.SettingsResolver;

import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** A config file is a few KB; a far larger one is not a config file (and would fill the heap). */
    static final long MAX_BYTES = 1 << 20;

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

    /**
     * Reads the file strictly, and says what is wrong without showing its lines: a line of a config file may hold a
     * secret (an API key), and none is registered for redaction before the file was read.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> read(Path file) {
        String text = text(file);
        if (text.isBlank()) {
            return Map.of();
        }
        refuseAliases(text, file);
        Object parsed;
        try {
            parsed = YAML.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new ConfigException(syntaxError(file, e));
        }
        if (parsed == null) {
            return Map.of();
        }
        if (!(parsed instanceof Map)) {
            throw new ConfigException("config file " + file + " must hold keys and values (like 'openaiApiKey: sk-...'), not a "
                    + (parsed instanceof List ? "list" : "single value"));
        }
        Map<String, Object> tree = new LinkedHashMap<>((Map<String, Object>) parsed);
        refuseKeysGivenTwice(tree, file);
        return tree;
    }

    /** The file as UTF-8 text; a file too large, or in another encoding, is refused with what to do about it. */
    private static String text(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new ConfigException("config file " + file + " is " + size / (1 << 20) + " MB, but a config file is a few KB "
                        + "(at most 1 MiB is read): is it the right file?");
            }
            byte[] bytes = Files.readAllBytes(file);
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw new ConfigException("config file " + file + " is not UTF-8 text (line " + firstBadLine(bytes) + " is not)"
                        + (looksLikeGbk(bytes) ? "; it looks like GBK, as Windows in Chinese saves text" : "")
                        + ": save it as UTF-8 (in Notepad: Save As, Encoding: UTF-8) and start again");
            }
        } catch (IOException e) {
            throw new ConfigException("config file " + file + " cannot be read: " + e.getMessage());
        }
    }

    private static int firstBadLine(byte[] bytes) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
        int line = 1;
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                try {
                    decoder.reset().decode(ByteBuffer.wrap(bytes, start, i - start));
                } catch (CharacterCodingException e) {
                    return line;
                }
                line++;
                start = i + 1;
            }
        }
        return line;
    }

    /** Text that GBK decodes without a fault and that holds Chinese characters: most likely saved as GBK. */
    private static boolean looksLikeGbk(byte[] bytes) {
        try {
            String text = Charset.forName("GBK").newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return text.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
        } catch (CharacterCodingException | RuntimeException e) {
            return false;
        }
    }

    /**
     * A YAML alias ({@code *name}) makes a value come from somewhere else in the file; in a config file that is a
     * surprise more often than a help (and aliases nested in aliases can make a small file huge), so it is refused.
     */
    private static void refuseAliases(String text, Path file) {
        try {
            for (Event event : new Yaml().parse(new StringReader(text))) {
                if (event instanceof AliasEvent alias) {
                    throw new ConfigException("config file " + file + " uses the YAML alias *" + alias.getAnchor() + " at line "
                            + (alias.getStartMark().getLine() + 1) + ": aliases are not read; write the value out where it is used");
                }
            }
        } catch (MarkedYAMLException e) {
            throw new ConfigException(syntaxError(file, e));
        } catch (YAMLException e) {
            throw new ConfigException("config file " + file + " is not valid YAML: " + e.getClass().getSimpleName());
        }
    }

    private static String syntaxError(Path file, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException marked) {
                Mark mark = marked.getProblemMark() != null ? marked.getProblemMark() : marked.getContextMark();
                String where = mark == null ? "" : " at " + at(mark);
                // What SnakeYAML says without its snippet of the line (that is in its toString only).
                Mark began = marked.getContextMark();
                String what = marked.getContext() == null ? marked.getProblem()
                        : marked.getContext() + (began == null || began == mark ? "" : " (begun at " + at(began) + ")")
                        + (marked.getProblem() == null ? "" : ", " + marked.getProblem());
                return "config file " + file + " is not valid YAML" + where + ": " + what
                        + " (the line is not shown: it may hold a secret)";
            }
        }
        if (e instanceof JsonProcessingException json) {
            JsonLocation at = json.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            String message = json.getOriginalMessage();
            if (message != null && message.startsWith("Duplicate field")) {
                return "config file " + file + " gives the key " + message.substring("Duplicate field ".length()) + " twice"
                        + where + ": keep one";
            }
            return "config file " + file + " is not valid YAML" + where + " (the line is not shown: it may hold a secret)";
        }
        return "config file " + file + " is not valid YAML";
    }

    private static String at(Mark mark) {
        return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }

    /** A key written flat ({@code model.name}) and nested ({@code model: {name: …}}) in one file: which one counts? */
    private static void refuseKeysGivenTwice(Map<String, Object> tree, Path file) {
        Map<String, Integer> seen = new LinkedHashMap<>();
        collectLeaves(tree, "", seen);
        List<String> twice = seen.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
        if (!twice.isEmpty()) {
            throw new ConfigException(twice.stream().map(key -> "config file " + file + " gives the key '" + key
                    + "' twice, written flat and nested: keep one").toList());
        }
    }

    private static void collectLeaves(Map<?, ?> tree, String prefix, Map<String, Integer> seen) {
        for (Map.Entry<?, ?> e : tree.entrySet()) {
            String path = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> child && !child.isEmpty()) {
                collectLeaves(child, path + ".", seen);
            } else {
                seen.merge(path, 1, Integer::sum);
            }
        }
    }
}
