/** The global-iam program under the recording mock runtime: resources, inputs that matter, tags, contract, config errors. */
import * as pulumi from "@pulumi/pulumi";
import { runStack, findResource, ofType, StackRunError, RecordedResource } from "@baseline/lib/src/testing";
import { CIS_PASSWORD_POLICY, CONTRACT_KEYS, isTaggable } from "@baseline/lib";
import { readConfig, PROJECT } from "../src/config";

const run = async (config: Record<string, string> = {}) =>
    runStack({
        project: PROJECT,
        stack: "production",
        config: { "aws:region": "us-east-1", ...config },
        program: async () => (await import("../index")).default(),
    });

const source = (values: Record<string, string>) => ({ get: (k: string) => values[k] });
const policyOf = (r: RecordedResource, key = "assumeRolePolicy") => JSON.parse(String(r.inputs[key]));

describe("global-iam program", () => {
    let resources: RecordedResource[];
    let outputs: Record<string, unknown>;
    beforeAll(async () => {
        ({ resources, outputs } = await run({ [`${PROJECT}:trustedPrincipals`]: '["arn:aws:iam::123456789012:role/ops"]' }));
    });

    test("exports exactly the GlobalIamOutputs contract", () => {
        expect(Object.keys(outputs).sort()).toEqual([...CONTRACT_KEYS["global-iam"]].sort());
        expect(outputs.homeRegion).toBe("us-east-1");
        expect(outputs.configServiceLinkedRoleArn).toMatch(
            /role\/aws-service-role\/config\.amazonaws\.com\/AWSServiceRoleForConfig$/,
        );
        expect(outputs.configRemediationRoleArn).toBe("arn:aws:iam::123456789012:role/baseline-config-remediation");
    });

    test("password policy at CIS values", () => {
        const p = findResource(resources, "aws:iam/accountPasswordPolicy:AccountPasswordPolicy").inputs;
        expect(p).toMatchObject({
            minimumPasswordLength: 14,
            passwordReusePrevention: 24,
            requireUppercaseCharacters: true,
            requireLowercaseCharacters: true,
            requireNumbers: true,
            requireSymbols: true,
            maxPasswordAge: 90,
            allowUsersToChangePassword: true,
        });
        expect(p).toMatchObject(CIS_PASSWORD_POLICY);
    });

    test("account-level S3 Block Public Access, all four settings", () => {
        expect(findResource(resources, "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock").inputs).toMatchObject({
            accountId: "123456789012",
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        });
    });

    test("Config service-linked role, once", () => {
        expect(findResource(resources, "aws:iam/serviceLinkedRole:ServiceLinkedRole").inputs.awsServiceName).toBe(
            "config.amazonaws.com",
        );
    });

    test("service roles: path, one service principal each, an inline policy each", () => {
        const roles = ofType(resources, "aws:iam/role:Role");
        expect(roles.map((r) => r.inputs.name).sort()).toEqual([
            "admin",
            "api-lambda",
            "apigateway-cloudwatch",
            "auditor",
            "baseline-config-remediation",
            "cloudtrail-logs",
            "rds-monitoring",
            "vpc-flow-logs",
        ]);
        // Every role under the baseline's path but the one AWS's runbooks take as AutomationAssumeRole: their
        // parameter pattern has no path (policies.ts ROOT_PATH_ROLES), so it carries the prefix in its name.
        for (const r of roles)
            expect([r.inputs.name, r.inputs.path]).toEqual([
                r.inputs.name,
                r.inputs.name === "baseline-config-remediation" ? "/" : "/baseline/",
            ]);
        const runbookRolePattern = /^arn:(?:aws|aws-us-gov|aws-cn):iam::\d{12}:role\/[\w+=,.@-]+$/;
        expect(outputs.configRemediationRoleArn).toMatch(runbookRolePattern);
        const services = Object.fromEntries(
            roles
                .filter((r) => !["admin", "auditor"].includes(String(r.inputs.name)))
                .map((r) => [r.inputs.name, policyOf(r).Statement[0].Principal.Service]),
        );
        expect(services).toEqual({
            "vpc-flow-logs": "vpc-flow-logs.amazonaws.com",
            "baseline-config-remediation": "ssm.amazonaws.com",
            "cloudtrail-logs": "cloudtrail.amazonaws.com",
            "rds-monitoring": "monitoring.rds.amazonaws.com",
            "apigateway-cloudwatch": "apigateway.amazonaws.com",
            "api-lambda": "lambda.amazonaws.com",
        });
        expect(ofType(resources, "aws:iam/rolePolicy:RolePolicy")).toHaveLength(6);
        expect(ofType(resources, "aws:iam/user:User")).toHaveLength(0);
        expect(ofType(resources, "aws:iam/accessKey:AccessKey")).toHaveLength(0);
    });

    test("human roles: configured principals, MFA with a max age, short sessions", () => {
        for (const name of ["admin", "auditor"]) {
            const role = resources.find((r) => r.type === "aws:iam/role:Role" && r.inputs.name === name)!;
            expect(role.inputs.maxSessionDuration).toBe(3600);
            const st = policyOf(role).Statement[0];
            expect(st.Principal.AWS).toEqual(["arn:aws:iam::123456789012:role/ops"]);
            expect(st.Condition).toEqual({
                Bool: { "aws:MultiFactorAuthPresent": "true" },
                NumericLessThan: { "aws:MultiFactorAuthAge": "3600" },
            });
        }
        const attached = ofType(resources, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((r) => r.inputs.policyArn);
        expect(attached).toContain("arn:aws:iam::aws:policy/SecurityAudit");
        expect(attached).not.toContain("arn:aws:iam::aws:policy/ReadOnlyAccess");
    });

    test("every taggable resource is tagged Environment=Production", () => {
        const taggable = resources.filter((r) => r.custom && isTaggable(r.type));
        expect(taggable.length).toBeGreaterThan(5);
        for (const r of taggable)
            expect([r.type, r.name, (r.inputs.tags as Record<string, string>)?.Environment]).toEqual([
                r.type,
                r.name,
                "Production",
            ]);
    });
});

describe("global-iam config", () => {
    test("defaults: no human roles at all (nothing trusts the account root), the log says so, the contract still holds", async () => {
        const warn = jest.spyOn(pulumi.log, "warn");
        try {
            const { resources, outputs } = await run();
            const roles = ofType(resources, "aws:iam/role:Role").map((r) => r.inputs.name);
            expect(roles).not.toContain("admin");
            expect(roles).not.toContain("auditor");
            expect(
                ofType(resources, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((a) => a.inputs.policyArn),
            ).not.toContain("arn:aws:iam::aws:policy/AdministratorAccess");
            for (const r of ofType(resources, "aws:iam/role:Role")) {
                expect(String(r.inputs.assumeRolePolicy)).not.toContain(":root");
            }
            expect(outputs.adminRoleArn).toBe("");
            expect(outputs.auditorRoleArn).toBe("");
            expect(Object.keys(outputs).sort()).toEqual([...CONTRACT_KEYS["global-iam"]].sort());
            expect(warn.mock.calls.map((c) => String(c[0]))).toContainEqual(
                expect.stringContaining("no human access roles (admin, auditor): trustedPrincipals is empty"),
            );
        } finally {
            warn.mockRestore();
        }
    });

    test("an Identity Center permission-set role is trusted without the MFA keys its sessions never carry", async () => {
        const sso =
            "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admins_0123456789abcdef";
        const { resources } = await run({
            [`${PROJECT}:trustedPrincipals`]: JSON.stringify(["arn:aws:iam::123456789012:role/ops", sso]),
        });
        const admin = resources.find((r) => r.type === "aws:iam/role:Role" && r.inputs.name === "admin")!;
        const statements = policyOf(admin).Statement as { Sid: string; Principal: { AWS: string[] }; Condition?: unknown }[];
        expect(statements.map((st) => [st.Sid, st.Principal.AWS])).toEqual([
            ["AssumeWithRecentMfa", ["arn:aws:iam::123456789012:role/ops"]],
            ["AssumeFromIdentityCenterPermissionSets", [sso]],
        ]);
        expect(statements[1].Condition).toBeUndefined();
    });

    test("a malformed ARN, a bad session length and a non-home region: one error naming each; [] is valid (no roles)", () => {
        const p = (k: string) => `${PROJECT}:${k}`;
        expect(readConfig(source({ "aws:region": "us-east-1", [p("trustedPrincipals")]: "[]" }), "s").trustedPrincipals).toEqual(
            [],
        );
        expect(readConfig(source({ "aws:region": "us-east-1" }), "s").trustedPrincipals).toEqual([]);
        let message = "";
        try {
            readConfig(
                source({
                    "aws:region": "eu-central-1",
                    [p("trustedPrincipals")]: '["arn:aws:iam::123:root"]',
                    [p("maxSessionDurationSeconds")]: "60",
                }),
                "s",
            );
        } catch (e) {
            message = (e as Error).message;
            expect((e as Error).name).toBe("ConfigValidationError");
        }
        expect(message).toContain("3 problems");
        expect(message).toContain('aws:region = "eu-central-1": us-east-1');
        expect(message).toContain('baseline-global-iam:trustedPrincipals = ["arn:aws:iam::123:root"]: IAM principal ARNs');
        expect(message).toContain("baseline-global-iam:maxSessionDurationSeconds = 60: from 3600 to 43200");
    });

    test("the program fails before registering anything on bad config", async () => {
        const err = await run({ [`${PROJECT}:trustedPrincipals`]: '["not-an-arn"]' }).catch((e) => e);
        expect(err).toBeInstanceOf(StackRunError);
        expect((err as StackRunError).resources.filter((r) => r.custom)).toHaveLength(0);
    });

    describe("another account's root as a trusted principal", () => {
        const foreignRoot = "arn:aws:iam::210987654321:root";

        test("is refused before anything is registered, naming the key, the ARN and the acknowledgement key", async () => {
            const err = await run({ [`${PROJECT}:trustedPrincipals`]: JSON.stringify([foreignRoot]) }).catch((e) => e);
            expect(err).toBeInstanceOf(StackRunError);
            expect((err as StackRunError).resources.filter((r) => r.custom)).toHaveLength(0);
            const message = (err as Error).message;
            expect(message).toContain(`baseline-global-iam:trustedPrincipals = ${JSON.stringify(foreignRoot)}`);
            expect(message).toContain("baseline-global-iam:allowForeignAccountRootPrincipals=true");
        });

        test("is trusted when acknowledged; this account's root and another account's role need no acknowledgement", async () => {
            const trustOf = (resources: RecordedResource[]) =>
                JSON.stringify(findResource(resources, "aws:iam/role:Role", "human-admin").inputs["assumeRolePolicy"]);
            const acknowledged = await run({
                [`${PROJECT}:trustedPrincipals`]: JSON.stringify([foreignRoot]),
                [`${PROJECT}:allowForeignAccountRootPrincipals`]: "true",
            });
            expect(trustOf(acknowledged.resources)).toContain(foreignRoot);
            const ordinary = await run({
                [`${PROJECT}:trustedPrincipals`]: JSON.stringify([
                    "arn:aws:iam::123456789012:root",
                    "arn:aws:iam::210987654321:role/break-glass",
                ]),
            });
            expect(trustOf(ordinary.resources)).toContain("arn:aws:iam::210987654321:role/break-glass");
        });
    });
});
