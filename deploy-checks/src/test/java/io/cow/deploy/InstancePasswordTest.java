package io.cow.deploy;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The instance password's constraints, read from the template, accept exactly what the seed's rule accepts:
 * 8 to 30 characters, only letters, digits and {@code ()`~!@#$%^&*-+=|{}[]:;'<>,.?/}, and at least three of
 * upper case, lower case, digits and those specials.
 */
class InstancePasswordTest {

    private static final String SPECIALS = "()`~!@#$%^&*-+=|{}[]:;'<>,.?/";

    /** Each password with the seed rule's verdict, worked out by hand. */
    private static final Map<String, Boolean> TABLE = new LinkedHashMap<>();

    static {
        // accepted
        TABLE.put("Abcdef12", true);                          // 8 characters: upper, lower, digits
        TABLE.put("Aa1!Aa1!", true);                          // 8 characters, all four kinds
        TABLE.put("abcdef1!", true);                          // lower, digit, special
        TABLE.put("ABCDEF1!", true);                          // upper, digit, special
        TABLE.put("Abcdefg!", true);                          // upper, lower, special
        TABLE.put("P@ssw0rd", true);
        TABLE.put("abcdefghij1234567890ABCDEFGHIJ", true);    // exactly 30
        TABLE.put("[]{}|'<>,.?/a1", true);                    // brackets, quote and slash are specials
        TABLE.put("zz99''''", true);
        TABLE.put("x9()`~!@#$%^&*-+=|{}[]:;'<>,.", true);     // 29 characters, nearly every special
        // rejected
        TABLE.put("", false);
        TABLE.put("Ab1!", false);                             // 4 characters
        TABLE.put("Abc1!xy", false);                          // 7 characters
        TABLE.put("${Ab12}", false);                          // 7 characters, whatever they are
        TABLE.put("Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1", false);  // 31 characters
        TABLE.put("abcdefgh", false);                         // one kind
        TABLE.put("abcdefg1", false);                         // two kinds: lower, digits
        TABLE.put("Abcdefgh", false);                         // two kinds: upper, lower
        TABLE.put("ABCDEFG!", false);                         // two kinds: upper, special
        TABLE.put("12345678!", false);                        // two kinds: digits, special
        TABLE.put("Abc 12345", false);                        // a space is not allowed
        TABLE.put("Abc_12345", false);                        // '_' is not in the seed's list
        TABLE.put("Abc12345\"", false);                       // '"' is not in the list
        TABLE.put("Abc12345\\", false);                       // '\' is not in the list
        TABLE.put("密码Abc12345", false);                      // nor are other letters
        TABLE.put("ÄbcdefG1", false);
        TABLE.put("Abcdef12\n", false);                       // a line break, even at the end
        TABLE.put("Abcdefg\t1", false);
    }

    private final JsonNode password = RosTemplate.load().parameters().path("InstancePassword");
    private final String pattern = password.path("AllowedPattern").asText();
    private final int minLength = password.path("MinLength").asInt(-1);
    private final int maxLength = password.path("MaxLength").asInt(-1);

    /** The seed's rule, written out plainly, to prove the table right. */
    private static boolean seedRule(String candidate) {
        if (candidate.length() < 8 || candidate.length() > 30) {
            return false;
        }
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        boolean special = false;
        for (char c : candidate.toCharArray()) {
            if (c >= 'A' && c <= 'Z') {
                upper = true;
            } else if (c >= 'a' && c <= 'z') {
                lower = true;
            } else if (c >= '0' && c <= '9') {
                digit = true;
            } else if (SPECIALS.indexOf(c) >= 0) {
                special = true;
            } else {
                return false;
            }
        }
        return (upper ? 1 : 0) + (lower ? 1 : 0) + (digit ? 1 : 0) + (special ? 1 : 0) >= 3;
    }

    /** What the template accepts: its length limits and its pattern, which must match the whole value. */
    private boolean templateAccepts(String candidate) {
        return candidate.length() >= minLength && candidate.length() <= maxLength
                && Pattern.compile(pattern).matcher(candidate).matches();
    }

    @Test
    void theTableHasAtLeastTwentyCasesAndFollowsTheSeedsRule() {
        assertThat(TABLE).hasSizeGreaterThanOrEqualTo(20);
        TABLE.forEach((candidate, expected) -> assertThat(seedRule(candidate)).as("seed rule on %s", candidate).isEqualTo(expected));
    }

    @Test
    void theConstraintsAreTheSeedsAndNoEcho() {
        assertThat(minLength).isEqualTo(8);
        assertThat(maxLength).isEqualTo(30);
        assertThat(password.path("NoEcho").asBoolean()).isTrue();
        assertThat(password.path("ConstraintDescription").path("zh-cn").asText()).contains("长度8-30", "三项", SPECIALS);
        assertThat(password.path("Description").path("zh-cn").asText()).contains(SPECIALS);
    }

    @Test
    void theTemplatesPatternAndLengthsAcceptAndRejectExactlyTheTable() {
        List<String> wrong = new ArrayList<>();
        TABLE.forEach((candidate, expected) -> {
            if (templateAccepts(candidate) != expected) {
                wrong.add((expected ? "rejects " : "accepts ") + printable(candidate));
            }
        });
        assertThat(wrong).as("pattern %s", pattern).isEmpty();
    }

    /** The console checks the form in the browser: JavaScript's regular expressions must agree. */
    @Test
    void javaScriptAgrees(@TempDir Path dir) throws IOException {
        Optional<Path> node = Tools.onPath("node");
        Assumptions.assumeTrue(node.isPresent(), "node is not installed; the JavaScript check is skipped");
        Path script = dir.resolve("check.js");
        Files.writeString(script, """
                const [pattern, min, max, json] = process.argv.slice(2);
                const whole = new RegExp('^(?:' + pattern + ')$');
                const out = JSON.parse(json).map(p => p.length >= +min && p.length <= +max && whole.test(p));
                console.log(JSON.stringify(out));
                """);
        assertThat(runVerdicts(List.of(node.get().toString(), script.toString()), dir)).isEqualTo(expectedVerdicts());
    }

    /** ROS evaluates the template in its service (Python-style regular expressions): Python's must agree. */
    @Test
    void pythonAgrees(@TempDir Path dir) throws IOException {
        Optional<Path> python = Tools.onPath("python3");
        Assumptions.assumeTrue(python.isPresent(), "python3 is not installed; the Python check is skipped");
        Path script = dir.resolve("check.py");
        Files.writeString(script, """
                import json, re, sys
                pattern, lo, hi, cases = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), json.loads(sys.argv[4])
                print(json.dumps([lo <= len(p) <= hi and re.fullmatch(pattern, p) is not None for p in cases]))
                """);
        assertThat(runVerdicts(List.of(python.get().toString(), script.toString()), dir)).isEqualTo(expectedVerdicts());
    }

    private List<Boolean> expectedVerdicts() {
        return new ArrayList<>(TABLE.values());
    }

    private List<Boolean> runVerdicts(List<String> interpreter, Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ArrayNode cases = json.createArrayNode();
        TABLE.keySet().forEach(cases::add);
        List<String> command = new ArrayList<>(interpreter);
        // Non-ASCII characters escaped (\\uXXXX): a process's arguments pass through the locale, which may be ASCII.
        String casesJson = json.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsString(cases);
        command.addAll(List.of(pattern, String.valueOf(minLength), String.valueOf(maxLength), casesJson));
        Processes.Result result = Processes.run(command, dir, Map.of(), Duration.ofSeconds(30));
        assertThat(result.exitCode()).as(result.all()).isZero();
        List<Boolean> verdicts = new ArrayList<>();
        json.readTree(result.stdout()).forEach(v -> verdicts.add(v.asBoolean()));
        return verdicts;
    }

    private static String printable(String s) {
        return "\"" + s.replace("\n", "\\n").replace("\t", "\\t") + "\"";
    }
}
