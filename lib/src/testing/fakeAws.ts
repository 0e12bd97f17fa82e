/**
 * Realistic, deterministic ids and ARNs for the mock runtime, so that values one
 * resource hands another (a key ARN in a bucket's encryption, a role ARN in a
 * flow log) look like what AWS returns: right service, region and account.
 * Every value derives from a hash of stack, type and name, so two runs of the
 * same program produce the same plan.
 */
import { createHash } from "crypto";
import { ACCOUNTS } from "../environment";
import { TAGGABLE_AWS_TYPES } from "../taggable.generated";

/** The account the fake AWS answers as unless told another (moto's default account too). */
export const DEFAULT_ACCOUNT_ID = "123456789012";

export interface FakeAwsContext {
    readonly accountId: string;
    /** Default region of the stack (`aws:region`); a resource's own `region` input wins. */
    readonly region: string;
    /** Distinguishes stacks so that ids differ across regions. */
    readonly stack: string;
    /** Whether the region still has its default VPC (a fresh account has one in every region). Default true. */
    readonly defaultVpc?: boolean;
    /**
     * The organization the account already manages, with what it has enabled; undefined (the default): the
     * account is in no organization, as a fresh one is.
     */
    readonly existingOrganization?: {
        readonly id: string;
        readonly awsServiceAccessPrincipals: readonly string[];
        readonly enabledPolicyTypes: readonly string[];
    };
}

/** The id of the region's default VPC in the mock account (the same in every stack, like the real one). */
export function defaultVpcId(region: string, accountId: string): string {
    return `vpc-${hex(`default-vpc|${accountId}|${region}`, 17)}`;
}

/**
 * The id of the region's GuardDuty detector in the mock account: the one the delegated administrator's
 * designation creates, which `getDetector` finds (the same in every stack, like the real one).
 */
export function guardDutyDetectorId(region: string, accountId: string): string {
    return hex(`guardduty-detector|${accountId}|${region}`, 32);
}

/**
 * Availability zone names of the regions whose set is not simply a, b, c: every other commercial
 * region answers with three zones. (ap-northeast-1 has no "b" zone for accounts created since 2012;
 * us-west-1 offers two zones to new accounts.)
 */
export const AZS_BY_REGION: Readonly<Record<string, readonly string[]>> = {
    "us-east-1": ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"],
    "us-west-2": ["us-west-2a", "us-west-2b", "us-west-2c", "us-west-2d"],
    "eu-central-1": ["eu-central-1a", "eu-central-1b", "eu-central-1c"],
    "ap-northeast-1": ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"],
    "ap-northeast-2": ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c", "ap-northeast-2d"],
    "us-west-1": ["us-west-1b", "us-west-1c"],
};

/** Commercial (aws partition) region names: `<area>-<direction>-<n>`, e.g. eu-west-1, ap-southeast-4. */
export const COMMERCIAL_REGION =
    /^(us|eu|ap|sa|ca|me|af|il|mx)-(central|north|south|east|west|northeast|southeast|northwest|southwest)-\d{1,2}$/;

const DIRECTION_CODE: Readonly<Record<string, string>> = {
    central: "c",
    north: "n",
    south: "s",
    east: "e",
    west: "w",
    northeast: "ne",
    southeast: "se",
    northwest: "nw",
    southwest: "sw",
};

function unknownRegion(region: string): Error {
    return new Error(
        `the offline mock answers for commercial AWS regions only (like eu-west-1 or ap-southeast-2); ` +
            `"${region}" is not one (GovCloud and China regions use other partitions)`,
    );
}

/** The zone ID prefix AWS uses for a region: use1, euc1, apse2, ... */
export function zoneIdPrefix(region: string): string {
    const m = COMMERCIAL_REGION.exec(region);
    if (!m) throw unknownRegion(region);
    return `${m[1]}${DIRECTION_CODE[m[2]]}${region.slice(region.lastIndexOf("-") + 1)}`;
}

/** The region's zone names, as a fresh account sees them. */
export function availabilityZonesOf(region: string): string[] {
    zoneIdPrefix(region);
    return [...(AZS_BY_REGION[region] ?? ["a", "b", "c"].map((l) => `${region}${l}`))];
}

