/** Key, bucket and topic policies through the IAM policy simulator: who may, and who may not. */
import { simulate } from "@baseline/lib/src/testing";
import { names } from "@baseline/lib";
import {
    alarmTopicArn,
    alarmTopicPolicy,
    cloudTrailBucketPolicy,
    configBucketPolicy,
    dataKeyPolicy,
    databaseKeyPolicy,
    logsKeyPolicy,
    trailArn,
    dataEventsTrailArn,
} from "../src/policies";

const acct = "123456789012";
const other = "210987654321";
const home = { accountId: acct, region: "us-east-1" as const };
const west = { accountId: acct, region: "us-west-2" as const };
const key = (region: string) => `arn:aws:kms:${region}:${acct}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const userRole = `arn:aws:iam::${acct}:role/app`;
const allowAllKms = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kms:*", Resource: "*" }] };

describe("logs key", () => {
    const policy = logsKeyPolicy(west, { cloudTrail: false });
    const asService = (principal: string, action: string, context: Record<string, string | string[]>) =>
        simulate({ principal, action, resource: key("us-west-2"), resourcePolicy: policy, context });

    // The simulator ignores kms:EncryptionContext:* keys, so the allow side is pinned structurally and
    // the simulator checks that nothing else opens the key to the service.
    test("CloudWatch Logs of this region: only with this account's log-group encryption context", async () => {
        const st = policy.Statement.find((x) => x.Sid === "CloudWatchLogsOfThisAccount")!;
        expect(st.Principal).toEqual({ Service: "logs.us-west-2.amazonaws.com" });
        expect(st.Condition).toEqual({
            ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:us-west-2:${acct}:log-group:*` },
        });
        expect(await asService("logs.us-west-2.amazonaws.com", "kms:GenerateDataKey", {})).not.toBe("Allowed");
        expect(await asService("logs.us-east-1.amazonaws.com", "kms:GenerateDataKey", {})).not.toBe("Allowed");
    });

    test("CloudWatch alarms of this account may use it for the encrypted topic; AWS Config may deliver", async () => {
        const alarm = `arn:aws:cloudwatch:us-west-2:${acct}:alarm:baseline-x`;
        const recorder = `arn:aws:config:us-west-2:${acct}:config-recorder/default`;
        const cw = (sourceAccount: string, sourceArn: string) => ({
            "aws:SourceAccount": sourceAccount,
            "aws:SourceArn": sourceArn,
        });
        expect(await asService("cloudwatch.amazonaws.com", "kms:GenerateDataKey", cw(acct, alarm))).toBe("Allowed");
        expect(await asService("cloudwatch.amazonaws.com", "kms:GenerateDataKey", cw(other, alarm))).not.toBe("Allowed");
        expect(await asService("config.amazonaws.com", "kms:GenerateDataKey", cw(acct, recorder))).toBe("Allowed");
        expect(await asService("config.amazonaws.com", "kms:Decrypt", cw(other, recorder))).not.toBe("Allowed");
        expect(await asService("cloudwatch.amazonaws.com", "kms:ScheduleKeyDeletion", cw(acct, alarm))).not.toBe("Allowed");
    });

    test("the service statements also carry the documented aws:SourceArn: the account alone is not enough", async () => {
        // The right account, but the source is another region's alarm, another account's alarm, or missing.
        for (const sourceArn of [
            `arn:aws:cloudwatch:us-east-1:${acct}:alarm:baseline-x`,
            `arn:aws:cloudwatch:us-west-2:${other}:alarm:baseline-x`,
        ]) {
            const ctx = { "aws:SourceAccount": acct, "aws:SourceArn": sourceArn };
            expect([sourceArn, await asService("cloudwatch.amazonaws.com", "kms:GenerateDataKey", ctx)]).toEqual([
                sourceArn,
                "ImplicitlyDenied",
            ]);
        }
        expect(await asService("cloudwatch.amazonaws.com", "kms:GenerateDataKey", { "aws:SourceAccount": acct })).not.toBe(
            "Allowed",
        );
        const foreignConfig = {
            "aws:SourceAccount": acct,
            "aws:SourceArn": `arn:aws:config:us-east-1:${other}:config-recorder/x`,
        };
        expect(await asService("config.amazonaws.com", "kms:GenerateDataKey", foreignConfig)).not.toBe("Allowed");
    });

    test("AWS Config delivers with its source account alone; a source ARN, where sent, must be this region's Config", async () => {
        // Config's documented key statement conditions on the source account; no documentation says it
        // sends aws:SourceArn to KMS, so a request without it must still be allowed (IfExists).
        expect(await asService("config.amazonaws.com", "kms:GenerateDataKey", { "aws:SourceAccount": acct })).toBe("Allowed");
        expect(await asService("config.amazonaws.com", "kms:Decrypt", { "aws:SourceAccount": acct })).toBe("Allowed");
        expect(await asService("config.amazonaws.com", "kms:GenerateDataKey", { "aws:SourceAccount": other })).not.toBe(
            "Allowed",
        );
        expect(await asService("config.amazonaws.com", "kms:GenerateDataKey", {})).not.toBe("Allowed");
        const otherRegion = { "aws:SourceAccount": acct, "aws:SourceArn": `arn:aws:config:us-east-1:${acct}:config-recorder/x` };
        expect(await asService("config.amazonaws.com", "kms:GenerateDataKey", otherRegion)).not.toBe("Allowed");
        const st = policy.Statement.find((x) => x.Sid === "ConfigDeliveryToItsBucket")!;
        expect(st.Condition).toEqual({
            StringEquals: { "aws:SourceAccount": acct },
            ArnLikeIfExists: { "aws:SourceArn": `arn:aws:config:us-west-2:${acct}:*` },
        });
    });

    test("named key administrators replace the account's IAM-delegated administration", async () => {
        const admin = `arn:aws:iam::${acct}:role/key-admins`;
        const named = logsKeyPolicy({ ...west, keyAdministrators: [admin] }, { cloudTrail: false });
        const manage = (principal: string, resourcePolicy: object, identity = true) =>
            simulate({
                principal,
                action: "kms:PutKeyPolicy",
                resource: key("us-west-2"),
                resourcePolicy: resourcePolicy as never,
                identityPolicies: identity ? [allowAllKms] : [],
            });
        // Default: any principal of the account whose IAM policy allows it (root delegates to IAM).
        expect(await manage(userRole, policy)).toBe("Allowed");
        // Named: only the administrators, even without an IAM policy; another role of the account is refused.
        expect(await manage(admin, named, false)).toBe("Allowed");
        expect(await manage(userRole, named)).not.toBe("Allowed");
        expect(named.Statement.find((x) => x.Sid === "NamedAdministratorsAdministerKey")!.Principal).toEqual({ AWS: [admin] });
        expect(named.Statement.some((x) => x.Sid === "AccountAdministersKey")).toBe(false);
    });

    test("CloudTrail only in the home region, only for this account's trail", async () => {
        expect(policy.Statement.some((x) => JSON.stringify(x.Principal).includes("cloudtrail"))).toBe(false);
        const homePolicy = logsKeyPolicy(home, { cloudTrail: true });
        const st = homePolicy.Statement.find((x) => x.Sid === "CloudTrailEncryptsItsLogs")!;
        expect(st.Principal).toEqual({ Service: "cloudtrail.amazonaws.com" });
        expect(st.Condition).toEqual({
            // The management trail and the S3 data-events trail, both of this account, nothing else.
            StringEquals: {
                "aws:SourceArn": [
                    `arn:aws:cloudtrail:us-east-1:${acct}:trail/${names.cloudTrail}`,
                    `arn:aws:cloudtrail:us-east-1:${acct}:trail/${names.cloudTrailDataEvents}`,
                ],
            },
            StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:*:${acct}:trail/*` },
        });
        const describe = (sourceArn: string) =>
            simulate({
                principal: "cloudtrail.amazonaws.com",
                action: "kms:DescribeKey",
                resource: key("us-east-1"),
                resourcePolicy: homePolicy,
                context: { "aws:SourceArn": sourceArn },
            });
        expect(await describe(trailArn(home))).toBe("Allowed");
        expect(await describe(dataEventsTrailArn(home))).toBe("Allowed");
        expect(await describe(`arn:aws:cloudtrail:us-east-1:${other}:trail/${names.cloudTrail}`)).not.toBe("Allowed");
        expect(
            await simulate({
                principal: "cloudtrail.amazonaws.com",
                action: "kms:GenerateDataKey",
                resource: key("us-east-1"),
                resourcePolicy: homePolicy,
                context: { "aws:SourceArn": `arn:aws:cloudtrail:us-east-1:${other}:trail/x` },
            }),
        ).not.toBe("Allowed");
    });

    test("account principals use it only through SNS or to read audit buckets through S3", async () => {
        const as = (action: string, context: Record<string, string>) =>
            simulate({
                principal: userRole,
                action,
                resource: key("us-west-2"),
                resourcePolicy: policy,
                identityPolicies: [allowAllKms],
                context,
            });
        expect(
            await as("kms:GenerateDataKey", { "kms:ViaService": "sns.us-west-2.amazonaws.com", "kms:CallerAccount": acct }),
        ).toBe("Allowed");
        expect(await as("kms:Decrypt", { "kms:ViaService": "s3.us-west-2.amazonaws.com", "kms:CallerAccount": acct })).toBe(
            "Allowed",
        );
        // The account administers the key through IAM but cannot use it outside the named services.
        expect(await as("kms:Decrypt", { "kms:CallerAccount": acct })).not.toBe("Allowed");
        expect(await as("kms:PutKeyPolicy", {})).toBe("Allowed");
        expect(
            await simulate({
                principal: userRole,
                action: "kms:Decrypt",
                resource: key("us-west-2"),
                resourcePolicy: policy,
                context: {},
            }),
        ).not.toBe("Allowed");
    });
});

describe("data and database keys", () => {
    const as = (policy: object, action: string, viaService?: string) =>
        simulate({
            principal: userRole,
            action,
            resource: key("us-west-2"),
            resourcePolicy: policy as never,
            context: { "kms:CallerAccount": acct, ...(viaService ? { "kms:ViaService": viaService } : {}) },
        });
    const svcOnly = {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: "*" }],
    };
    const asLimited = (policy: object, action: string, viaService?: string) =>
        simulate({
            principal: userRole,
            action,
            resource: key("us-west-2"),
            resourcePolicy: policy as never,
            identityPolicies: [svcOnly],
            context: { "kms:CallerAccount": acct, ...(viaService ? { "kms:ViaService": viaService } : {}) },
        });

    test("data key: through S3 and SQS, not directly or through RDS", async () => {
        const p = dataKeyPolicy(west);
        expect(await asLimited(p, "kms:Decrypt", "s3.us-west-2.amazonaws.com")).toBe("Allowed");
        expect(await asLimited(p, "kms:GenerateDataKey", "sqs.us-west-2.amazonaws.com")).toBe("Allowed");
        expect(await as(p, "kms:Decrypt")).not.toBe("Allowed");
        expect(await asLimited(p, "kms:Decrypt", "rds.us-west-2.amazonaws.com")).not.toBe("Allowed");
        expect(await asLimited(p, "kms:Decrypt", "s3.us-east-1.amazonaws.com")).not.toBe("Allowed");
    });

    test("database key: through RDS and Secrets Manager only", async () => {
        const p = databaseKeyPolicy(west);
        expect(await asLimited(p, "kms:Decrypt", "rds.us-west-2.amazonaws.com")).toBe("Allowed");
        expect(await asLimited(p, "kms:Decrypt", "secretsmanager.us-west-2.amazonaws.com")).toBe("Allowed");
        expect(await asLimited(p, "kms:Decrypt", "s3.us-west-2.amazonaws.com")).not.toBe("Allowed");
    });
});

describe("key administration", () => {
    const admin = (policy: object, action: string, context: Record<string, string> = {}) =>
        simulate({
            principal: userRole,
            action,
            resource: key("us-west-2"),
            resourcePolicy: policy as never,
            identityPolicies: [allowAllKms],
            context: { "kms:CallerAccount": acct, ...context },
        });
    const policies: [string, object][] = [
        ["data", dataKeyPolicy(west)],
        ["database", databaseKeyPolicy(west)],
        ["logs", logsKeyPolicy(home, { cloudTrail: true })],
    ];

    test.each(policies)(
        "%s key: the account keeps every admin action (no lockout) but cannot grant itself use",
        async (_n, policy) => {
            for (const action of ["kms:PutKeyPolicy", "kms:GetKeyPolicy", "kms:CreateAlias", "kms:DisableKey"])
                expect([action, await admin(policy, action)]).toEqual([action, "Allowed"]);
            // kms:Create* would include CreateGrant: a grant bypasses the kms:ViaService conditions.
            expect(await admin(policy, "kms:CreateGrant")).not.toBe("Allowed");
            expect(await admin(policy, "kms:CreateGrant", { "kms:GrantIsForAWSResource": "false" })).not.toBe("Allowed");
        },
    );

    test("grants only for AWS resources, only through RDS and Secrets Manager, only on the database key", async () => {
        const viaRds = { "kms:ViaService": "rds.us-west-2.amazonaws.com", "kms:GrantIsForAWSResource": "true" };
        expect(await admin(databaseKeyPolicy(west), "kms:CreateGrant", viaRds)).toBe("Allowed");
        expect(await admin(dataKeyPolicy(west), "kms:CreateGrant", viaRds)).not.toBe("Allowed");
    });
});

describe("bucket and topic policies", () => {
    const configBucket = names.configBucket(acct, "us-west-2");
    const trailBucket = names.cloudTrailBucket(acct);

    test("AWS Config delivers to its prefix for this account only; nothing without TLS", async () => {
        const policy = configBucketPolicy(west, configBucket);
        const put = (sourceAccount: string, key: string, secure = "true") =>
            simulate({
                principal: "config.amazonaws.com",
                action: "s3:PutObject",
                resource: `arn:aws:s3:::${configBucket}/${key}`,
                resourceAccount: acct,
                resourcePolicy: policy,
                context: {
                    "AWS:SourceAccount": sourceAccount,
                    "s3:x-amz-acl": "bucket-owner-full-control",
                    "aws:SecureTransport": secure,
                },
            });
        expect(await put(acct, `AWSLogs/${acct}/Config/us-west-2/2024/1/1/ConfigHistory/x.json.gz`)).toBe("Allowed");
        expect(await put(other, `AWSLogs/${other}/Config/x`)).not.toBe("Allowed");
        expect(await put(acct, `elsewhere/x`)).not.toBe("Allowed");
        expect(await put(acct, `AWSLogs/${acct}/Config/x`, "false")).toBe("ExplicitlyDenied");
        expect(
            await simulate({
                principal: "config.amazonaws.com",
                action: "s3:GetBucketAcl",
                resource: `arn:aws:s3:::${configBucket}`,
                resourceAccount: acct,
                resourcePolicy: policy,
                context: { "AWS:SourceAccount": acct, "aws:SecureTransport": "true" },
            }),
        ).toBe("Allowed");
    });

    test("CloudTrail delivers for this account's trail only (aws:SourceArn)", async () => {
        const policy = cloudTrailBucketPolicy(home, trailBucket);
        const put = (sourceArn: string) =>
            simulate({
                principal: "cloudtrail.amazonaws.com",
                action: "s3:PutObject",
                resource: `arn:aws:s3:::${trailBucket}/AWSLogs/${acct}/CloudTrail/us-east-1/2024/01/01/x.json.gz`,
                resourceAccount: acct,
                resourcePolicy: policy,
                context: {
                    "aws:SourceArn": sourceArn,
                    "s3:x-amz-acl": "bucket-owner-full-control",
                    "aws:SecureTransport": "true",
                },
            });
        expect(await put(trailArn(home))).toBe("Allowed");
        // The S3 data-events trail delivers to the same bucket.
        expect(await put(dataEventsTrailArn(home))).toBe("Allowed");
        expect(await put(`arn:aws:cloudtrail:us-east-1:${acct}:trail/someone-elses-trail`)).not.toBe("Allowed");
        expect(await put(`arn:aws:cloudtrail:us-east-1:${other}:trail/x`)).not.toBe("Allowed");
    });

    test("the alarm topic accepts CloudWatch alarms of this account only", async () => {
        const policy = alarmTopicPolicy(west);
        const publish = (sourceAccount: string) =>
            simulate({
                principal: "cloudwatch.amazonaws.com",
                action: "sns:Publish",
                resource: alarmTopicArn(west),
                resourceAccount: acct,
                resourcePolicy: policy,
                context: {
                    "aws:SourceAccount": sourceAccount,
                    "aws:SourceArn": `arn:aws:cloudwatch:us-west-2:${sourceAccount}:alarm:x`,
                    "aws:SecureTransport": "true",
                },
            });
        expect(await publish(acct)).toBe("Allowed");
        expect(await publish(other)).not.toBe("Allowed");
    });
});
