/**
 * The cost estimate recomputed by hand from the price table for a fixed plan:
 * every line is quantity x the table's price for the stack's region.
 */
import type { PlanFile, PlanStep } from "@baseline/policy-pack/src/planFormat";
import { costMarkdown, estimate, estimateStack, rdsPriceKey } from "../src/cost/estimate";
import { HOURS_PER_MONTH, PRICES, USAGE } from "../src/cost/prices";

function step(type: string, name: string, inputs: Record<string, unknown> = {}): PlanStep {
    const urn = `urn:pulumi:s::p::${type}::${name}`;
    return { op: "create", urn, newState: { urn, type, custom: true, inputs } };
}

function plan(layer: string, region: string, steps: PlanStep[]): PlanFile {
    return { project: `baseline-${layer}`, stack: `production-${region}`, layer, region, steps, outputs: {} };
}

const subnets = (n: number) => Array.from({ length: n }, (_, i) => step("aws:ec2/subnet:Subnet", `s${i}`));

const NETWORK = plan("network", "eu-central-1", [
    ...subnets(9),
    step("aws:ec2/natGateway:NatGateway", "nat-a"),
    step("aws:ec2/natGateway:NatGateway", "nat-b"),
    step("aws:ec2/eip:Eip", "nat-a-ip"),
    step("aws:ec2/eip:Eip", "nat-b-ip"),
    step("aws:ec2/vpcEndpoint:VpcEndpoint", "execute-api", { vpcEndpointType: "Interface", subnetIds: ["a", "b", "c"] }),
    step("aws:ec2/vpcEndpoint:VpcEndpoint", "s3", { vpcEndpointType: "Gateway" }),
]);

const DATA = plan("data", "us-east-1", [
    step("aws:rds/instance:Instance", "db", { instanceClass: "db.m7g.large", multiAz: true, allocatedStorage: 100 }),
    step("aws:kms/key:Key", "k1"),
    step("aws:kms/key:Key", "k2"),
    step("aws:cloudwatch/metricAlarm:MetricAlarm", "a1"),
    step("aws:cloudwatch/logGroup:LogGroup", "lg"),
]);

