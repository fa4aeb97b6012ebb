package io.cow.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The ROS template is well formed: every reference resolves, every parameter is used and shown in a group. */
class RosTemplateTest {

    private final RosTemplate template = RosTemplate.load();

    /** What walking Resources, Outputs and Conditions found. */
    private static final class Walk {
        final List<String> problems = new ArrayList<>();
        final Set<String> usedParameters = new LinkedHashSet<>();
        /** Parameters referenced only under the true branch of Fn::If on these conditions, by parameter. */
        final Map<String, Set<String>> guardingConditions = new HashMap<>();
        final Set<String> unguardedParameters = new LinkedHashSet<>();
    }

    private Walk walk() {
        Set<String> parameters = template.names(template.parameters());
        Set<String> resources = template.names(template.resources());
        Set<String> conditions = template.names(template.conditions());
        Walk walk = new Walk();
        for (String section : List.of("Resources", "Outputs", "Conditions")) {
            template.root.path(section).fields().forEachRemaining(e ->
                    visit(e.getValue(), section + "." + e.getKey(), parameters, resources, conditions, List.of(), walk));
        }
        template.resources().fields().forEachRemaining(e -> {
            JsonNode condition = e.getValue().get("Condition");
            if (condition != null && !conditions.contains(condition.asText())) {
                walk.problems.add("Resources." + e.getKey() + ": Condition " + condition.asText() + " is not in Conditions");
            }
        });
        return walk;
    }

