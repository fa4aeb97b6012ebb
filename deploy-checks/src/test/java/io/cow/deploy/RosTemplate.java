package io.cow.deploy;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Compute Nest service's ROS template, {@code .computenest/ros_templates/template.yaml}, read as ROS reads
 * it (long-form functions only), with just enough of ROS's functions evaluated to produce the script the
 * RunCommand runs for a given set of parameter values.
 */
final class RosTemplate {

    static final String PATH = ".computenest/ros_templates/template.yaml";

    /** ROS's pseudo-parameters. */
    static final Set<String> PSEUDO_PARAMETERS = Set.of("ALIYUN::StackId", "ALIYUN::StackName", "ALIYUN::Region",
            "ALIYUN::AccountId", "ALIYUN::TenantId", "ALIYUN::NoValue", "ALIYUN::Index");

    /** {@code ${Name}} in Fn::Sub; {@code ${!Literal}} is ROS's escape for a literal {@code ${Literal}}. */
    static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    final JsonNode root;

    RosTemplate(JsonNode root) {
        this.root = root;
    }

    static RosTemplate load() {
        return new RosTemplate(Repo.yaml(PATH));
    }

    JsonNode parameters() {
        return root.path("Parameters");
    }

    JsonNode resources() {
        return root.path("Resources");
    }

    JsonNode conditions() {
        return root.path("Conditions");
    }

    Set<String> names(JsonNode section) {
        Set<String> names = new LinkedHashSet<>();
        section.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The one resource of this type. */
    JsonNode resourceOfType(String type) {
        List<JsonNode> found = new ArrayList<>();
        resources().forEach(r -> {
            if (type.equals(r.path("Type").asText())) {
                found.add(r);
            }
        });
        if (found.size() != 1) {
            throw new AssertionError("expected exactly one " + type + " in the template, found " + found.size());
        }
        return found.get(0);
    }

    /** The variable names of every {@code ${...}} of an Fn::Sub string, escapes ({@code ${!...}}) left out. */
    static List<String> subVariables(String text) {
        List<String> names = new ArrayList<>();
        Matcher m = SUB_VARIABLE.matcher(text);
        while (m.find()) {
            if (!m.group(1).startsWith("!")) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** The script of the RunCommand for these parameter values (missing ones take their defaults). */
    String runCommandScript(Map<String, String> values) {
        return evaluate(resourceOfType("ALIYUN::ECS::RunCommand").path("Properties").path("CommandContent"), values);
    }

    /** Evaluates a string-valued expression made of Ref, Fn::Base64Encode and Fn::Sub. */
    String evaluate(JsonNode node, Map<String, String> values) {
        if (node.isTextual() || node.isNumber() || node.isBoolean()) {
            return node.asText();
        }
        if (node.isObject() && node.size() == 1) {
            String function = node.fieldNames().next();
            JsonNode argument = node.get(function);
            switch (function) {
                case "Ref":
                    return ref(argument.asText(), values);
                case "Fn::Base64Encode":
                    return base64AsRosWritesIt(evaluate(argument, values));
                case "Fn::Sub":
                    return sub(argument, values);
                default:
                    break;
            }
        }
        throw new AssertionError("the test's evaluator does not know this expression: " + node);
    }

    private String ref(String name, Map<String, String> values) {
        if (values.containsKey(name)) {
            return values.get(name);
        }
        JsonNode parameter = parameters().get(name);
        if (parameter != null) {
            if (!parameter.has("Default")) {
                throw new AssertionError("no value given for the parameter " + name + ", which has no default");
            }
            return parameter.get("Default").asText();
        }
        return switch (name) {
            case "ALIYUN::Region" -> "cn-hangzhou";
            case "ALIYUN::StackName" -> "cow-check";
            case "ALIYUN::StackId" -> "0a1b2c3d-0000-4000-8000-000000000000";
            default -> throw new AssertionError("the test's evaluator cannot resolve Ref " + name);
        };
    }

    /** Like ROS: MIME Base64, a line break after every 76 characters, and one at the end. */
    static String base64AsRosWritesIt(String text) {
        String encoded = Base64.getMimeEncoder(76, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(text.getBytes(StandardCharsets.UTF_8));
        return encoded + "\n";
    }

    /** One pass over the string, as ROS does: substituted values are not scanned again. */
    private String sub(JsonNode argument, Map<String, String> values) {
        String text;
        JsonNode variables = null;
        if (argument.isArray()) {
            text = argument.get(0).asText();
            variables = argument.get(1);
        } else {
            text = argument.asText();
        }
        StringBuilder out = new StringBuilder();
        Matcher m = SUB_VARIABLE.matcher(text);
        while (m.find()) {
            String name = m.group(1);
            String replacement;
            if (name.startsWith("!")) {
                replacement = "${" + name.substring(1) + "}";
            } else if (variables != null && variables.has(name)) {
                replacement = evaluate(variables.get(name), values);
            } else {
                replacement = ref(name, values);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
