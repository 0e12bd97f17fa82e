/**
 * The monthly cost of what a plan creates: every billable resource of every
 * stack, priced from prices.ts with the usage assumptions stated there. Pure:
 * plan files in, figures out; `npm run plan` prints the total, writes it to
 * summary.md and the HTML report, and the pull-request comment carries it.
 */
import type { PlanFile, PlanStep } from "@baseline/policy-pack/src/planFormat";
import { HOURS_PER_MONTH, PRICED_REGIONS, PRICES, PriceKey, PricedRegion, USAGE } from "./prices";

export interface LineItem {
    /** The price used (a key of PRICES). */
    readonly price: PriceKey;
    readonly description: string;
    readonly quantity: number;
    readonly unit: string;
    readonly unitUsd: number;
    readonly monthlyUsd: number;
    /** What in the plan makes this cost: resource names, or the assumption used. */
    readonly basis: string;
}

export interface StackCost {
    /** `project/stack` */
    readonly stack: string;
    readonly region: string;
    readonly items: readonly LineItem[];
    /** Billable things the table cannot price (a region or an instance class it has no price for). */
    readonly unpriced: readonly string[];
    readonly monthlyUsd: number;
}

export interface Lever {
    /** `<project>:<key>` of the config key that changes the cost. */
    readonly key: string;
    readonly change: string;
    /** Monthly change of the total, negative for a saving. */
    readonly monthlyUsd: number;
}

