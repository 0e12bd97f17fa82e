/**
 * global-iam in organization mode (the sample organization): the organization's own accounts get the
 * account-wide hardening and the roles their security stacks use, and none of the workload layers'
 * roles; a workload account gets all of them. The contract check reads the empty ARNs the same way.
 */
import "@baseline/lib/src/testing/sampleOrganization";
import { CONTRACT_KEYS, contractShapeProblems } from "@baseline/lib";
import { RecordedResource, ofType, runStack } from "@baseline/lib/src/testing";
import { PROJECT } from "../src/config";

const run = (stack: string, accountId: string) =>
    runStack({
        project: PROJECT,
        stack,
        accountId,
        config: { "aws:region": "us-east-1" },
        program: async () => (await import("../index")).default(),
    });

const roleNames = (resources: RecordedResource[]) =>
    ofType(resources, "aws:iam/role:Role")
        .map((r) => String(r.inputs.name))
        .sort();

describe("global-iam in the organization's own accounts and in a workload account", () => {
    let management: { resources: RecordedResource[]; outputs: Record<string, unknown> };
    let payments: { resources: RecordedResource[]; outputs: Record<string, unknown> };
    beforeAll(async () => {
        management = await run("management", "111111111111");
        payments = await run("payments", "444444444444");
    }, 120_000);

    it("gives the management account the password policy, the S3 block, Config's roles and no workload role", () => {
        for (const type of [
            "aws:iam/accountPasswordPolicy:AccountPasswordPolicy",
            "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock",
            "aws:iam/serviceLinkedRole:ServiceLinkedRole",
        ])
            expect([type, ofType(management.resources, type).length]).toEqual([type, 1]);
        // No trail logs role anywhere in organization mode: the organization trail records every account.
        expect(roleNames(management.resources)).toEqual(["baseline-config-remediation", "vpc-flow-logs"]);
        expect(roleNames(payments.resources)).toEqual([
            "api-lambda",
            "apigateway-cloudwatch",
            "baseline-config-remediation",
            "rds-monitoring",
            "vpc-flow-logs",
        ]);
        expect(Object.keys(management.outputs).sort()).toEqual([...CONTRACT_KEYS["global-iam"]].sort());
        expect(management.outputs).toMatchObject({
            rdsMonitoringRoleArn: "",
            apiGatewayCloudWatchRoleArn: "",
            apiLambdaRoleArn: "",
            cloudTrailLogsRoleArn: "",
        });
        expect(payments.outputs.cloudTrailLogsRoleArn).toBe("");
    });

    it("lets an organization account's consumer read the empty workload roles, and no workload account's; no trail logs role in organization mode", () => {
        const org = { region: "us-east-1", organization: true };
        expect(contractShapeProblems("global-iam", management.outputs, { ...org, workloads: false })).toEqual([]);
        expect(contractShapeProblems("global-iam", management.outputs, { ...org, workloads: true }).map((p) => p.key)).toEqual([
            "rdsMonitoringRoleArn",
            "apiGatewayCloudWatchRoleArn",
            "apiLambdaRoleArn",
        ]);
        expect(contractShapeProblems("global-iam", payments.outputs, org)).toEqual([]);
        // A single account's consumer requires the trail logs role.
        expect(contractShapeProblems("global-iam", payments.outputs, { region: "us-east-1" }).map((p) => p.key)).toEqual([
            "cloudTrailLogsRoleArn",
        ]);
    });
});
