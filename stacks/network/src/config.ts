/**
 * Every config key of the network layer, read once and validated together:
 * one ConfigValidationError lists every problem (key, value, what is allowed).
 */
import * as pulumi from "@pulumi/pulumi";
import {
    Cidr,
    CommonConfig,
    ConfigReader,
    ConfigSource,
    ConfigValidationError,
    formatCidr,
    isPrivate,
    isRegion,
    LAYERS,
    LOG_RETENTION_DAYS,
    parseCidr,
    pulumiConfigSource,
    readCommonConfig,
    Region,
    REGIONS,
    VPC_CIDRS,
} from "@baseline/lib";
import { DEFAULT_INTERFACE_SERVICES, EXECUTE_API_SERVICE, KNOWN_INTERFACE_SERVICES, isKnownInterfaceService } from "./services";
import { MAX_SUBNET_PREFIX, MIN_SUBNET_PREFIX, TIERS, Tier, subnetPlanProblems } from "./subnetPlan";

export const PROJECT = LAYERS.network.project;

/**
 * Each region's VPC range from topology.yaml (one non-overlapping range per region, so the VPCs
 * can be peered or attached to a transit gateway later). `vpcCidrs` left empty, its default in
 * Pulumi.yaml, means these.
 */
export const DEFAULT_VPC_CIDRS: Readonly<Record<Region, string>> = VPC_CIDRS;

export const DEFAULT_SUBNET_PREFIXES: Readonly<Record<Tier, number>> = { public: 24, private: 20, isolated: 24 };

/**
 * `none`: no NAT gateway and no route to the internet from the private tier. `single`: one shared
 * NAT (egress fails with its AZ). `per-az`: one NAT gateway per AZ (AZ-independent egress).
 */
export const NAT_MODES = ["none", "single", "per-az"] as const;
export type NatMode = (typeof NAT_MODES)[number];

/**
 * `none` by default because nothing the baseline runs can use a NAT gateway: the only workload
 * in the private tier, the API's Lambda, has a security group whose egress goes only to the
 * endpoint security group, the S3 prefix list and the database (src/securityGroups.ts), so no
 * packet of it could leave through a NAT route. Each NAT gateway is billed per hour and per GB
 * processed, plus its public IPv4 address, whether or not anything uses it.
 */
export const DEFAULT_NAT_MODE: NatMode = "none";

/** CloudWatch.16 / CKV_AWS_338: flow logs are audit data and are kept at least a year unless explicitly lowered. */
export const MIN_FLOW_LOG_RETENTION_DAYS = 365;

export const AZ_COUNT = { default: 3, min: 2, max: 6 } as const;

export interface NetworkConfig extends CommonConfig {
    /** All regions' VPC CIDRs (validated not to overlap). */
    readonly vpcCidrs: Readonly<Record<string, string>>;
    /** This region's VPC CIDR. */
    readonly vpcCidr: Cidr;
    readonly vpcCidrBlock: string;
    readonly azCount: number;
    readonly natGateways: NatMode;
    readonly subnetPrefixes: Readonly<Record<Tier, number>>;
    readonly interfaceEndpoints: readonly string[];
    readonly flowLogRetentionDays: number;
    readonly allowShortFlowLogRetention: boolean;
    readonly rejectedFlowsAlarmThreshold: number;
    readonly natPacketsDropAlarmThreshold: number;
}

const VPC_CIDRS_KEY = "vpcCidrs";

/** Parses `vpcCidrs` entries (`<region>=<cidr>`), recording a problem for each bad entry. */
function readVpcCidrs(reader: ConfigReader): Record<string, Cidr> {
    const entries = reader.stringList(VPC_CIDRS_KEY, {
        describeItem: "entries like us-east-1=10.10.0.0/16",
    });
    // Empty (the default) means the ranges of topology.yaml; a stack file may override the whole list.
    if (entries.length === 0) entries.push(...Object.entries(DEFAULT_VPC_CIDRS).map(([r, c]) => `${r}=${c}`));
    const out: Record<string, Cidr> = {};
    for (const entry of entries) {
        const m = /^\s*([a-z0-9-]+)\s*=\s*(\S+)\s*$/.exec(entry);
        if (!m) {
            reader.problem(VPC_CIDRS_KEY, entry, "entries of the form <region>=<cidr>, e.g. us-east-1=10.10.0.0/16");
            continue;
        }
        const [, region, text] = m;
        if (!isRegion(region)) {
            reader.problem(VPC_CIDRS_KEY, entry, `a region of the baseline (${REGIONS.join(", ")})`);
            continue;
        }
        if (region in out) {
            reader.problem(VPC_CIDRS_KEY, entry, `one entry per region (${region} appears twice)`);
            continue;
        }
        const cidr = parseCidr(text);
        if (typeof cidr === "string") {
            reader.problem(VPC_CIDRS_KEY, entry, `an IPv4 CIDR block: ${cidr}`);
            continue;
        }
        if (cidr.prefix < 16 || cidr.prefix > 28) {
            reader.problem(VPC_CIDRS_KEY, entry, "a prefix length from /16 to /28 (AWS VPC limits)");
            continue;
        }
        if (!isPrivate(cidr)) {
            reader.problem(VPC_CIDRS_KEY, entry, "a private range inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16");
            continue;
        }
        out[region] = cidr;
    }
    return out;
}

