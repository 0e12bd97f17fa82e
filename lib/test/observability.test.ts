import * as aws from "@pulumi/aws";
import { alarmNotifications, encryptedLogGroup } from "../src";
import { findResource, runStack } from "../src/testing";

test("an encrypted log group is retained, encrypted and protected twice", async () => {
    const { resources } = await runStack({
        project: "baseline-api",
        stack: "production-us-east-1",
        config: { "aws:region": "us-east-1" },
        program: async () => {
            encryptedLogGroup("audit", {
                name: "/baseline/audit",
                kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/k",
                retentionInDays: 365,
            });
            new aws.cloudwatch.MetricAlarm("alarm", {
                comparisonOperator: "GreaterThanThreshold",
                evaluationPeriods: 1,
                threshold: 1,
                ...alarmNotifications("arn:aws:sns:us-east-1:123456789012:baseline-alarms"),
            });
        },
    });
    const group = findResource(resources, "aws:cloudwatch/logGroup:LogGroup", "audit");
    expect(group.protect).toBe(true);
    expect(group.inputs).toMatchObject({
        name: "/baseline/audit",
        kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/k",
        retentionInDays: 365,
        deletionProtectionEnabled: true,
    });
    expect(findResource(resources, "aws:cloudwatch/metricAlarm:MetricAlarm").inputs).toMatchObject({
        actionsEnabled: true,
        alarmActions: ["arn:aws:sns:us-east-1:123456789012:baseline-alarms"],
        okActions: ["arn:aws:sns:us-east-1:123456789012:baseline-alarms"],
    });
});