describe("cost estimate", () => {
    it("prices each billable resource of a stack from the table, in the stack's region", () => {
        const net = estimateStack(NETWORK);
        const eu = "eu-central-1";
        const expected =
            2 * HOURS_PER_MONTH * PRICES.natGatewayHour.usd[eu] +
            2 * USAGE.natGbPerGatewayMonth.value * PRICES.natGatewayGb.usd[eu] +
            2 * HOURS_PER_MONTH * PRICES.publicIpv4Hour.usd[eu] +
            3 * HOURS_PER_MONTH * PRICES.interfaceEndpointAzHour.usd[eu];
        expect(net.monthlyUsd).toBeCloseTo(expected, 1);
        // The gateway endpoint costs nothing; the interface endpoint is billed per zone.
        expect(net.items.filter((i) => i.price === "interfaceEndpointAzHour")).toEqual([
            expect.objectContaining({
                quantity: 3 * HOURS_PER_MONTH,
                unitUsd: 0.012,
                basis: "interface endpoint execute-api in 3 zone(s)",
            }),
        ]);

        const data = estimateStack(DATA);
        const us = "us-east-1";
        expect(data.items.map((i) => [i.price, i.quantity])).toEqual([
            ["rdsPostgresHour_db_m7g_large", 2 * HOURS_PER_MONTH],
            ["rdsGp3GbMonth", 200],
            ["kmsKeyMonth", 2],
            ["logsIngestGb", USAGE.logGbPerGroupMonth.value],
            ["logsStoreGbMonth", USAGE.logGbPerGroupMonth.value * USAGE.logRetainedMonths.value],
            ["alarmMonth", 1],
        ]);
        const dataExpected =
            2 * HOURS_PER_MONTH * PRICES.rdsPostgresHour_db_m7g_large.usd[us] +
            200 * PRICES.rdsGp3GbMonth.usd[us] +
            2 * PRICES.kmsKeyMonth.usd[us] +
            USAGE.logGbPerGroupMonth.value * PRICES.logsIngestGb.usd[us] +
            USAGE.logGbPerGroupMonth.value * USAGE.logRetainedMonths.value * PRICES.logsStoreGbMonth.usd[us] +
            PRICES.alarmMonth.usd[us];
        expect(data.monthlyUsd).toBeCloseTo(dataExpected, 1);

        const all = estimate([NETWORK, DATA]);
        expect(all.monthlyUsd).toBeCloseTo(net.monthlyUsd + data.monthlyUsd, 2);
    });

    it("says what it cannot price instead of guessing", () => {
        const other = estimateStack(plan("network", "ap-southeast-2", [step("aws:ec2/natGateway:NatGateway", "nat")]));
        expect(other.monthlyUsd).toBe(0);
        expect(other.unpriced).toEqual(["region ap-southeast-2: no prices in scripts/src/cost/prices.ts (add a column for it)"]);
        const db = estimateStack(
            plan("data", "us-east-1", [
                step("aws:rds/instance:Instance", "db", { instanceClass: "db.x2iedn.metal", allocatedStorage: 20 }),
            ]),
        );
        expect(db.unpriced).toEqual(["RDS instance db: no price for db.x2iedn.metal"]);
        expect(rdsPriceKey("db.t4g.medium")).toBe("rdsPostgresHour_db_t4g_medium");
    });

    it("shows the levers: what each config key changes, from the same table", () => {
        const { levers } = estimate([NETWORK, DATA]);
        const eu = "eu-central-1";
        const perNat =
            HOURS_PER_MONTH * (PRICES.natGatewayHour.usd[eu] + PRICES.publicIpv4Hour.usd[eu]) +
            USAGE.natGbPerGatewayMonth.value * PRICES.natGatewayGb.usd[eu];
        const none = levers.find((l) => l.change.startsWith("none"))!;
        expect(none.monthlyUsd).toBeCloseTo(-2 * perNat, 1);
        expect(levers.find((l) => l.change.startsWith("per-az"))!.monthlyUsd).toBeCloseTo(perNat, 1); // 3 zones, 2 NATs today
        expect(levers.find((l) => l.key === "baseline-data:dbMultiAz")!.monthlyUsd).toBeCloseTo(
            -(
                HOURS_PER_MONTH * PRICES.rdsPostgresHour_db_m7g_large.usd["us-east-1"] +
                100 * PRICES.rdsGp3GbMonth.usd["us-east-1"]
            ),
            1,
        );
        expect(costMarkdown(estimate([NETWORK, DATA]))).toContain(
            "| `baseline-network:natGateways` | none (no NAT gateway, no public IPv4) | -$",
        );
    });

    it("every price names its source page and date, for every priced region", () => {
        for (const [key, p] of Object.entries(PRICES)) {
            expect([key, p.source]).toEqual([key, expect.stringMatching(/^https:\/\/aws\.amazon\.com\//)]);
            expect([key, p.asOf]).toEqual([key, expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/)]);
            expect([key, Object.keys(p.usd).sort()]).toEqual([key, ["eu-central-1", "eu-west-1", "us-east-1", "us-west-2"]]);
        }
    });
});

describe("detection services the stack runs but does not create", () => {
    const names = (p: PlanFile) => estimateStack(p).items.map((i) => i.price);
    it("counts GuardDuty where the stack configures the designation's detector, and Security Hub where it configures the organization", () => {
        const tooling = plan("security-tooling", "us-east-1", [
            step("aws:guardduty/detectorFeature:DetectorFeature", "s3", { name: "S3_DATA_EVENTS", status: "ENABLED" }),
            step("aws:securityhub/organizationConfiguration:OrganizationConfiguration", "org", { autoEnable: false }),
        ]);
        expect(names(tooling)).toEqual(
            expect.arrayContaining(["guardDutyMillionManagementEvents", "guardDutyMillionS3Events", "securityHubCheck"]),
        );
        const none = plan("security-tooling", "us-east-1", [step("aws:cloudwatch/metricAlarm:MetricAlarm", "a")]);
        expect(names(none)).not.toEqual(expect.arrayContaining(["guardDutyMillionManagementEvents"]));
        expect(names(none)).not.toEqual(expect.arrayContaining(["securityHubCheck"]));
    });
});