    private void visit(JsonNode node, String where, Set<String> parameters, Set<String> resources, Set<String> conditions,
                       List<String> guards, Walk walk) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                visit(node.get(i), where + "[" + i + "]", parameters, resources, conditions, guards, walk);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        if (node.size() == 1 && node.has("Ref")) {
            String name = node.get("Ref").asText();
            checkName(name, where + ".Ref", parameters, resources, Map.of(), guards, walk);
            return;
        }
        if (node.size() == 1 && node.has("Fn::GetAtt")) {
            JsonNode args = node.get("Fn::GetAtt");
            if (!args.isArray() || args.size() != 2 || !resources.contains(args.get(0).asText())) {
                walk.problems.add(where + ": Fn::GetAtt " + args + " does not name a resource and an attribute");
            }
            return;
        }
        if (node.size() == 1 && node.has("Fn::Sub")) {
            JsonNode args = node.get("Fn::Sub");
            String text = args.isArray() ? args.get(0).asText() : args.asText();
            Map<String, JsonNode> variables = new HashMap<>();
            if (args.isArray()) {
                if (args.size() != 2 || !args.get(1).isObject()) {
                    walk.problems.add(where + ": Fn::Sub needs [string, {variables}]");
                } else {
                    args.get(1).fields().forEachRemaining(v -> variables.put(v.getKey(), v.getValue()));
                    args.get(1).fields().forEachRemaining(v -> visit(v.getValue(), where + ".Fn::Sub." + v.getKey(),
                            parameters, resources, conditions, guards, walk));
                }
            }
            if (text.replaceAll(RosTemplate.SUB_VARIABLE.pattern(), "").contains("${")) {
                walk.problems.add(where + ": an unclosed ${ in Fn::Sub");
            }
            for (String name : RosTemplate.subVariables(text)) {
                if (name.contains(".")) {
                    String resource = name.substring(0, name.indexOf('.'));
                    if (!resources.contains(resource)) {
                        walk.problems.add(where + ": ${" + name + "} does not name a resource attribute");
                    }
                } else {
                    checkName(name, where + ".Fn::Sub ${" + name + "}", parameters, resources, variables, guards, walk);
                }
            }
            return;
        }
        if (node.size() == 1 && node.has("Fn::If")) {
            JsonNode args = node.get("Fn::If");
            if (!args.isArray() || args.size() != 3 || !conditions.contains(args.get(0).asText())) {
                walk.problems.add(where + ": Fn::If " + args + " does not start with a condition of the template");
                return;
            }
            List<String> inner = new ArrayList<>(guards);
            inner.add(args.get(0).asText());
            visit(args.get(1), where + ".Fn::If.then", parameters, resources, conditions, inner, walk);
            visit(args.get(2), where + ".Fn::If.else", parameters, resources, conditions, guards, walk);
            return;
        }
        node.fields().forEachRemaining(e -> visit(e.getValue(), where + "." + e.getKey(), parameters, resources, conditions, guards, walk));
    }

    private void checkName(String name, String where, Set<String> parameters, Set<String> resources,
                           Map<String, JsonNode> variables, List<String> guards, Walk walk) {
        if (variables.containsKey(name)) {
            return;
        }
        if (parameters.contains(name)) {
            walk.usedParameters.add(name);
            if (guards.isEmpty()) {
                walk.unguardedParameters.add(name);
            } else {
                walk.guardingConditions.computeIfAbsent(name, k -> new LinkedHashSet<>()).addAll(guards);
            }
            return;
        }
        if (!resources.contains(name) && !RosTemplate.PSEUDO_PARAMETERS.contains(name)) {
            walk.problems.add(where + ": " + name + " is neither a parameter, a resource nor a pseudo-parameter");
        }
    }

    @Test
    void isAVersion20150901TemplateWithParametersResourcesAndOutputs() {
        assertThat(template.root.path("ROSTemplateFormatVersion").asText()).isEqualTo("2015-09-01");
        assertThat(template.names(template.parameters())).isNotEmpty();
        assertThat(template.names(template.resources())).isNotEmpty();
        assertThat(template.names(template.root.path("Outputs"))).isNotEmpty();
    }

    @Test
    void everyRefGetAttSubAndConditionNamesSomethingThatExists() {
        assertThat(walk().problems).isEmpty();
    }

    @Test
    void everyParameterIsUsedByAResourceOrOutput() {
        assertThat(walk().usedParameters).containsExactlyInAnyOrderElementsOf(template.names(template.parameters()));
    }

    @Test
    void everyParameterAppearsInExactlyOneParameterGroup() {
        JsonNode groups = template.root.path("Metadata").path("ALIYUN::ROS::Interface").path("ParameterGroups");
        assertThat(groups.isArray()).as("Metadata.ALIYUN::ROS::Interface.ParameterGroups").isTrue();
        List<String> grouped = new ArrayList<>();
        groups.forEach(g -> {
            assertThat(g.path("Label").path("default").isMissingNode()).as("label of group " + g).isFalse();
            g.path("Parameters").forEach(p -> grouped.add(p.asText()));
        });
        assertThat(grouped).doesNotHaveDuplicates();
        assertThat(grouped).containsExactlyInAnyOrderElementsOf(template.names(template.parameters()));
    }

    @Test
    void parameterMetadataReferencesNameParameters() {
        Set<String> parameters = template.names(template.parameters());
        List<String> problems = new ArrayList<>();
        template.parameters().fields().forEachRemaining(p -> {
            String metadata = p.getValue().path("AssociationPropertyMetadata").toString();
            for (String name : RosTemplate.subVariables(metadata)) {
                if (!parameters.contains(name)) {
                    problems.add(p.getKey() + ": ${" + name + "} is not a parameter");
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void periodParametersAreShownAndUsedOnlyForPrePaid() {
        JsonNode prePaid = template.conditions().path("IsPrePaid").path("Fn::Equals");
        assertThat(prePaid.toString()).contains("\"PrePaid\"").contains("{\"Ref\":\"PayType\"}");
        Walk walk = walk();
        for (String name : List.of("PayPeriod", "PayPeriodUnit")) {
            JsonNode visible = template.parameters().path(name).path("AssociationPropertyMetadata").path("Visible").path("Condition");
            assertThat(visible.toString()).as(name + " is visible only for PrePaid").contains("${PayType}").contains("PrePaid");
            assertThat(walk.unguardedParameters).as(name + " is used outside Fn::If IsPrePaid").doesNotContain(name);
            assertThat(walk.guardingConditions.get(name)).as(name).containsExactly("IsPrePaid");
        }
        assertThat(template.parameters().path("PayType").path("AllowedValues").toString()).contains("PostPaid", "PrePaid");
    }

    @Test
    void secretsAreNoEchoAndTheNetworkIsChosenByZoneAndVpc() {
        assertThat(template.parameters().path("InstancePassword").path("NoEcho").asBoolean()).isTrue();
        assertThat(template.parameters().path("OpenAIApiKey").path("NoEcho").asBoolean()).isTrue();
        assertThat(template.parameters().path("OpenAIApiKey").has("Default")).as("the API key is required").isFalse();
        JsonNode vswitch = template.parameters().path("VSwitchId");
        assertThat(vswitch.path("AssociationProperty").asText()).isEqualTo("ALIYUN::ECS::VSwitch::VSwitchId");
        assertThat(vswitch.path("AssociationPropertyMetadata").path("VpcId").asText()).isEqualTo("${VpcId}");
        assertThat(vswitch.path("AssociationPropertyMetadata").path("ZoneId").asText()).isEqualTo("${ZoneId}");
        JsonNode instanceType = template.parameters().path("EcsInstanceType");
        assertThat(instanceType.path("AssociationProperty").asText()).isEqualTo("ALIYUN::ECS::Instance::InstanceType");
        assertThat(instanceType.path("AssociationPropertyMetadata").path("Constraints").path("InstanceTypeFamily").toString())
                .contains("ecs.u1", "ecs.e");
        assertThat(template.parameters().path("ZoneId").path("AssociationProperty").asText()).isEqualTo("ALIYUN::ECS::Instance::ZoneId");
        assertThat(template.parameters().path("VpcId").path("AssociationProperty").asText()).isEqualTo("ALIYUN::ECS::VPC::VPCId");
    }

    @Test
    void theSoftwareParametersHaveTheDefaultsOfTheBot() {
        JsonNode p = template.parameters();
        assertThat(p.path("OpenAIOrganizationID").path("Default").asText()).isEmpty();
        assertThat(p.path("ChatgptTriggerKeyword").path("Default").asText()).isEmpty();
        assertThat(p.path("ChatgptTriggerKeyword").path("Description").path("zh-cn").asText())
                .contains("私聊中的每条消息都会触发自动回复").contains("@机器人");
        assertThat(p.path("ModelName").path("Default").asText()).isEqualTo("gpt-4o");
        assertThat(p.path("ModelBaseUrl").path("Default").asText()).isEqualTo("https://api.openai.com/v1");
        assertThat(p.path("Channel").path("Default").asText()).isEqualTo("web");
    }

    @Test
    void theSecurityGroupOpensSshAndTheConsolePortOnlyWhenAConsolePasswordIsGiven() {
        JsonNode ingress = template.resourceOfType("ALIYUN::ECS::SecurityGroup").path("Properties").path("SecurityGroupIngress");
        assertThat(ingress.size()).isEqualTo(2);
        assertThat(ingress.get(0).path("PortRange").asText()).isEqualTo("22/22");
        assertThat(ingress.get(0).path("IpProtocol").asText()).isEqualTo("tcp");
        JsonNode console = ingress.get(1).path("Fn::If");
        assertThat(console.get(0).asText()).isEqualTo("HasConsolePassword");
        assertThat(console.get(1).path("PortRange").asText()).isEqualTo("9899/9899");
        assertThat(console.get(2).path("Ref").asText()).isEqualTo("ALIYUN::NoValue");
        assertThat(template.root.path("Conditions").path("HasConsolePassword").toString())
                .isEqualTo("{\"Fn::Not\":{\"Fn::Equals\":[\"\",{\"Ref\":\"ConsolePassword\"}]}}");
    }

    @Test
    void theConsolePasswordIsOptionalSecretAndLongEnoughAndTheOutputsGiveTheConsoleAddress() {
        JsonNode password = template.parameters().path("ConsolePassword");
        assertThat(password.path("NoEcho").asBoolean()).isTrue();
        assertThat(password.path("Default").asText()).isEmpty();
        Pattern allowed = Pattern.compile(password.path("AllowedPattern").asText());
        assertThat(allowed.matcher("").matches()).as("empty: no console from outside").isTrue();
        assertThat(allowed.matcher("Secret-99").matches()).isTrue();
        assertThat(allowed.matcher("short").matches()).as("too short").isFalse();
        assertThat(allowed.matcher("with space 1").matches()).isFalse();
        JsonNode address = template.root.path("Outputs").path("ConsoleAddress");
        assertThat(address.path("Value").path("Fn::If").get(0).asText()).isEqualTo("HasConsolePassword");
        assertThat(address.path("Value").toString()).contains("http://${Ip}:9899/qr", "http://localhost:9899/qr", "PublicIps");
        assertThat(address.path("Description").path("en").asText()).contains("ssh -L 9899:127.0.0.1:9899");
        assertThat(template.root.path("Outputs").path("HowToUse").path("Description").path("zh-cn").asText()).contains("控制台地址");
    }

    @Test
    void oneInstanceRunsTheCommandAndTheOutputsSayWhereTheQrCodeIs() {
        JsonNode instances = template.resourceOfType("ALIYUN::ECS::InstanceGroup").path("Properties");
        assertThat(instances.path("MaxAmount").asInt()).isEqualTo(1);
        JsonNode command = template.resourceOfType("ALIYUN::ECS::RunCommand").path("Properties");
        assertThat(command.path("Type").asText()).isEqualTo("RunShellScript");
        assertThat(command.path("Sync").asBoolean()).as("the deployment waits for the bot to start").isTrue();
        assertThat(command.path("InstanceIds").path("Fn::GetAtt").toString()).contains("InstanceIds");
        JsonNode outputs = template.root.path("Outputs");
        assertThat(outputs.path("HowToUse").path("Value").asText()).isEqualTo("sudo journalctl -u cow -f -o cat");
        assertThat(outputs.path("ApplicationLocation").path("Description").path("zh-cn").asText())
                .contains("/opt/cow/cow.jar", "/etc/cow/config.yaml", "/var/lib/cow");
    }
}