export function readConfig(source: ConfigSource = pulumiConfigSource(), stack?: string): NetworkConfig {
    const reader = new ConfigReader(PROJECT, source, stack ?? currentStack());
    const common = readCommonConfig(reader, { layer: "network" });

    const cidrs = readVpcCidrs(reader);
    reader.noOverlaps(VPC_CIDRS_KEY, cidrs);
    const own = cidrs[common.region];
    reader.check(
        own !== undefined || Object.keys(cidrs).length === 0,
        VPC_CIDRS_KEY,
        reader.raw(VPC_CIDRS_KEY),
        `an entry for this stack's region ${common.region}`,
    );
    const vpcCidr = own ?? (parseCidr(DEFAULT_VPC_CIDRS[common.region]) as Cidr);

    const azCount = reader.number("azCount", AZ_COUNT);
    const natGateways = reader.oneOf("natGateways", NAT_MODES, DEFAULT_NAT_MODE);
    const subnetPrefixes = Object.fromEntries(
        TIERS.map((t) => [
            t,
            reader.number(`${t}SubnetPrefix`, {
                default: DEFAULT_SUBNET_PREFIXES[t],
                min: MIN_SUBNET_PREFIX,
                max: MAX_SUBNET_PREFIX,
            }),
        ]),
    ) as Record<Tier, number>;
    if (own !== undefined) {
        for (const p of subnetPlanProblems({ vpcCidr, azCount, prefixes: subnetPrefixes })) {
            if (p.tier) reader.problem(`${p.tier}SubnetPrefix`, subnetPrefixes[p.tier], p.message);
            else reader.problem(VPC_CIDRS_KEY, `${common.region}=${formatCidr(vpcCidr)}`, p.message);
        }
    }

    const interfaceEndpoints = reader.stringList("interfaceEndpoints", { default: DEFAULT_INTERFACE_SERVICES });
    const unknown = interfaceEndpoints.filter((s) => !isKnownInterfaceService(s));
    reader.check(
        unknown.length === 0,
        "interfaceEndpoints",
        unknown,
        `known interface endpoint services (${KNOWN_INTERFACE_SERVICES.join(", ")}); ` +
            `${EXECUTE_API_SERVICE} is always created and s3 uses the gateway endpoint`,
    );
    const dupes = interfaceEndpoints.filter((s, i) => interfaceEndpoints.indexOf(s) !== i);
    reader.check(dupes.length === 0, "interfaceEndpoints", dupes, "each service at most once");

    const allowShortFlowLogRetention = reader.bool("allowShortFlowLogRetention", false);
    const flowLogRetentionDays = reader.number("flowLogRetentionDays", {
        default: MIN_FLOW_LOG_RETENTION_DAYS,
        min: 1,
        max: 3653,
        oneOf: LOG_RETENTION_DAYS,
    });
    reader.check(
        allowShortFlowLogRetention || flowLogRetentionDays >= MIN_FLOW_LOG_RETENTION_DAYS,
        "flowLogRetentionDays",
        flowLogRetentionDays,
        `at least ${MIN_FLOW_LOG_RETENTION_DAYS} days (CloudWatch.16); set allowShortFlowLogRetention=true to go lower deliberately`,
    );

    const rejectedFlowsAlarmThreshold = reader.number("rejectedFlowsAlarmThreshold", { default: 500, min: 1, max: 100_000_000 });
    const natPacketsDropAlarmThreshold = reader.number("natPacketsDropAlarmThreshold", {
        default: 100,
        min: 1,
        max: 100_000_000,
    });

    return reader.finish({
        ...common,
        vpcCidrs: Object.fromEntries(Object.entries(cidrs).map(([r, c]) => [r, formatCidr(c)])),
        vpcCidr,
        vpcCidrBlock: formatCidr(vpcCidr),
        azCount,
        natGateways,
        subnetPrefixes,
        interfaceEndpoints,
        flowLogRetentionDays,
        allowShortFlowLogRetention,
        rejectedFlowsAlarmThreshold,
        natPacketsDropAlarmThreshold,
    });
}