export interface CostEstimate {
    readonly stacks: readonly StackCost[];
    readonly monthlyUsd: number;
    readonly levers: readonly Lever[];
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

function isPriced(region: string): region is PricedRegion {
    return (PRICED_REGIONS as readonly string[]).includes(region);
}

function resources(plan: PlanFile, type: string): PlanStep[] {
    return plan.steps.filter((s) => s.op !== "read" && s.newState.type === type);
}

const nameOf = (s: PlanStep): string => s.urn.split("::").pop() ?? s.urn;

/** The RDS price key of an instance class, e.g. db.m7g.large -> rdsPostgresHour_db_m7g_large. */
export function rdsPriceKey(instanceClass: string): PriceKey | undefined {
    const key = `rdsPostgresHour_${instanceClass.replace(/\./g, "_")}`;
    return key in PRICES ? (key as PriceKey) : undefined;
}

/** Interface endpoints and the number of zones each is placed in. */
function interfaceEndpoints(plan: PlanFile): { name: string; zones: number }[] {
    return resources(plan, "aws:ec2/vpcEndpoint:VpcEndpoint")
        .filter((s) => s.newState.inputs.vpcEndpointType === "Interface")
        .map((s) => ({ name: nameOf(s), zones: Math.max(1, ((s.newState.inputs.subnetIds as unknown[]) ?? []).length) }));
}

function recordsS3DataEvents(plan: PlanFile): boolean {
    return resources(plan, "aws:cloudtrail/trail:Trail").some((t) =>
        JSON.stringify(t.newState.inputs.advancedEventSelectors ?? t.newState.inputs.eventSelectors ?? []).includes(
            "AWS::S3::Object",
        ),
    );
}

function guardDutyS3Protection(plan: PlanFile): boolean {
    return resources(plan, "aws:guardduty/detectorFeature:DetectorFeature").some(
        (f) => f.newState.inputs.name === "S3_DATA_EVENTS" && f.newState.inputs.status === "ENABLED",
    );
}

/**
 * GuardDuty runs in the stack's account and region: the stack creates the detector, or configures one
 * that is there (security-tooling looks up the detector its delegated-administrator designation created
 * and sets its protection plans).
 */
function enablesGuardDuty(plan: PlanFile): boolean {
    return ["aws:guardduty/detector:Detector", "aws:guardduty/detectorFeature:DetectorFeature"].some(
        (t) => resources(plan, t).length > 0,
    );
}

/**
 * Security Hub runs in the stack's account and region: the stack enables it, or configures the
 * organization from it (security-tooling's home region, enabled by the designation).
 */
function enablesSecurityHub(plan: PlanFile): boolean {
    return ["aws:securityhub/account:Account", "aws:securityhub/organizationConfiguration:OrganizationConfiguration"].some(
        (t) => resources(plan, t).length > 0,
    );
}

export function estimateStack(plan: PlanFile): StackCost {
    const region = plan.region;
    const stack = `${plan.project}/${plan.stack}`;
    if (!isPriced(region)) {
        const billable = plan.steps.filter((s) => s.newState.custom && s.op !== "read").length;
        return {
            stack,
            region,
            items: [],
            unpriced: billable > 0 ? [`region ${region}: no prices in scripts/src/cost/prices.ts (add a column for it)`] : [],
            monthlyUsd: 0,
        };
    }
    const items: LineItem[] = [];
    const unpriced: string[] = [];
    const add = (price: PriceKey, quantity: number, basis: string): void => {
        if (quantity <= 0) return;
        const p = PRICES[price];
        const unitUsd = (p.usd as Partial<Record<PricedRegion, number>>)[region];
        if (unitUsd === undefined) {
            unpriced.push(`${p.description}: no ${region} price`);
            return;
        }
        items.push({
            price,
            description: p.description,
            quantity,
            unit: p.unit,
            unitUsd,
            monthlyUsd: round2(quantity * unitUsd),
            basis,
        });
    };
    const names = (ss: PlanStep[]): string => ss.map(nameOf).join(", ");

    const nats = resources(plan, "aws:ec2/natGateway:NatGateway");
    add("natGatewayHour", nats.length * HOURS_PER_MONTH, `${nats.length} NAT gateway(s): ${names(nats)}`);
    add("natGatewayGb", nats.length * USAGE.natGbPerGatewayMonth.value, `${USAGE.natGbPerGatewayMonth.value} GB each (assumed)`);
    const eips = resources(plan, "aws:ec2/eip:Eip");
    add("publicIpv4Hour", eips.length * HOURS_PER_MONTH, `${eips.length} Elastic IP(s): ${names(eips)}`);
    for (const e of interfaceEndpoints(plan)) {
        add("interfaceEndpointAzHour", e.zones * HOURS_PER_MONTH, `interface endpoint ${e.name} in ${e.zones} zone(s)`);
    }
    for (const db of resources(plan, "aws:rds/instance:Instance")) {
        const i = db.newState.inputs;
        const copies = i.multiAz === true ? 2 : 1;
        const cls = String(i.instanceClass);
        const key = rdsPriceKey(cls);
        if (key) add(key, copies * HOURS_PER_MONTH, `${nameOf(db)} ${cls}${copies === 2 ? " Multi-AZ (2 instances)" : ""}`);
        else unpriced.push(`RDS instance ${nameOf(db)}: no price for ${cls}`);
        const gb = Number(i.allocatedStorage ?? 0);
        add("rdsGp3GbMonth", copies * gb, `${nameOf(db)} ${gb} GB gp3${copies === 2 ? " x 2 (Multi-AZ)" : ""}`);
    }
    for (const r of resources(plan, "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication")) {
        const db = resources(plan, "aws:rds/instance:Instance")[0];
        const gb = Number(db?.newState.inputs.allocatedStorage ?? 0);
        add("rdsBackupGbMonth", gb, `${nameOf(r)}: replicated automated backups, about the database's ${gb} GB`);
    }
    const keys = resources(plan, "aws:kms/key:Key");
    add("kmsKeyMonth", keys.length, `${keys.length} customer managed key(s)`);
    if (resources(plan, "aws:cfg/recorder:Recorder").length > 0) {
        add("configItem", USAGE.configItemsPerRegionMonth.value, `${USAGE.configItemsPerRegionMonth.value} items (assumed)`);
    }
    const rules = resources(plan, "aws:cfg/rule:Rule");
    add(
        "configRuleEvaluation",
        rules.length * USAGE.evaluationsPerRuleMonth.value,
        `${rules.length} rule(s) x ${USAGE.evaluationsPerRuleMonth.value} evaluations (assumed)`,
    );
    if (enablesGuardDuty(plan)) {
        add(
            "guardDutyMillionManagementEvents",
            USAGE.managementEventsMillionsPerRegionMonth.value,
            "management events (assumed)",
        );
        add("guardDutyFlowDnsGb", USAGE.flowDnsGbPerRegionMonth.value, "flow and DNS logs (assumed)");
        if (guardDutyS3Protection(plan))
            add("guardDutyMillionS3Events", USAGE.s3DataEventsMillionsPerMonth.value, "S3 Protection (assumed events)");
    }
    if (enablesSecurityHub(plan)) {
        add(
            "securityHubCheck",
            USAGE.securityHubChecksPerRegionMonth.value,
            `${USAGE.securityHubChecksPerRegionMonth.value} checks (assumed)`,
        );
    }
    if (recordsS3DataEvents(plan)) {
        add(
            "cloudTrailDataEvents100k",
            USAGE.s3DataEventsMillionsPerMonth.value * 10,
            `S3 data events of the trail (assumed ${USAGE.s3DataEventsMillionsPerMonth.value} million)`,
        );
    }
    const groups = resources(plan, "aws:cloudwatch/logGroup:LogGroup");
    add(
        "logsIngestGb",
        groups.length * USAGE.logGbPerGroupMonth.value,
        `${groups.length} log group(s) x ${USAGE.logGbPerGroupMonth.value} GB (assumed)`,
    );
    add(
        "logsStoreGbMonth",
        groups.length * USAGE.logGbPerGroupMonth.value * USAGE.logRetainedMonths.value,
        `${USAGE.logRetainedMonths.value} months kept (assumed)`,
    );
    const alarms = resources(plan, "aws:cloudwatch/metricAlarm:MetricAlarm");
    add("alarmMonth", alarms.length, `${alarms.length} alarm(s)`);
    const vaults = resources(plan, "aws:backup/vault:Vault");
    add(
        "backupWarmGbMonth",
        vaults.length * USAGE.backupGbPerVaultMonth.value,
        `${vaults.length} vault(s) x ${USAGE.backupGbPerVaultMonth.value} GB (assumed)`,
    );
    const copies = resources(plan, "aws:backup/plan:Plan").filter((p) =>
        JSON.stringify(p.newState.inputs.rules ?? []).includes("destinationVaultArn"),
    );
    add(
        "interRegionTransferGb",
        copies.length * USAGE.replicatedGbPerMonth.value,
        `backup copies to the partner: ${names(copies)}`,
    );
    for (const r of resources(plan, "aws:s3/bucketReplicationConfig:BucketReplicationConfig")) {
        const rtc = JSON.stringify(r.newState.inputs.rules ?? []).includes('"replicationTime"');
        add("interRegionTransferGb", USAGE.replicatedGbPerMonth.value, `${nameOf(r)}: replication to the partner (assumed GB)`);
        if (rtc) add("s3RtcGb", USAGE.replicatedGbPerMonth.value, `${nameOf(r)}: Replication Time Control`);
        add("s3StandardGbMonth", USAGE.replicaStoredGb.value, `${nameOf(r)}: the replica copy (assumed GB)`);
    }
    return { stack, region, items, unpriced, monthlyUsd: round2(items.reduce((n, i) => n + i.monthlyUsd, 0)) };
}

/** What changing one config key does to the monthly total, from the same table. */
export function levers(plans: readonly PlanFile[]): Lever[] {
    const out: Lever[] = [];
    const price = (k: PriceKey, region: string): number => (PRICES[k].usd as Partial<Record<string, number>>)[region] ?? 0;
    let nat = 0;
    let perAz = 0;
    let single = 0;
    let multiAz = 0;
    let endpoints = 0;
    let endpointCount = 0;
    let dataEvents = 0;
    for (const plan of plans) {
        const r = plan.region;
        const natHour =
            price("natGatewayHour", r) * HOURS_PER_MONTH + price("natGatewayGb", r) * USAGE.natGbPerGatewayMonth.value;
        const ipHour = price("publicIpv4Hour", r) * HOURS_PER_MONTH;
        const nats = resources(plan, "aws:ec2/natGateway:NatGateway").length;
        nat += nats * (natHour + ipHour);
        if (plan.layer === "network") {
            const zones = resources(plan, "aws:ec2/subnet:Subnet").length / 3;
            perAz += zones * (natHour + ipHour);
            single += natHour + ipHour;
        }
        for (const db of resources(plan, "aws:rds/instance:Instance")) {
            const i = db.newState.inputs;
            const key = rdsPriceKey(String(i.instanceClass));
            if (i.multiAz === true && key)
                multiAz += price(key, r) * HOURS_PER_MONTH + price("rdsGp3GbMonth", r) * Number(i.allocatedStorage ?? 0);
        }
        for (const e of interfaceEndpoints(plan)) {
            endpoints += e.zones * price("interfaceEndpointAzHour", r) * HOURS_PER_MONTH;
            endpointCount++;
        }
        if (recordsS3DataEvents(plan))
            dataEvents += price("cloudTrailDataEvents100k", r) * USAGE.s3DataEventsMillionsPerMonth.value * 10;
    }
    const network = plans.filter((p) => p.layer === "network").length;
    if (network > 0) {
        out.push({
            key: "baseline-network:natGateways",
            change: "none (no NAT gateway, no public IPv4)",
            monthlyUsd: round2(-nat),
        });
        out.push({ key: "baseline-network:natGateways", change: "single (one per region)", monthlyUsd: round2(single - nat) });
        out.push({ key: "baseline-network:natGateways", change: "per-az (one per zone)", monthlyUsd: round2(perAz - nat) });
        const perEndpoint = plans
            .filter((p) => p.layer === "network" && isPriced(p.region))
            .reduce(
                (n, p) =>
                    n +
                    price("interfaceEndpointAzHour", p.region) *
                        HOURS_PER_MONTH *
                        (resources(p, "aws:ec2/subnet:Subnet").length / 3),
                0,
            );
        out.push({
            key: "baseline-network:interfaceEndpoints",
            change: `each further endpoint service in every region (now ${endpointCount} endpoint(s), ${round2(endpoints)} USD)`,
            monthlyUsd: round2(perEndpoint),
        });
    }
    if (multiAz > 0)
        out.push({ key: "baseline-data:dbMultiAz", change: "false (single-AZ database)", monthlyUsd: round2(-multiAz) });
    if (dataEvents > 0)
        out.push({
            key: "baseline-security:s3DataEvents",
            change: "off (no CloudTrail S3 data events)",
            monthlyUsd: round2(-dataEvents),
        });
    return out;
}

export function estimate(plans: readonly PlanFile[]): CostEstimate {
    const stacks = plans.map(estimateStack);
    return { stacks, monthlyUsd: round2(stacks.reduce((n, s) => n + s.monthlyUsd, 0)), levers: levers(plans) };
}

export function usd(n: number): string {
    const abs = Math.abs(n).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    return `${n < 0 ? "-" : ""}$${abs}`;
}

/** The cost section of summary.md and the pull-request comment. */
export function costMarkdown(e: CostEstimate): string {
    const lines = [
        "## Monthly cost estimate",
        "",
        `**${usd(e.monthlyUsd)} a month** at list prices for what the plan creates, with the usage assumptions of scripts/src/cost/prices.ts (no workload traffic, no free tier, no discounts).`,
        "",
        "| stack | region | USD / month |",
        "|---|---|---:|",
        ...e.stacks.map(
            (s) =>
                `| ${s.stack} | ${s.region} | ${s.unpriced.length ? `${usd(s.monthlyUsd)} + not priced` : usd(s.monthlyUsd)} |`,
        ),
        "",
        "| lever | change | USD / month |",
        "|---|---|---:|",
        ...e.levers.map((l) => `| \`${l.key}\` | ${l.change} | ${l.monthlyUsd > 0 ? "+" : ""}${usd(l.monthlyUsd)} |`),
    ];
    const unpriced = e.stacks.flatMap((s) => s.unpriced.map((u) => `${s.stack}: ${u}`));
    if (unpriced.length) lines.push("", "Not priced:", ...unpriced.map((u) => `- ${u}`));
    return lines.join("\n") + "\n";
}
