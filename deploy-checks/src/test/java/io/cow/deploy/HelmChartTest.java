package io.cow.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import io.cow.app.Startup;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Helm chart under deploy/helm/cow, rendered by Helm itself (helm-java carries Helm's library) and every rendered
 * object checked against the Kubernetes object model (fabric8's): each field must be one the object's schema has, of
 * the right type, and the objects must fit together (selectors, the Secret and ConfigMap the pods use).
 */
class HelmChartTest {

    private static final Path CHART = Repo.file("deploy/helm/cow");
    private static final ObjectMapper YAML = new YAMLMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "Deployment", Deployment.class, "ConfigMap", ConfigMap.class, "Secret", Secret.class,
            "Service", Service.class, "PodDisruptionBudget", PodDisruptionBudget.class);

    @TempDir
    Path work;

    private static String render(Path values) {
        var template = new Helm(CHART).template().withName("cow");
        return values == null ? template.call() : template.withValuesFile(values).call();
    }

    /** The rendered documents as typed objects; fails on an unknown kind or any field the schema lacks. */
    private static List<HasMetadata> objects(String rendered) throws Exception {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : rendered.split("(?m)^---\\s*$")) {
            JsonNode node = YAML.readTree(document);
            if (node == null || node.isNull() || node.isEmpty()) {
                continue;
            }
            String kind = node.path("kind").asText();
            assertThat(KINDS).as("a kind the chart may render").containsKey(kind);
            HasMetadata object = YAML.treeToValue(node, KINDS.get(kind));
            assertThat(unknownFields(object, kind, new IdentityHashMap<>())).as("fields not in the schema of %s", kind).isEmpty();
            assertThat(object.getMetadata().getName()).as("every object is named").isNotBlank();
            objects.add(object);
        }
        return objects;
    }

    /**
     * Every field the model did not know (fabric8 keeps them aside as "additional properties"), with its path. The
     * model's classes are generated from Kubernetes' OpenAPI schema, so this is a check against that schema.
     */
    static List<String> unknownFields(Object value, String path, Map<Object, Boolean> seen) throws Exception {
        List<String> unknown = new ArrayList<>();
        if (value == null || seen.put(value, true) != null) {
            return unknown;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknown.addAll(unknownFields(item, path + "[" + i++ + "]", seen));
            }
            return unknown;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                unknown.addAll(unknownFields(entry.getValue(), path + "." + entry.getKey(), seen));
            }
            return unknown;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return unknown;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers()) || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object field = getter.invoke(value);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> unknown.add(path + "." + k));
                }
            } else {
                unknown.addAll(unknownFields(field, path + "." + decapitalize(getter.getName().substring(3)), seen));
            }
        }
        return unknown;
    }

    private static String decapitalize(String name) {
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    private static <T> T one(List<HasMetadata> objects, Class<T> kind) {
        List<T> found = objects.stream().filter(kind::isInstance).map(kind::cast).toList();
        assertThat(found).as("one %s", kind.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    @Test
    void theDefaultValuesRenderAWorkerDeploymentItsConfigSecretAndDisruptionBudget() throws Exception {
        List<HasMetadata> objects = objects(render(null));
        assertThat(objects).extracting(HasMetadata::getKind)
                .containsExactlyInAnyOrder("Deployment", "ConfigMap", "Secret", "PodDisruptionBudget");
        Deployment deployment = one(objects, Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(podLabels).containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(podLabels).containsAllEntriesOf(one(objects, PodDisruptionBudget.class).getSpec().getSelector().getMatchLabels());

        Container cow = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(env(cow)).containsEntry("COW_CLUSTER_ENABLED", "true").containsEntry("COW_CONSOLE_ENABLED", "false")
                .containsKey("COW_STORE_URL");
        assertThat(cow.getEnv()).filteredOn(e -> e.getName().equals("COW_CLUSTER_WORKER_ID"))
                .extracting(e -> e.getValueFrom().getFieldRef().getFieldPath()).containsExactly("metadata.name");
        assertThat(cow.getEnvFrom()).extracting(e -> e.getSecretRef().getName()).containsExactly(one(objects, Secret.class).getMetadata().getName());
        assertThat(cow.getLivenessProbe().getExec().getCommand()).anyMatch(part -> part.contains("/app/data/heartbeat"));
        assertThat(cow.getReadinessProbe()).isNotNull();
        assertThat(cow.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
                .anyMatch(v -> v.getConfigMap() != null && v.getConfigMap().getName().equals(one(objects, ConfigMap.class).getMetadata().getName()));
    }

    @Test
    void theExampleValuesRenderWithTheConsoleServiceAndAnExistingSecret() throws Exception {
        List<HasMetadata> objects = objects(render(CHART.resolve("ci/example-values.yaml")));
        assertThat(objects).extracting(HasMetadata::getKind)
                .containsExactlyInAnyOrder("Deployment", "ConfigMap", "Service", "PodDisruptionBudget");
        Deployment deployment = one(objects, Deployment.class);
        Service console = one(objects, Service.class);
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(console.getSpec().getSelector());
        Container cow = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(cow.getPorts()).extracting(p -> p.getName()).containsExactly("console");
        assertThat(console.getSpec().getPorts().get(0).getTargetPort().getStrVal()).isEqualTo("console");
        assertThat(cow.getEnvFrom()).extracting(e -> e.getSecretRef().getName()).containsExactly("cow-secrets");
        assertThat(env(cow)).containsEntry("COW_CONSOLE_ENABLED", "true").containsEntry("COW_CONSOLE_HOST", "0.0.0.0");
    }

    @Test
    void theConfigMapAndTheEnvironmentMakeAConfigurationTheBotAccepts() throws Exception {
        List<HasMetadata> objects = objects(render(CHART.resolve("ci/example-values.yaml")));
        Path config = Files.writeString(work.resolve("config.yaml"), one(objects, ConfigMap.class).getData().get("config.yaml"));
        Map<String, String> env = new HashMap<>(env(one(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0)));
        env.put("OPENAI_API_KEY", "sk-from-the-secret-0123456789");
        env.put("COW_STORE_PASSWORD", "from-the-secret");
        env.put("COW_DATA_DIR", work.resolve("data").toString());
        Startup startup = Startup.load(config, env, Map.of());
        assertThat(startup.configure().instances()).hasSize(6);
    }

    @Test
    void theSchemaCheckFindsAMisspeltField() throws Exception {
        String deployment = List.of(render(null).split("(?m)^---\\s*$")).stream()
                .filter(d -> d.contains("kind: Deployment")).findFirst().orElseThrow()
                .replace("  replicas: 2", "  replica: 2");
        Deployment misspelt = YAML.treeToValue(YAML.readTree(deployment), Deployment.class);
        assertThat(unknownFields(misspelt, "Deployment", new IdentityHashMap<>())).containsExactly("Deployment.spec.replica");
    }

    @Test
    void aStoreUrlIsRequired() throws Exception {
        Path values = Files.writeString(work.resolve("values.yaml"), "store:\n  url: \"\"\n");
        assertThatThrownBy(() -> render(values)).hasMessageContaining("store.url is required");
    }

    private static Map<String, String> env(Container container) {
        Map<String, String> env = new HashMap<>();
        for (EnvVar var : container.getEnv()) {
            if (var.getValue() != null) {
                env.put(var.getName(), var.getValue());
            }
        }
        return env;
    }
}