/** One availability zone as aws.getAvailabilityZones reports it. */
export interface Zone {
    readonly name: string;
    readonly zoneId: string;
}

/** `use1-az10` after `use1-az9`: zone IDs compared by their number. */
function byZoneId(a: Zone, b: Zone): number {
    const num = (z: Zone) => Number(/-az(\d+)$/.exec(z.zoneId)?.[1] ?? Number.MAX_SAFE_INTEGER);
    return num(a) - num(b) || a.zoneId.localeCompare(b.zoneId);
}

/**
 * The `azCount` zones the subnets span, chosen by zone ID rather than by name. Zone names are
 * mapped to physical zones differently in every account ("AZ IDs ... are the same across all
 * accounts", the AZ name mapping is not; Amazon EC2 user guide, "AZ IDs"), so "the first names"
 * is a different, arbitrary set per account, and can include a zone where a needed endpoint
 * service is not offered. Only zones that every interface endpoint service of the VPC offers
 * (`offeredBy`, from aws.ec2.getVpcEndpointService) are eligible; the lowest zone IDs of those
 * are taken, so the choice is the same physical zones in every account of the same region.
 *
 * Whether enough zones remain can only be checked once the data sources have answered, so this
 * raises the same ConfigValidationError as `readConfig`, still before any resource is registered.
 */
export function chooseAvailabilityZones(
    azCount: number,
    zones: readonly Zone[],
    offeredBy: Readonly<Record<string, readonly string[]>>,
    region: string,
    stack?: string,
): string[] {
    const missing = (z: Zone) => Object.keys(offeredBy).filter((svc) => !offeredBy[svc].includes(z.name));
    const eligible = [...zones].sort(byZoneId).filter((z) => missing(z).length === 0);
    if (azCount > eligible.length) {
        const excluded = zones
            .filter((z) => missing(z).length > 0)
            .map((z) => `${z.name} (${z.zoneId}) lacks ${missing(z).join(", ")}`);
        throw new ConfigValidationError(stack ?? currentStack(), [
            {
                key: `${PROJECT}:azCount`,
                value: azCount,
                allowed:
                    `from ${AZ_COUNT.min} to ${eligible.length}: ${region} has ${eligible.length} available AZs that offer every ` +
                    `interface endpoint service (${eligible.map((z) => `${z.name} (${z.zoneId})`).join(", ") || "none"})` +
                    (excluded.length > 0 ? `; excluded: ${excluded.join("; ")}` : ""),
            },
        ]);
    }
    return eligible.slice(0, azCount).map((z) => z.name);
}

/**
 * The configured interface endpoints whose service takes no endpoint policy. AWS lets everything
 * through those: "If an AWS service doesn't support endpoint policies, we allow full access to any
 * endpoint for the service" (Amazon VPC PrivateLink guide, "Control access to VPC endpoints using
 * endpoint policies"), so the data perimeter every endpoint of this layer claims (policies.ts) would
 * not hold. `policySupported` is DescribeVpcEndpointServices' `VpcEndpointPolicySupported` of each
 * service, known only once the data sources have answered: refused with the same
 * ConfigValidationError as `readConfig`, before any resource is registered.
 */
export function refuseUnrestrictedEndpoints(
    services: readonly string[],
    policySupported: Readonly<Record<string, boolean>>,
    region: string,
    stack?: string,
): void {
    const open = services.filter((s) => policySupported[s] === false);
    if (open.length === 0) return;
    throw new ConfigValidationError(stack ?? currentStack(), [
        {
            key: `${PROJECT}:interfaceEndpoints`,
            value: open,
            allowed:
                `services whose endpoints take an endpoint policy: in ${region}, ${open.join(", ")} ` +
                `${open.length === 1 ? "takes" : "take"} none, so AWS would let every principal reach every resource through ` +
                `${open.length === 1 ? "it" : "them"} (DescribeVpcEndpointServices VpcEndpointPolicySupported false)`,
        },
    ]);
}

function currentStack(): string {
    try {
        return `${pulumi.getProject()}/${pulumi.getStack()}`;
    } catch {
        return `${PROJECT}/(unknown stack)`;
    }
}