/**
 * Zone names map to physical zones (zone IDs) differently in every account: AWS shuffles the
 * mapping per account, so `us-east-1a` of one account is not that of another. The mock does the
 * same, deterministically from the account id, so code that takes "the first names" gets zones
 * that differ from a choice by zone ID.
 */
export function zoneIdsOf(region: string, accountId: string): string[] {
    const names = availabilityZonesOf(region);
    const ids = names.map((_n, k) => `${zoneIdPrefix(region)}-az${k + 1}`);
    const order = ids.map((id) => ({ id, rank: createHash("sha256").update(`${accountId}|${id}`).digest("hex") }));
    order.sort((a, b) => a.rank.localeCompare(b.rank));
    return order.map((o) => o.id);
}

/**
 * Zones (by zone ID) in which the mock offers no interface endpoint service. Real services list
 * their zones in DescribeVpcEndpointServices, and not every service is in every zone; the mock
 * leaves one zone of us-east-1 out so that a choice of "the first names" can land on a zone a
 * service does not serve, as it can on AWS.
 */
export const ENDPOINT_SERVICE_GAPS: readonly string[] = ["use1-az3"];

/** Services whose endpoints are gateways, not interfaces. */
const GATEWAY_SERVICES = ["s3", "dynamodb"];

/**
 * Services the mock knows an endpoint service for (anything else is refused, as AWS does). Written
 * out, not taken from the network layer's KNOWN_INTERFACE_SERVICES: the mock stands for AWS, so a
 * name the layer gets wrong must not be answered just because the layer lists it.
 */
const ENDPOINT_SERVICES = [
    "execute-api",
    "logs",
    "kms",
    "sqs",
    "sns",
    "secretsmanager",
    "ssm",
    "ssmmessages",
    "ec2messages",
    "ec2",
    "ecr.api",
    "ecr.dkr",
    "xray",
    "sts",
    "monitoring",
    "events",
    "lambda",
    "states",
    "rds",
    "elasticloadbalancing",
    "ssm-contacts",
    "ssm-incidents",
    ...GATEWAY_SERVICES,
];

function hex(seed: string, n: number): string {
    let out = "";
    for (let i = 0; out.length < n; i++) out += createHash("sha256").update(`${seed}#${i}`).digest("hex");
    return out.slice(0, n);
}

function alnum(seed: string, n: number, upper = false): string {
    const chars = upper ? "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" : "abcdefghijklmnopqrstuvwxyz0123456789";
    const h = hex(seed, n * 2);
    let out = "";
    for (let i = 0; i < n; i++) out += chars[parseInt(h.slice(i * 2, i * 2 + 2), 16) % chars.length];
    return out;
}

