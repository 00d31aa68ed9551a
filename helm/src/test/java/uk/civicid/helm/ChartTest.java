package uk.civicid.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The Helm chart, linted and rendered by an embedded Helm, and its manifests read back as typed Kubernetes objects. */
class ChartTest {

    static final Path CHART = Path.of("civicid");
    static final Path PRODUCTION = Path.of("src/test/resources/production-values.yaml");

    @Test
    void theChart_lintsCleanly() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
    }

    @Test
    void defaults_renderTwoHardenedReplicas_probedOnHealthGroups_withADisruptionBudget() {
        List<HasMetadata> manifests = render(t -> t);
        Deployment broker = one(manifests, Deployment.class);
        assertThat(broker.getSpec().getReplicas()).isEqualTo(2);
        assertThat(broker.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
        assertThat(broker.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(broker.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity()).isNotNull();
        Container container = broker.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
        assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        // Probes and metrics on the management port, which neither the Service nor the Ingress exposes.
        assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("management");
        assertThat(one(manifests, io.fabric8.kubernetes.api.model.Service.class).getSpec().getPorts())
                .extracting(p -> p.getTargetPort().getStrVal()).containsExactly("http");
        assertThat(env(broker).get("LOGGING_STRUCTURED_FORMAT_CONSOLE").getValue()).isEqualTo("ecs");
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsKey("memory");
        assertThat(one(manifests, PodDisruptionBudget.class).getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
        assertThat(one(manifests, NetworkPolicy.class).getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(manifests).noneMatch(m -> m instanceof Ingress || m instanceof HorizontalPodAutoscaler || m instanceof Secret);
    }

    @Test
    void productionValues_renderAutoscalingIngressWithTls_andSentinelRedisOverTls() {
        List<HasMetadata> manifests = render(t -> t.withValuesFile(PRODUCTION));
        Deployment broker = deployment(manifests, "civicid-broker");
        assertThat(broker.getSpec().getReplicas()).as("the autoscaler decides").isNull();
        assertThat(one(manifests, HorizontalPodAutoscaler.class).getSpec().getMinReplicas()).isEqualTo(3);
        Ingress ingress = one(manifests, Ingress.class);
        assertThat(ingress.getSpec().getTls().get(0).getSecretName()).isEqualTo("civicid-tls");
        assertThat(ingress.getSpec().getRules().get(0).getHost()).isEqualTo("id.examplecouncil.gov.uk");
        Map<String, EnvVar> env = env(broker);
        assertThat(env.get("SPRING_DATA_REDIS_SENTINEL_MASTER").getValue()).isEqualTo("civicid");
        assertThat(env.get("SPRING_DATA_REDIS_SENTINEL_NODES").getValue()).contains("redis-sentinel-2.redis:26379");
        assertThat(env.get("SPRING_DATA_REDIS_SSL_ENABLED").getValue()).isEqualTo("true");
        assertThat(env.get("ENTRA_CLIENT_SECRET").getValueFrom().getSecretKeyRef().getName()).isEqualTo("civicid-upstreams");
    }

    /** Secrets reach the pods by reference only: no value of one is in any rendered manifest. */
    @Test
    void secrets_areReferenced_neverInlined() {
        List<HasMetadata> manifests = render(t -> t.withValuesFile(PRODUCTION));
        assertThat(manifests).noneMatch(Secret.class::isInstance);
        Map<String, EnvVar> env = env(deployment(manifests, "civicid-broker"));
        for (String name : List.of("CIVICID_KEY_ENCRYPTION_KEY", "CIVICID_PAIRWISE_SECRET", "SPRING_DATA_REDIS_PASSWORD")) {
            assertThat(env.get(name).getValue()).as(name).isNull();
            assertThat(env.get(name).getValueFrom().getSecretKeyRef().getName()).isEqualTo("civicid-production");
        }
        assertThat(new Helm(CHART).template().withName("civicid").withValuesFile(PRODUCTION).call()).contains("${ENTRA_CLIENT_SECRET}");

        // Even the trial Secret made from values keeps them out of the Deployment and the ConfigMap.
        String kek = "K".repeat(43) + "=";
        String pairwise = "pairwise-secret-of-forty-characters-0001";
        List<HasMetadata> trial = render(t -> t.set("secrets.existingSecret", "").set("secrets.values.keyEncryptionKey", kek)
                .set("secrets.values.pairwiseSecret", pairwise));
        assertThat(trial).filteredOn(m -> !(m instanceof Secret)).allSatisfy(m ->
                assertThat(Serialization.asYaml(m)).doesNotContain(kek).doesNotContain(pairwise));
        assertThat(one(trial, Secret.class).getData()).containsValue(java.util.Base64.getEncoder().encodeToString(pairwise.getBytes()));
    }

    @Test
    void theSchema_refusesBadValues() {
        assertRefused(t -> t.set("replicaCount", 0));
        assertRefused(t -> t.set("issuer", "http://id.example.gov.uk"));
        assertRefused(t -> t.set("redis.mode", "memcached"));
        assertRefused(t -> t.set("redis.mode", "sentinel"));
        assertRefused(t -> t.set("secrets.existingSecret", ""));
        assertRefused(t -> t.set("ingress.enabled", true));
        assertRefused(t -> t.set("replicas", 3)); // a typo is refused, not ignored
        assertRefused(t -> t.set("managementPort", 9000)); // health and metrics must not share the public port
        assertRefused(t -> t.set("logFormat", "xml"));
    }

    @Test
    void aTrialRedis_comesWithTheRelease_whenAsked() {
        List<HasMetadata> manifests = render(t -> t.set("redis.trial.enabled", true));
        assertThat(manifests).filteredOn(Deployment.class::isInstance).extracting(m -> m.getMetadata().getName())
                .containsExactlyInAnyOrder("civicid-broker", "civicid-redis");
        assertThat(env(manifests.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .filter(d -> d.getMetadata().getName().equals("civicid-broker")).findFirst().orElseThrow())
                .get("SPRING_DATA_REDIS_HOST").getValue()).isEqualTo("civicid-redis");
    }

    @Test
    void theSampleApp_isAnOptionalComponent_signingInThroughTheBroker() {
        List<HasMetadata> manifests = render(t -> t.withValuesFile(PRODUCTION).set("sample.enabled", true)
                .set("sample.url", "https://sample.examplecouncil.gov.uk"));
        Deployment sample = deployment(manifests, "civicid-sample");
        Map<String, EnvVar> env = env(sample);
        assertThat(env.get("BROKER_ISSUER").getValue()).isEqualTo("https://id.examplecouncil.gov.uk");
        assertThat(env.get("SAMPLE_CLIENT_SECRET").getValueFrom().getSecretKeyRef().getName()).isEqualTo("civicid-sample");
        assertThat(sample.getSpec().getTemplate().getSpec().getContainers().get(0).getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(one(manifests, Ingress.class).getSpec().getRules()).extracting(r -> r.getHost())
                .containsExactly("id.examplecouncil.gov.uk", "sample.examplecouncil.gov.uk", "console.examplecouncil.gov.uk");
        assertThat(render(t -> t)).noneMatch(m -> m.getMetadata().getName().equals("civicid-sample"));
    }

    /** The production values enable the console. */
    private static TemplateCommand withConsole(TemplateCommand t) {
        return t.withValuesFile(PRODUCTION);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theAdminConsole_rendersHardened_withItsSecretByReference_andTheBrokerCarriesItsClient() {
        List<HasMetadata> manifests = render(ChartTest::withConsole);
        Deployment console = deployment(manifests, "civicid-console");
        Container container = console.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(console.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(console.getSpec().getTemplate().getSpec().getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getVolumeMounts()).anyMatch(m -> m.getMountPath().equals("/tmp"));
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
        assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("management");
        assertThat(container.getResources().getLimits()).containsKey("memory");

        Map<String, EnvVar> env = env(console);
        assertThat(env.get("CONSOLE_CLIENT_SECRET").getValue()).isNull();
        assertThat(env.get("CONSOLE_CLIENT_SECRET").getValueFrom().getSecretKeyRef().getName()).isEqualTo("civicid-console");
        assertThat(env.get("CONSOLE_CLIENT_SECRET").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("client-secret");
        assertThat(env.get("BROKER_ISSUER").getValue()).isEqualTo("https://id.examplecouncil.gov.uk");
        assertThat(env.get("CONSOLE_PUBLIC_BASE_URL").getValue()).isEqualTo("https://console.examplecouncil.gov.uk");

        String config = manifests.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                .findFirst().orElseThrow().getData().get("civicid.yml");
        Map<String, Object> civicid = Serialization.unmarshal(config, Map.class);
        Map<String, Object> tree = (Map<String, Object>) civicid.get("civicid");
        assertThat((List<Map<String, Object>>) tree.get("clients")).extracting(c -> c.get("client-id"))
                .containsExactly("social-care", "admin-console");
        Map<String, Object> client = ((List<Map<String, Object>>) tree.get("clients")).get(1);
        assertThat(client).containsEntry("client-secret-hash", "{bcrypt}$2a$10$7EqJtq98hPqEX7fNZaFWoOhi5BWX4Z1ZCx.fU2rGUDRyJ6jX6ZpFa").containsEntry("require-passkey", true)
                .containsEntry("scopes", List.of("openid", "profile", "civicid.admin", "civicid.apps"))
                .containsEntry("redirect-uris", List.of("https://console.examplecouncil.gov.uk/login/oauth2/code/civicid"))
                .containsEntry("post-logout-redirect-uris", List.of("https://console.examplecouncil.gov.uk/signed-out"));
        assertThat(tree.get("admin")).isEqualTo(Map.of("administrators", List.of("staff:0b7c2f51-2d2e-4d5e-9c39-1f4a3c7e9a10"),
                "app-team-upstreams", List.of("staff")));

        assertThat(one(manifests, Ingress.class).getSpec().getRules()).extracting(r -> r.getHost())
                .containsExactly("id.examplecouncil.gov.uk", "console.examplecouncil.gov.uk");
        assertThat(manifests).filteredOn(NetworkPolicy.class::isInstance).extracting(m -> m.getMetadata().getName())
                .containsExactlyInAnyOrder("civicid-broker", "civicid-console");
        assertThat(render(t -> t)).noneMatch(m -> m.getMetadata().getName().equals("civicid-console"));
    }

    @Test
    void theSchema_refusesAConsole_withoutItsHost_secretReference_orHash() {
        assertThat(render(ChartTest::withConsole)).isNotEmpty();
        assertRefused(t -> withConsole(t).set("console.url", ""));
        assertRefused(t -> withConsole(t).set("console.url", "http://console.examplecouncil.gov.uk"));
        assertRefused(t -> withConsole(t).set("console.existingSecret", ""));
        assertRefused(t -> withConsole(t).set("console.clientSecretHash", ""));
        assertRefused(t -> withConsole(t).set("console.clientSecretHash", "the-secret-itself"));
        assertRefused(t -> withConsole(t).set("console.administrators[0]", "no-upstream"));
        assertRefused(t -> withConsole(t).set("console.clientSecret", "inline")); // no place for the secret itself
    }

    private static void assertRefused(UnaryOperator<TemplateCommand> values) {
        assertThatThrownBy(() -> render(values)).hasMessageContaining("values");
    }

    private static List<HasMetadata> render(UnaryOperator<TemplateCommand> values) {
        String rendered = values.apply(new Helm(CHART).template().withName("civicid")).call();
        return Arrays.stream(rendered.split("(?m)^---\\s*$"))
                .filter(doc -> doc.lines().anyMatch(l -> l.startsWith("kind:")))
                .map(doc -> (HasMetadata) Serialization.unmarshal(doc))
                .collect(Collectors.toList());
    }

    private static <T extends HasMetadata> T one(List<HasMetadata> manifests, Class<T> type) {
        List<T> found = manifests.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as(type.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    private static Deployment deployment(List<HasMetadata> manifests, String name) {
        return manifests.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .filter(d -> d.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    private static Map<String, EnvVar> env(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, e -> e));
    }
}
