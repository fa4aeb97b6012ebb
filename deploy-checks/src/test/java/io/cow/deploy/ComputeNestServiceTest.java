package io.cow.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** .computenest/: the service configuration fits the template, and the guides have the seed's sections. */
class ComputeNestServiceTest {

    private final JsonNode service = Repo.yaml(".computenest/config.yaml");
    private final RosTemplate template = RosTemplate.load();
    private final String runCommand = template.resourceOfType("ALIYUN::ECS::RunCommand").path("Properties")
            .path("CommandContent").path("Fn::Sub").get(0).asText();

    @Test
    void theServiceDeploysTheTemplateWithRos() {
        assertThat(service.path("Service").path("DeployType").asText()).isEqualTo("ros");
        JsonNode configs = service.path("Service").path("DeployMetadata").path("TemplateConfigs");
        assertThat(configs.size()).isEqualTo(1);
        assertThat(Repo.file(".computenest/" + configs.get(0).path("Url").asText())).isRegularFile()
                .isEqualTo(Repo.file(RosTemplate.PATH));
        assertThat(configs.get(0).path("AllowedRegions").size()).isPositive();
        List<String> locales = new ArrayList<>();
        service.path("Service").path("ServiceInfo").forEach(i -> locales.add(i.path("Locale").asText()));
        assertThat(locales).containsExactlyInAnyOrder("zh-CN", "en-US");
    }

    @Test
    void theInstanceUsesTheImageTheServiceBuilds() {
        String imageId = template.resourceOfType("ALIYUN::ECS::InstanceGroup").path("Properties").path("ImageId").asText();
        JsonNode relation = service.path("Service").path("DeployMetadata").path("SupplierDeployMetadata").path("ArtifactRelation");
        assertThat(relation.has(imageId)).as("ArtifactRelation maps %s", imageId).isTrue();
        assertThat(relation.path(imageId).path("ArtifactId").asText()).isEqualTo("${Artifact.EcsImage.ArtifactId}");
        assertThat(service.path("Artifact").path("EcsImage").path("ArtifactType").asText()).isEqualTo("EcsImage");
        String build = service.path("ImageBuilder").path("EcsImage").path("CommandContent").asText();
        assertThat(build).contains("java-17-openjdk-headless", "install.sh\" --no-start");
    }

    @Test
    void thePackageArtifactIsWhatTheImageAndTheRunCommandDownload() {
        JsonNode files = service.path("Service").path("DeployMetadata").path("SupplierDeployMetadata").path("FileArtifactRelation");
        List<String> placeholders = new ArrayList<>();
        files.fieldNames().forEachRemaining(placeholders::add);
        assertThat(placeholders).containsExactly("{{ computenest::file::cow-package }}");
        assertThat(runCommand).contains("'" + placeholders.get(0) + "'");
        assertThat(service.path("ImageBuilder").path("EcsImage").path("CommandContent").asText()).contains("'" + placeholders.get(0) + "'");
        JsonNode artifact = service.path("Artifact").path("Package");
        assertThat(artifact.path("ArtifactType").asText()).isEqualTo("File");
        assertThat(artifact.path("ArtifactName").asText()).isEqualTo("cow-package");
        assertThat(artifact.path("ArtifactProperty").path("Url").asText()).isEqualTo("resources/artifact_resources/file/cow-package.tar.gz");
        assertThat(Repo.read("deploy/package.sh")).contains(".computenest/resources/artifact_resources/file", "cow-package.tar.gz");
    }

    @Test
    void theRunCommandStartsTheUnitDeployInstalls() {
        assertThat(Repo.file("deploy/cow.service")).isRegularFile();
        assertThat(runCommand).contains("systemctl enable cow", "systemctl restart cow", "write_config /etc/cow/config.yaml");
        assertThat(Repo.read("deploy/install.sh")).contains("readonly UNIT=cow");
    }

    @Test
    void theChineseGuideHasTheSeedsSectionsPoliciesAndRules() {
        String guide = Repo.read(".computenest/docs/index.md");
        assertThat(guide).contains("## 概述", "## 前提条件", "## 计费说明", "## 部署架构", "## 参数说明", "## 部署流程", "## 使用说明");
        assertThat(guide).contains("AliyunECSFullAccess", "AliyunVPCFullAccess", "AliyunROSFullAccess", "AliyunComputeNestUserFullAccess");
        assertThat(guide).contains("长度不超过64个字符，必须以英文字母开头，可包含数字、英文字母、短划线（-）和下划线（_）");
        assertThat(guide).contains("长度8-30，必须包含三项");
        assertThat(guide).contains(template.root.path("Outputs").path("HowToUse").path("Value").asText());
        template.parameters().forEach(p -> assertThat(guide).contains(p.path("Label").path("zh-cn").asText()));
    }

    @Test
    void theEnglishGuideHasTheSameSections() {
        String guide = Repo.read(".computenest/docs/index-en.md");
        assertThat(guide).contains("## Overview", "## Prerequisites", "## Billing", "## Architecture", "## Parameters",
                "## Deployment", "## How to use");
        assertThat(guide).contains("AliyunECSFullAccess", "AliyunVPCFullAccess", "AliyunROSFullAccess", "AliyunComputeNestUserFullAccess");
        assertThat(guide).contains("At most 64 characters, starting with a letter");
        assertThat(guide).contains(template.root.path("Outputs").path("HowToUse").path("Value").asText());
        template.parameters().forEach(p -> assertThat(guide).contains(p.path("Label").path("en").asText()));
    }
}