function uuid(seed: string): string {
    const h = hex(seed, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

type State = Record<string, unknown>;
type Maker = (name: string, inputs: State, c: Ctx) => { id: string; state: State };

interface Ctx extends FakeAwsContext {
    readonly seed: string;
    readonly acct: string;
}

const ec2 =
    (prefix: string, kind: string): Maker =>
    (_n, _i, c) => {
        const id = `${prefix}-${hex(c.seed, 17)}`;
        return { id, state: { arn: `arn:aws:ec2:${c.region}:${c.acct}:${kind}/${id}`, ownerId: c.acct } };
    };

const named =
    (arn: (name: string, c: Ctx) => string, nameKey = "name", idIsArn = false): Maker =>
    (n, i, c) => {
        const name = (i[nameKey] as string | undefined) ?? `${n}-${hex(c.seed, 7)}`;
        const a = arn(name, c);
        return { id: idIsArn ? a : name, state: { [nameKey]: name, arn: a } };
    };

/**
 * AWS Organizations ids, derived from the management account (the caller) so that the organization,
 * its root and its OUs agree without shared state: `o-` + 10, `r-` + 4, `ou-<root>-` + 8 characters,
 * as the Organizations API reference's id patterns allow.
 */
const organizationIdOf = (acct: string): string => `o-${alnum(`organization|${acct}`, 10)}`;
const rootIdOf = (acct: string): string => `r-${alnum(`root|${acct}`, 4)}`;
const digits = (seed: string, n: number): string =>
    hex(seed, n * 2)
        .match(/../g)!
        .map((b) => String(parseInt(b, 16) % 10))
        .join("")
        .slice(0, n);

const MAKERS: Readonly<Record<string, Maker>> = {
    "aws:organizations/organization:Organization": (_n, i, c) => {
        const id = organizationIdOf(c.acct);
        const root = rootIdOf(c.acct);
        return {
            id,
            state: {
                arn: `arn:aws:organizations::${c.acct}:organization/${id}`,
                masterAccountId: c.acct,
                masterAccountArn: `arn:aws:organizations::${c.acct}:account/${id}/${c.acct}`,
                roots: [
                    {
                        id: root,
                        arn: `arn:aws:organizations::${c.acct}:root/${id}/${root}`,
                        name: "Root",
                        policyTypes: ((i.enabledPolicyTypes as string[] | undefined) ?? []).map((type) => ({
                            type,
                            status: "ENABLED",
                        })),
                    },
                ],
            },
        };
    },
    "aws:organizations/organizationalUnit:OrganizationalUnit": (_n, _i, c) => {
        const id = `ou-${rootIdOf(c.acct).slice(2)}-${alnum(c.seed, 8)}`;
        return { id, state: { arn: `arn:aws:organizations::${c.acct}:ou/${organizationIdOf(c.acct)}/${id}` } };
    },
    // An email address belongs to one AWS account: an account topology.yaml declares (organization mode)
    // keeps its declared id, as when it is imported; any other gets a new one, as when it is created.
    "aws:organizations/account:Account": (_n, i, c) => {
        const id = ACCOUNTS.find((a) => a.email !== undefined && a.email === i.email)?.id ?? digits(c.seed, 12);
        return {
            id,
            state: { arn: `arn:aws:organizations::${c.acct}:account/${organizationIdOf(c.acct)}/${id}`, status: "ACTIVE" },
        };
    },
    "aws:organizations/policy:Policy": (_n, i, c) => {
        const id = `p-${alnum(c.seed, 8)}`;
        const type = String(i.type ?? "SERVICE_CONTROL_POLICY").toLowerCase();
        return { id, state: { arn: `arn:aws:organizations::${c.acct}:policy/${organizationIdOf(c.acct)}/${type}/${id}` } };
    },
    // Security Hub's API reference (FindingAggregator): arn:aws:securityhub:<region>:<account>:finding-aggregator/<uuid>.
    "aws:securityhub/findingAggregator:FindingAggregator": (_n, _i, c) => {
        const arn = `arn:aws:securityhub:${c.region}:${c.acct}:finding-aggregator/${uuid(c.seed)}`;
        return { id: arn, state: { arn } };
    },
    "aws:s3/bucket:Bucket": (n, i, c) => {
        const bucket = (i.bucket as string | undefined) ?? `${n}-${hex(c.seed, 7)}`;
        return {
            id: bucket,
            state: {
                bucket,
                arn: `arn:aws:s3:::${bucket}`,
                bucketDomainName: `${bucket}.s3.amazonaws.com`,
                bucketRegionalDomainName: `${bucket}.s3.${c.region}.amazonaws.com`,
                region: c.region,
                hostedZoneId: "Z3AQBSTGFYJSTF",
            },
        };
    },
    "aws:kms/key:Key": (_n, _i, c) => {
        const id = uuid(c.seed);
        return { id, state: { keyId: id, arn: `arn:aws:kms:${c.region}:${c.acct}:key/${id}` } };
    },
    "aws:kms/alias:Alias": (_n, i, c) => ({
        id: i.name as string,
        state: { arn: `arn:aws:kms:${c.region}:${c.acct}:${i.name as string}`, targetKeyArn: i.targetKeyId },
    }),
    "aws:iam/role:Role": (n, i, c) => {
        const name = (i.name as string | undefined) ?? `${n}-${hex(c.seed, 7)}`;
        const path = (i.path as string | undefined) ?? "/";
        return {
            id: name,
            state: { name, arn: `arn:aws:iam::${c.acct}:role${path}${name}`, uniqueId: `AROA${alnum(c.seed, 17, true)}` },
        };
    },
    "aws:iam/policy:Policy": named((name, c) => `arn:aws:iam::${c.acct}:policy/${name}`),
    "aws:iam/serviceLinkedRole:ServiceLinkedRole": (_n, i, c) => {
        const service = i.awsServiceName as string;
        const suffix = (i.customSuffix as string | undefined) ? `_${i.customSuffix as string}` : "";
        const roleName =
            service === "config.amazonaws.com" ? "AWSServiceRoleForConfig" : `AWSServiceRoleFor${service.split(".")[0]}${suffix}`;
        const arn = `arn:aws:iam::${c.acct}:role/aws-service-role/${service}/${roleName}`;
        return { id: arn, state: { name: roleName, arn, path: `/aws-service-role/${service}/` } };
    },
    "aws:cloudwatch/logGroup:LogGroup": named((name, c) => `arn:aws:logs:${c.region}:${c.acct}:log-group:${name}`),
    "aws:cloudwatch/metricAlarm:MetricAlarm": named((name, c) => `arn:aws:cloudwatch:${c.region}:${c.acct}:alarm:${name}`),
    "aws:cloudwatch/logMetricFilter:LogMetricFilter": named(() => ""),
    "aws:sns/topic:Topic": named((name, c) => `arn:aws:sns:${c.region}:${c.acct}:${name}`, "name", true),
    "aws:sqs/queue:Queue": (n, i, c) => {
        const name = (i.name as string | undefined) ?? `${n}-${hex(c.seed, 7)}`;
        const url = `https://sqs.${c.region}.amazonaws.com/${c.acct}/${name}`;
        return { id: url, state: { name, url, arn: `arn:aws:sqs:${c.region}:${c.acct}:${name}` } };
    },
    "aws:ec2/vpc:Vpc": (_n, _i, c) => {
        const id = `vpc-${hex(c.seed, 17)}`;
        return {
            id,
            state: {
                arn: `arn:aws:ec2:${c.region}:${c.acct}:vpc/${id}`,
                defaultSecurityGroupId: `sg-${hex(c.seed + "sg", 17)}`,
                defaultNetworkAclId: `acl-${hex(c.seed + "acl", 17)}`,
                defaultRouteTableId: `rtb-${hex(c.seed + "rtb", 17)}`,
                mainRouteTableId: `rtb-${hex(c.seed + "rtb", 17)}`,
                ownerId: c.acct,
            },
        };
    },
    // Adopts the region's default VPC (AWS creates one in every region of a new account).
    "aws:ec2/defaultVpc:DefaultVpc": (_n, _i, c) => {
        const id = defaultVpcId(c.region, c.acct);
        return {
            id,
            state: {
                arn: `arn:aws:ec2:${c.region}:${c.acct}:vpc/${id}`,
                cidrBlock: "172.31.0.0/16",
                defaultNetworkAclId: `acl-${hex(id + "acl", 17)}`,
                defaultSecurityGroupId: `sg-${hex(id + "sg", 17)}`,
                defaultRouteTableId: `rtb-${hex(id + "rtb", 17)}`,
                mainRouteTableId: `rtb-${hex(id + "rtb", 17)}`,
                existingDefaultVpc: true,
                ownerId: c.acct,
            },
        };
    },
    "aws:ec2/subnet:Subnet": ec2("subnet", "subnet"),
    "aws:ec2/securityGroup:SecurityGroup": ec2("sg", "security-group"),
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": (_n, i, c) => {
        const id = `sg-${hex(c.seed, 17)}`;
        return { id, state: { arn: `arn:aws:ec2:${c.region}:${c.acct}:security-group/${id}`, vpcId: i.vpcId, name: "default" } };
    },
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": ec2("sgr", "security-group-rule"),
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": ec2("sgr", "security-group-rule"),
    "aws:ec2/internetGateway:InternetGateway": ec2("igw", "internet-gateway"),
    "aws:ec2/natGateway:NatGateway": (_n, _i, c) => {
        const id = `nat-${hex(c.seed, 17)}`;
        return { id, state: { publicIp: `52.${parseInt(hex(c.seed, 2), 16)}.${parseInt(hex(c.seed + "b", 2), 16)}.10` } };
    },
    "aws:ec2/eip:Eip": (_n, _i, c) => {
        const id = `eipalloc-${hex(c.seed, 17)}`;
        return {
            id,
            state: { allocationId: id, publicIp: `3.${parseInt(hex(c.seed, 2), 16)}.${parseInt(hex(c.seed + "b", 2), 16)}.20` },
        };
    },
    "aws:ec2/routeTable:RouteTable": ec2("rtb", "route-table"),
    "aws:ec2/route:Route": (_n, _i, c) => ({ id: `r-rtb-${hex(c.seed, 17)}`, state: {} }),
    "aws:ec2/routeTableAssociation:RouteTableAssociation": (_n, _i, c) => ({ id: `rtbassoc-${hex(c.seed, 17)}`, state: {} }),
    "aws:ec2/networkAcl:NetworkAcl": ec2("acl", "network-acl"),
    "aws:ec2/flowLog:FlowLog": ec2("fl", "vpc-flow-log"),
    "aws:ec2/vpcEndpoint:VpcEndpoint": (_n, i, c) => {
        const id = `vpce-${hex(c.seed, 17)}`;
        const service = String(i.serviceName ?? "");
        const isInterface = i.vpcEndpointType === "Interface";
        return {
            id,
            state: {
                arn: `arn:aws:ec2:${c.region}:${c.acct}:vpc-endpoint/${id}`,
                state: "available",
                ownerId: c.acct,
                prefixListId: isInterface ? undefined : `pl-${hex(c.seed, 8)}`,
                dnsEntries: isInterface
                    ? [
                          {
                              dnsName: `${id}-${alnum(c.seed, 8)}.${service.split(".").reverse().slice(0, 1)[0] ?? ""}.${c.region}.vpce.amazonaws.com`,
                              hostedZoneId: "Z7HUB22UULQXV",
                          },
                      ]
                    : [],
                networkInterfaceIds: isInterface
                    ? ((i.subnetIds as string[] | undefined) ?? []).map((_s, k) => `eni-${hex(c.seed + k, 17)}`)
                    : [],
            },
        };
    },
    "aws:rds/instance:Instance": (n, i, c) => {
        const identifier = (i.identifier as string | undefined) ?? `${n}-${hex(c.seed, 7)}`;
        const address = `${identifier}.${alnum(c.seed, 12)}.${c.region}.rds.amazonaws.com`;
        const port = (i.port as number | undefined) ?? 5432;
        const secretArn = `arn:aws:secretsmanager:${c.region}:${c.acct}:secret:rds!db-${uuid(c.seed + "secret")}-${alnum(c.seed, 6)}`;
        return {
            id: identifier,
            state: {
                identifier,
                address,
                port,
                endpoint: `${address}:${port}`,
                arn: `arn:aws:rds:${c.region}:${c.acct}:db:${identifier}`,
                resourceId: `db-${alnum(c.seed, 26, true)}`,
                hostedZoneId: "Z2R2ITUGPM61AM",
                masterUserSecrets: i.manageMasterUserPassword
                    ? [{ secretArn, kmsKeyId: i.masterUserSecretKmsKeyId, secretStatus: "active" }]
                    : [],
            },
        };
    },
    "aws:rds/subnetGroup:SubnetGroup": named((name, c) => `arn:aws:rds:${c.region}:${c.acct}:subgrp:${name}`),
    "aws:rds/parameterGroup:ParameterGroup": named((name, c) => `arn:aws:rds:${c.region}:${c.acct}:pg:${name}`),
    "aws:lambda/function:Function": (n, i, c) => {
        const name = (i.name as string | undefined) ?? `${n}-${hex(c.seed, 7)}`;
        const arn = `arn:aws:lambda:${c.region}:${c.acct}:function:${name}`;
        return {
            id: name,
            state: {
                name,
                arn,
                qualifiedArn: `${arn}:$LATEST`,
                invokeArn: `arn:aws:apigateway:${c.region}:lambda:path/2015-03-31/functions/${arn}/invocations`,
                version: "$LATEST",
            },
        };
    },
    "aws:apigateway/restApi:RestApi": (_n, _i, c) => {
        const id = alnum(c.seed, 10);
        return {
            id,
            state: {
                rootResourceId: alnum(c.seed + "root", 10),
                arn: `arn:aws:apigateway:${c.region}::/restapis/${id}`,
                executionArn: `arn:aws:execute-api:${c.region}:${c.acct}:${id}`,
            },
        };
    },
    "aws:apigateway/resource:Resource": (_n, _i, c) => ({ id: alnum(c.seed, 6), state: {} }),
    "aws:apigateway/deployment:Deployment": (_n, _i, c) => ({ id: alnum(c.seed, 6), state: {} }),
    "aws:apigateway/stage:Stage": (_n, i, c) => {
        const api = String(i.restApi ?? "");
        const stage = String(i.stageName ?? "");
        return {
            id: `ags-${api}-${stage}`,
            state: {
                arn: `arn:aws:apigateway:${c.region}::/restapis/${api}/stages/${stage}`,
                executionArn: `arn:aws:execute-api:${c.region}:${c.acct}:${api}/${stage}`,
                invokeUrl: `https://${api}.execute-api.${c.region}.amazonaws.com/${stage}`,
            },
        };
    },
    "aws:cfg/rule:Rule": (n, i, c) => {
        const name = (i.name as string | undefined) ?? `${n}-${hex(c.seed, 7)}`;
        const ruleId = `config-rule-${alnum(c.seed, 6)}`;
        return { id: name, state: { name, ruleId, arn: `arn:aws:config:${c.region}:${c.acct}:config-rule/${ruleId}` } };
    },
    "aws:sfn/stateMachine:StateMachine": named(
        (name, c) => `arn:aws:states:${c.region}:${c.acct}:stateMachine:${name}`,
        "name",
        true,
    ),
    "aws:cloudtrail/trail:Trail": named((name, c) => `arn:aws:cloudtrail:${c.region}:${c.acct}:trail/${name}`),
    "aws:accessanalyzer/analyzer:Analyzer": (n, i, c) => {
        const name = (i.analyzerName as string | undefined) ?? `${n}-${hex(c.seed, 7)}`;
        return { id: name, state: { analyzerName: name, arn: `arn:aws:access-analyzer:${c.region}:${c.acct}:analyzer/${name}` } };
    },
    // AWS Backup names vaults by name; their ARN says backup-vault, not vault.
    "aws:backup/vault:Vault": named((name, c) => `arn:aws:backup:${c.region}:${c.acct}:backup-vault:${name}`),
    "aws:backup/plan:Plan": (_n, i, c) => {
        const id = uuid(c.seed);
        return {
            id,
            state: { name: i.name, arn: `arn:aws:backup:${c.region}:${c.acct}:backup-plan:${id}`, version: hex(c.seed, 32) },
        };
    },
    "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication": (_n, _i, c) => {
        const arn = `arn:aws:rds:${c.region}:${c.acct}:auto-backup:ab-${alnum(c.seed, 26)}`;
        return { id: arn, state: {} };
    },
    "aws:secretsmanager/secret:Secret": (n, i, c) => {
        const name = (i.name as string | undefined) ?? `${n}-${hex(c.seed, 7)}`;
        const arn = `arn:aws:secretsmanager:${c.region}:${c.acct}:secret:${name}-${alnum(c.seed, 6)}`;
        return { id: arn, state: { name, arn } };
    },
};

/** Module of a type token → the ARN service namespace, where they differ. */
const SERVICE: Readonly<Record<string, string>> = {
    cloudwatch: "cloudwatch",
    cfg: "config",
    lambda: "lambda",
    iam: "iam",
    vpc: "ec2",
    ebs: "ec2",
    accessanalyzer: "access-analyzer",
};

export interface FakeResource {
    readonly id: string;
    readonly state: State;
}

/** The id and output state AWS would return for a resource of `type` with these inputs. */
export function fakeResource(type: string, name: string, inputs: State, ctx: FakeAwsContext): FakeResource {
    const region = (inputs.region as string | undefined) ?? ctx.region;
    const c: Ctx = { ...ctx, region, seed: `${ctx.stack}|${type}|${name}`, acct: ctx.accountId };
    const maker = MAKERS[type];
    if (maker) {
        const made = maker(name, inputs, c);
        return { id: made.id, state: { ...inputs, ...made.state, id: made.id, region } };
    }
    // Any other type: a plausible id and ARN from the token, e.g. aws:cfg/remediationConfiguration:RemediationConfiguration.
    const [, mod = "", kind = ""] = /^aws:([^/]+)\/([^:]+):/.exec(type) ?? [];
    const service = SERVICE[mod] ?? mod;
    const id = `${name}-${hex(c.seed, 8)}`;
    const arn = mod ? `arn:aws:${service}:${service === "iam" ? "" : region}:${c.acct}:${kind.toLowerCase()}/${id}` : undefined;
    return { id, state: { ...(arn ? { arn } : {}), ...inputs, id, region } };
}

/** Results of the AWS data-source invokes the stacks use; anything else throws. */
export function fakeInvoke(token: string, inputs: State, ctx: FakeAwsContext): State {
    const region = (inputs.region as string | undefined) ?? ctx.region;
    switch (token) {
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return {
                accountId: ctx.accountId,
                arn: `arn:aws:sts::${ctx.accountId}:assumed-role/deployer/pulumi`,
                userId: `AROA${alnum(ctx.accountId, 17, true)}:pulumi`,
                id: ctx.accountId,
            };
        case "aws:index/getRegion:getRegion":
            return { name: region, region, id: region, endpoint: `ec2.${region}.amazonaws.com`, description: region };
        case "aws:index/getPartition:getPartition":
            return { partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws", id: "aws" };
        case "aws:index/getAvailabilityZones:getAvailabilityZones": {
            const names = availabilityZonesOf(region);
            return {
                id: region,
                names,
                zoneIds: zoneIdsOf(region, ctx.accountId),
                groupNames: names.map(() => region),
                state: inputs.state,
            };
        }
        case "aws:ec2/getVpcs:getVpcs": {
            // Only the default VPC exists before the baseline (the mock knows no others).
            const filters = (inputs.filters as { name: string; values: string[] }[] | undefined) ?? [];
            const unsupported = filters.filter((f) => f.name !== "is-default");
            if (unsupported.length > 0)
                throw new Error(`the mock's getVpcs knows only the is-default filter, not ${unsupported[0].name}`);
            const wantsDefault = filters.every((f) => f.values.includes("true"));
            const exists = ctx.defaultVpc ?? true;
            return { id: region, ids: wantsDefault && exists ? [defaultVpcId(region, ctx.accountId)] : [], filters, region };
        }
        case "aws:rds/getOrderableDbInstance:getOrderableDbInstance": {
            const preferred = (inputs.preferredInstanceClasses as string[] | undefined) ?? [];
            const instanceClass = (inputs.instanceClass as string | undefined) ?? preferred[0];
            if (!instanceClass || !/^db\.[a-z0-9]+\.[a-z0-9-]+$/.test(instanceClass)) {
                throw new Error(`no RDS DB instance class matches ${JSON.stringify(instanceClass ?? preferred)}`);
            }
            // Graviton 7th-generation and newer classes are not offered in the zone the mock treats as
            // constrained (see ENDPOINT_SERVICE_GAPS); older classes are offered everywhere.
            const generation = Number(/^db\.[a-z]+(\d+)/.exec(instanceClass)?.[1] ?? 0);
            const names = availabilityZonesOf(region);
            const ids = zoneIdsOf(region, ctx.accountId);
            return {
                id: `${inputs.engine as string}-${instanceClass}`,
                engine: inputs.engine,
                engineVersion: (inputs.engineVersion as string | undefined) ?? "17.2",
                instanceClass,
                availabilityZones: names.filter((_n, k) => generation < 7 || !ENDPOINT_SERVICE_GAPS.includes(ids[k])),
                multiAzCapable: true,
                storageType: "gp3",
            };
        }
        case "aws:ec2/getVpcEndpointService:getVpcEndpointService": {
            const prefix = `com.amazonaws.${region}.`;
            const short =
                (inputs.service as string | undefined) ??
                (typeof inputs.serviceName === "string" && inputs.serviceName.startsWith(prefix)
                    ? inputs.serviceName.slice(prefix.length)
                    : undefined);
            if (!short || !ENDPOINT_SERVICES.includes(short)) {
                throw new Error(
                    `no matching VPC endpoint service found for ${JSON.stringify(inputs.service ?? inputs.serviceName)} in ${region}`,
                );
            }
            const type = GATEWAY_SERVICES.includes(short) ? "Gateway" : "Interface";
            if (inputs.serviceType !== undefined && inputs.serviceType !== type) {
                throw new Error(`no matching VPC endpoint service found: ${prefix}${short} is a ${type} endpoint service`);
            }
            const names = availabilityZonesOf(region);
            const ids = zoneIdsOf(region, ctx.accountId);
            const offered = names.filter((_n, k) => type === "Gateway" || !ENDPOINT_SERVICE_GAPS.includes(ids[k]));
            return {
                id: `${prefix}${short}`,
                service: short,
                serviceName: `${prefix}${short}`,
                serviceId: `vpce-svc-${hex(`${region}|${short}`, 17)}`,
                serviceType: type,
                owner: "amazon",
                availabilityZones: offered,
                baseEndpointDnsNames: [`${short}.${region}.vpce.amazonaws.com`],
                privateDnsName: type === "Interface" ? `${short}.${region}.amazonaws.com` : undefined,
                acceptanceRequired: false,
                vpcEndpointPolicySupported: true,
                region,
            };
        }
        case "aws:guardduty/getDetector:getDetector": {
            // The account's single detector of the region, as a designation as GuardDuty's delegated
            // administrator leaves it: enabled, at GuardDuty's default publishing frequency.
            const id = guardDutyDetectorId(region, ctx.accountId);
            if (inputs.id !== undefined && inputs.id !== id) {
                throw new Error(
                    `reading GuardDuty Detector (${String(inputs.id)}): the input detectorId is not owned by the current account`,
                );
            }
            return {
                id,
                arn: `arn:aws:guardduty:${region}:${ctx.accountId}:detector/${id}`,
                status: "ENABLED",
                findingPublishingFrequency: "SIX_HOURS",
                serviceRoleArn: `arn:aws:iam::${ctx.accountId}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`,
                features: [],
                tags: {},
                region,
            };
        }
        case "aws:organizations/getOrganization:getOrganization": {
            const org = ctx.existingOrganization;
            // DescribeOrganization's answer in an account that belongs to no organization, as the provider reports it.
            if (!org)
                throw new Error(
                    "reading Organizations Organization: operation error Organizations: DescribeOrganization, " +
                        "AWSOrganizationsNotInUseException: Your account is not a member of an organization.",
                );
            const rootId = `r-${hex(`root|${org.id}`, 4)}`;
            return {
                id: org.id,
                arn: `arn:aws:organizations::${ctx.accountId}:organization/${org.id}`,
                featureSet: "ALL",
                masterAccountId: ctx.accountId,
                awsServiceAccessPrincipals: [...org.awsServiceAccessPrincipals],
                enabledPolicyTypes: [...org.enabledPolicyTypes],
                roots: [
                    {
                        id: rootId,
                        arn: `arn:aws:organizations::${ctx.accountId}:root/${org.id}/${rootId}`,
                        name: "Root",
                        policyTypes: org.enabledPolicyTypes.map((type) => ({ type, status: "ENABLED" })),
                    },
                ],
            };
        }
        default:
            throw new Error(`unmocked invoke ${token}: add it to fakeInvoke or avoid the data source`);
    }
}

/** The string the engine uses for a value unknown until apply. */
const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * A provider's `defaultTags.tags`, from its configuration as the engine hands it
 * over (nested provider config arrives JSON-encoded, `aws:defaultTags` from the
 * stack config as a JSON string).
 */
export function defaultTagsOf(defaultTags: unknown): Record<string, unknown> {
    let v = defaultTags;
    if (typeof v === "string") {
        try {
            v = JSON.parse(v);
        } catch {
            return {};
        }
    }
    const tags = typeof v === "object" && v !== null ? (v as { tags?: unknown }).tags : undefined;
    return typeof tags === "object" && tags !== null && !Array.isArray(tags) ? { ...(tags as Record<string, unknown>) } : {};
}

/**
 * The inputs with `tagsAll` computed as pulumi-aws computes it in Check: the
 * resource's `tags` merged over the provider's default tags, for the types that
 * take tags. Unknown tags make `tagsAll` unknown.
 */
export function withTagsAll(type: string, inputs: State, defaultTags: Record<string, unknown>): State {
    if (!TAGGABLE_AWS_TYPES.has(type)) return inputs;
    const own = inputs.tags;
    if (own === UNKNOWN_VALUE) return { ...inputs, tagsAll: UNKNOWN_VALUE };
    const tags = typeof own === "object" && own !== null ? (own as Record<string, unknown>) : {};
    if (Object.keys(defaultTags).length === 0 && Object.keys(tags).length === 0) return inputs;
    return { ...inputs, tagsAll: { ...defaultTags, ...tags } };
}
