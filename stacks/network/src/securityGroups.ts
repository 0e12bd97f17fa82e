/**
 * Security groups as a contract for the layers below (data, api), with every
 * rule declared once in `securityGroupRuleSpecs` so tests and reviewers read
 * one table. Rules are separate aws.vpc.SecurityGroupIngressRule /
 * SecurityGroupEgressRule resources, one peer per rule, each described.
 *
 * Why the groups get no `ingress`/`egress` arguments, not even `[]`: inline
 * rules are authoritative, so `egress: []` would make the provider delete the
 * separate rule resources on every update (the registry warns that mixing the
 * two causes conflicts and perpetual diffs). Leaving them out is enough to
 * drop AWS's default allow-all egress: the provider removes it when it creates
 * a group, so a group's egress is exactly the egress rules below.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { names } from "@baseline/lib";

export type GroupName = "app" | "database" | "endpoint";

export type Peer =
    | { readonly kind: "cidr"; readonly cidr: string }
    | { readonly kind: "group"; readonly group: GroupName }
    | { readonly kind: "prefixList"; readonly list: "s3" };

export interface RuleSpec {
    /** Part of the rule's resource name. */
    readonly id: string;
    readonly group: GroupName;
    readonly direction: "ingress" | "egress";
    readonly protocol: "tcp";
    readonly port: number;
    readonly peer: Peer;
    readonly description: string;
}

/**
 * The database port comes from lib naming.ts, which the data layer's instance
 * uses too: a port change in one layer cannot silently cut the database off.
 */
export const POSTGRES_PORT: number = names.dbPort;
export const HTTPS_PORT = 443;

export const GROUP_DESCRIPTIONS: Readonly<Record<GroupName, string>> = {
    app: "API Lambda functions: egress to the VPC endpoints, S3 and the database only",
    database: "PostgreSQL: ingress from the application security group only",
    endpoint: "Interface VPC endpoints: HTTPS from inside the VPC",
};

/** Every rule of the three groups. No rule has a 0.0.0.0/0 peer: nothing here is a public tier. */
export function securityGroupRuleSpecs(vpcCidr: string): RuleSpec[] {
    return [
        {
            id: "endpoint-in-https-vpc",
            group: "endpoint",
            direction: "ingress",
            protocol: "tcp",
            port: HTTPS_PORT,
            peer: { kind: "cidr", cidr: vpcCidr },
            description: "HTTPS to the interface endpoints from inside the VPC",
        },
        {
            id: "app-out-https-endpoints",
            group: "app",
            direction: "egress",
            protocol: "tcp",
            port: HTTPS_PORT,
            peer: { kind: "group", group: "endpoint" },
            description: "HTTPS to AWS APIs through the interface endpoints",
        },
        {
            id: "app-out-https-s3",
            group: "app",
            direction: "egress",
            protocol: "tcp",
            port: HTTPS_PORT,
            peer: { kind: "prefixList", list: "s3" },
            description: "HTTPS to S3 through the gateway endpoint (S3 prefix list)",
        },
        {
            id: "app-out-postgres",
            group: "app",
            direction: "egress",
            protocol: "tcp",
            port: POSTGRES_PORT,
            peer: { kind: "group", group: "database" },
            description: "PostgreSQL to the database security group",
        },
        {
            id: "database-in-postgres-app",
            group: "database",
            direction: "ingress",
            protocol: "tcp",
            port: POSTGRES_PORT,
            peer: { kind: "group", group: "app" },
            description: "PostgreSQL from the application security group",
        },
    ];
}

export interface RulePeers {
    readonly groups: Partial<Record<GroupName, pulumi.Input<string>>>;
    readonly s3PrefixListId?: pulumi.Input<string>;
}

/** Registers one rule resource for `spec` on `securityGroupId`. */
export function createRule(
    name: string,
    spec: RuleSpec,
    securityGroupId: pulumi.Input<string>,
    peers: RulePeers,
    parent: pulumi.Resource,
): aws.vpc.SecurityGroupIngressRule | aws.vpc.SecurityGroupEgressRule {
    const peer = spec.peer;
    const target =
        peer.kind === "cidr"
            ? { cidrIpv4: peer.cidr }
            : peer.kind === "group"
              ? { referencedSecurityGroupId: required(peers.groups[peer.group], `security group ${peer.group}`) }
              : { prefixListId: required(peers.s3PrefixListId, "S3 prefix list") };
    const args = {
        securityGroupId,
        ipProtocol: spec.protocol,
        fromPort: spec.port,
        toPort: spec.port,
        description: spec.description,
        ...target,
    };
    return spec.direction === "ingress"
        ? new aws.vpc.SecurityGroupIngressRule(`${name}-${spec.id}`, args, { parent })
        : new aws.vpc.SecurityGroupEgressRule(`${name}-${spec.id}`, args, { parent });
}

function required<T>(v: T | undefined, what: string): T {
    if (v === undefined) throw new Error(`rule peer ${what} was not provided`);
    return v;
}

export interface WorkloadSecurityGroupsArgs {
    readonly vpcId: pulumi.Input<string>;
    /** Plain: part of the rule table. */
    readonly vpcCidr: string;
    /** The interface endpoints' group, owned by the endpoints component. */
    readonly endpointSecurityGroupId: pulumi.Input<string>;
    /** The S3 gateway endpoint's prefix list. */
    readonly s3PrefixListId: pulumi.Input<string>;
}

/** The application and database groups and their rules. */
export class WorkloadSecurityGroups extends pulumi.ComponentResource {
    public readonly app: aws.ec2.SecurityGroup;
    public readonly database: aws.ec2.SecurityGroup;

    constructor(name: string, args: WorkloadSecurityGroupsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:network:WorkloadSecurityGroups", name, {}, opts);
        const group = (g: "app" | "database") =>
            new aws.ec2.SecurityGroup(
                `${name}-${g}`,
                { vpcId: args.vpcId, description: GROUP_DESCRIPTIONS[g] },
                { parent: this },
            );
        this.app = group("app");
        this.database = group("database");
        const peers: RulePeers = {
            groups: { app: this.app.id, database: this.database.id, endpoint: args.endpointSecurityGroupId },
            s3PrefixListId: args.s3PrefixListId,
        };
        for (const spec of securityGroupRuleSpecs(args.vpcCidr)) {
            if (spec.group === "app") createRule(name, spec, this.app.id, peers, this);
            if (spec.group === "database") createRule(name, spec, this.database.id, peers, this);
        }
        this.registerOutputs({ appSecurityGroupId: this.app.id, databaseSecurityGroupId: this.database.id });
    }
}
