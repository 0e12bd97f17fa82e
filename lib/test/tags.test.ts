import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { applyBaselineTags, baseTags, isTaggable, mergeTags } from "../src";
import { findResource, runStack } from "../src/testing";

const run = (program: () => Promise<Record<string, unknown> | void> | void) =>
    runStack({
        project: "baseline-network",
        stack: "production-us-west-2",
        config: { "aws:region": "us-west-2" },
        program: async () => (await program()) ?? {},
    });

class Holder extends pulumi.ComponentResource {
    constructor(name: string) {
        super("baseline:test:Holder", name, {}, {});
        new aws.sns.Topic(`${name}-topic`, { tags: { Team: "x" } }, { parent: this });
        this.registerOutputs({});
    }
}

describe("tag transform", () => {
    test("tags every taggable resource, including a component's children, with base, own and Name tags", async () => {
        const { resources } = await run(() => {
            applyBaselineTags("network", "team-net");
            new aws.s3.Bucket("plain", {});
            new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16", tags: { Name: "main-vpc", Tier: "core" } });
            new Holder("holder");
        });
        expect(findResource(resources, "aws:s3/bucket:Bucket", "plain").inputs.tags).toEqual({
            Name: "plain",
            Environment: "Production",
            Project: "aws-secure-baseline",
            Layer: "network",
            ManagedBy: "pulumi",
            Owner: "team-net",
        });
        expect(findResource(resources, "aws:ec2/vpc:Vpc").inputs.tags).toMatchObject({
            Name: "main-vpc",
            Tier: "core",
            Layer: "network",
        });
        const topic = findResource(resources, "aws:sns/topic:Topic");
        expect(topic.parent).toContain("baseline:test:Holder::holder");
        expect(topic.inputs.tags).toMatchObject({ Team: "x", Environment: "Production", Owner: "team-net" });
    });

    test("leaves resources that take no tags alone", async () => {
        const { resources } = await run(() => {
            applyBaselineTags("data", "o");
            const b = new aws.s3.Bucket("b", {});
            new aws.s3.BucketPolicy("p", { bucket: b.id, policy: "{}" });
            new aws.kms.Alias("a", { name: "alias/x", targetKeyId: "k" });
        });
        expect(findResource(resources, "aws:s3/bucketPolicy:BucketPolicy").inputs).not.toHaveProperty("tags");
        expect(findResource(resources, "aws:kms/alias:Alias").inputs).not.toHaveProperty("tags");
        expect(findResource(resources, "pulumi:pulumi:Stack").inputs).not.toHaveProperty("tags");
    });

    test("a resource cannot override the required Environment tag", async () => {
        const { resources } = await run(() => {
            applyBaselineTags("data", "o");
            new aws.s3.Bucket("b", { tags: { Environment: "Dev", Owner: "someone-else" } });
        });
        const tags = findResource(resources, "aws:s3/bucket:Bucket").inputs.tags as Record<string, string>;
        expect(tags.Environment).toBe("Production");
        expect(tags.Owner).toBe("someone-else");
    });

    test("merges tags given as an Output", async () => {
        const { resources } = await run(() => {
            applyBaselineTags("api", "o");
            new aws.sqs.Queue("q", { tags: pulumi.output({ Purpose: "dlq" }) });
        });
        expect(findResource(resources, "aws:sqs/queue:Queue").inputs.tags).toMatchObject({
            Purpose: "dlq",
            Environment: "Production",
            Layer: "api",
        });
    });

    test("resources registered before the transform are not tagged: programs register it first", async () => {
        const { resources } = await run(() => {
            new aws.s3.Bucket("early", {});
            applyBaselineTags("api", "o");
        });
        expect(findResource(resources, "aws:s3/bucket:Bucket").inputs).not.toHaveProperty("tags");
    });

    test("taggability comes from the provider schema", () => {
        expect(isTaggable("aws:kms/key:Key")).toBe(true);
        expect(isTaggable("aws:rds/instance:Instance")).toBe(true);
        expect(isTaggable("aws:kms/alias:Alias")).toBe(false);
        expect(isTaggable("aws:iam/rolePolicy:RolePolicy")).toBe(false);
        expect(isTaggable("aws:cfg/remediationConfiguration:RemediationConfiguration")).toBe(false);
    });

    test("mergeTags order: Name default, base, own, required", () => {
        expect(mergeTags(baseTags("security", "o"), { Name: "n", Environment: "x" }, "logical")).toMatchObject({
            Name: "n",
            Environment: "Production",
        });
        expect(mergeTags({}, undefined, "logical")).toEqual({ Name: "logical", Environment: "Production" });
    });
});
