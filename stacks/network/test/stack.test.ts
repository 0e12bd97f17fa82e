import { ConfigValidationError, isTaggable, names, Region, REGIONS, UpstreamError, VPC_CIDRS } from "@baseline/lib";
import {
    DEFAULT_ACCOUNT_ID,
    ENDPOINT_SERVICE_GAPS,
    availabilityZonesOf,
    zoneIdsOf,
    RecordedResource,
    StackRunError,
    contractFixture,
    findResource,
    ofType,
    runStack,
    upstreamOutputsFor,
} from "@baseline/lib/src/testing";
import program from "../index";
import { s3GatewayEndpointPolicy } from "../src/policies";
import { naclRules } from "../src/vpc";

const T = {
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    defaultSg: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    nat: "aws:ec2/natGateway:NatGateway",
    eip: "aws:ec2/eip:Eip",
    rt: "aws:ec2/routeTable:RouteTable",
    route: "aws:ec2/route:Route",
    rta: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    nacl: "aws:ec2/networkAcl:NetworkAcl",
    defaultNacl: "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl",
    endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    flowLog: "aws:ec2/flowLog:FlowLog",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    filter: "aws:cloudwatch/logMetricFilter:LogMetricFilter",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
} as const;

const stackOf = (region: Region) => `production-${region}`;

function run(region: Region, config: Record<string, string> = {}, overrides: Parameters<typeof upstreamOutputsFor>[2] = {}) {
    return runStack({
        project: "baseline-network",
        stack: stackOf(region),
        config: { "aws:region": region, ...config },
        stackOutputs: upstreamOutputsFor("network", region, overrides),
        program,
    });
}

/** The `n` lowest zone IDs that offer execute-api, as this account's zone names (what the layer must choose). */
function zonesByLowestId(region: string, n: number): string[] {
    const zoneNames = availabilityZonesOf(region);
    return zoneIdsOf(region, DEFAULT_ACCOUNT_ID)
        .map((id, k) => ({ id, name: zoneNames[k] }))
        .filter((z) => !ENDPOINT_SERVICE_GAPS.includes(z.id))
        .sort((a, b) => Number(a.id.split("-az")[1]) - Number(b.id.split("-az")[1]))
        .slice(0, n)
        .map((z) => z.name);
}

const byId = (resources: readonly RecordedResource[], type: string) => new Map(ofType(resources, type).map((r) => [r.id, r]));

describe.each(REGIONS)("network stack in %s", (region) => {
    let resources: RecordedResource[];
    let outputs: Record<string, unknown>;
    const security = contractFixture("security", region);
    const iam = contractFixture("global-iam", "us-east-1");

    beforeAll(async () => {
        ({ resources, outputs } = await run(region));
    });

    it("exports exactly the NetworkOutputs contract, wired to what it created", () => {
        expect(Object.keys(outputs).sort()).toEqual(
            [
                "region",
                "vpcId",
                "vpcCidr",
                "availabilityZones",
                "publicSubnetIds",
                "privateSubnetIds",
                "isolatedSubnetIds",
                "appSecurityGroupId",
                "databaseSecurityGroupId",
                "endpointSecurityGroupId",
                "executeApiEndpointId",
                "s3GatewayEndpointId",
                "interfaceEndpointIds",
                "flowLogId",
                "flowLogGroupName",
            ].sort(),
        );
        const cidr = VPC_CIDRS[region];
        expect(outputs.region).toBe(region);
        expect(outputs.vpcCidr).toBe(cidr);
        expect(outputs.availabilityZones).toEqual(zonesByLowestId(region, 3));
        expect(outputs.vpcId).toBe(findResource(resources, T.vpc).id);
        expect(outputs.flowLogGroupName).toBe(names.flowLogGroup(region));
        const subnets = byId(resources, T.subnet);
        for (const tier of ["public", "private", "isolated"]) {
            const ids = outputs[`${tier}SubnetIds`] as string[];
            expect(ids).toHaveLength(3);
            for (const id of ids) expect(subnets.get(id)?.inputs.tags).toMatchObject({ Tier: tier });
        }
        const endpoints = byId(resources, T.endpoint);
        // None by default: no code path in the VPC calls another AWS API through its own interface.
        expect(Object.keys(outputs.interfaceEndpointIds as object).sort()).toEqual([]);
        for (const [svc, id] of Object.entries(outputs.interfaceEndpointIds as Record<string, string>)) {
            expect(endpoints.get(id)?.inputs.serviceName).toBe(`com.amazonaws.${region}.${svc}`);
        }
    });

    it("VPC with DNS on and subnets inside its CIDR, none auto-assigning public IPs", () => {
        expect(findResource(resources, T.vpc).inputs).toMatchObject({
            cidrBlock: outputs.vpcCidr,
            enableDnsSupport: true,
            enableDnsHostnames: true,
        });
        const subnets = ofType(resources, T.subnet);
        expect(subnets).toHaveLength(9);
        for (const s of subnets) {
            expect(s.inputs.mapPublicIpOnLaunch).toBe(false);
            expect(s.inputs.vpcId).toBe(outputs.vpcId);
            expect(s.inputs.cidrBlock).toMatch(
                new RegExp(`^10\\.${region === "us-east-1" ? 10 : region === "us-west-2" ? 20 : 30}\\.`),
            );
        }
        expect(new Set(subnets.map((s) => s.inputs.availabilityZone))).toEqual(new Set(outputs.availabilityZones as string[]));
    });

    it("default security group adopted with no rules; default NACL emptied", () => {
        const dsg = findResource(resources, T.defaultSg, "network-default-sg");
        expect(dsg.inputs.vpcId).toBe(outputs.vpcId);
        expect(dsg.inputs.ingress).toEqual([]);
        expect(dsg.inputs.egress).toEqual([]);
        const dnacl = findResource(resources, T.defaultNacl, "network-default-nacl");
        expect(dnacl.inputs.ingress).toEqual([]);
        expect(dnacl.inputs.egress).toEqual([]);
    });

    it("security group rules: no 0.0.0.0/0 anywhere, each described, least privilege between groups", () => {
        const groups = ofType(resources, T.sg);
        expect(groups).toHaveLength(3);
        for (const g of groups) {
            // Inline rules would fight the separate rule resources.
            expect(g.inputs.ingress).toBeUndefined();
            expect(g.inputs.egress).toBeUndefined();
            expect(g.inputs.description).toEqual(expect.any(String));
        }
        const rules = [...ofType(resources, T.ingress), ...ofType(resources, T.egress)];
        for (const r of rules) {
            expect(r.inputs.cidrIpv4).not.toBe("0.0.0.0/0");
            expect(r.inputs.cidrIpv6).toBeUndefined();
            expect(r.inputs.ipProtocol).toBe("tcp");
            expect(r.inputs.description).toMatch(/^.{15,}$/);
        }
        const app = outputs.appSecurityGroupId;
        const db = outputs.databaseSecurityGroupId;
        const vpce = outputs.endpointSecurityGroupId;
        const s3 = findResource(resources, T.endpoint, "endpoints-s3");
        const summary = (type: string) =>
            ofType(resources, type)
                .map((r) => {
                    const i = r.inputs;
                    const peer =
                        i.cidrIpv4 ??
                        (i.referencedSecurityGroupId === app
                            ? "app"
                            : i.referencedSecurityGroupId === db
                              ? "db"
                              : i.referencedSecurityGroupId === vpce
                                ? "vpce"
                                : i.prefixListId === s3.outputs.prefixListId
                                  ? "s3-pl"
                                  : "?");
                    const group =
                        i.securityGroupId === app
                            ? "app"
                            : i.securityGroupId === db
                              ? "db"
                              : i.securityGroupId === vpce
                                ? "vpce"
                                : "?";
                    return `${group} ${i.fromPort}-${i.toPort} ${peer}`;
                })
                .sort();
        expect(summary(T.ingress)).toEqual([`db ${names.dbPort}-${names.dbPort} app`, `vpce 443-443 ${outputs.vpcCidr}`]);
        expect(summary(T.egress)).toEqual(["app 443-443 s3-pl", "app 443-443 vpce", `app ${names.dbPort}-${names.dbPort} db`]);
    });

    it("NACLs: nothing from 0.0.0.0/0 reaches 22 or 3389; isolated tier talks only to the VPC", () => {
        const nacls = ofType(resources, T.nacl);
        expect(nacls.map((n) => n.name).sort()).toEqual(["network-isolated-nacl", "network-private-nacl", "network-public-nacl"]);
        type Entry = { action: string; protocol: string; cidrBlock: string; fromPort: number; toPort: number };
        for (const n of nacls) {
            for (const e of n.inputs.ingress as Entry[]) {
                if (e.action !== "allow" || e.cidrBlock !== "0.0.0.0/0") continue;
                expect(e.protocol).not.toBe("-1");
                for (const port of [22, 3389]) expect(port >= e.fromPort && port <= e.toPort).toBe(false);
            }
            expect((n.inputs.subnetIds as string[]).length).toBe(3);
        }
        // The deployed entries are exactly the ones test/nacl.test.ts walks every flow through.
        for (const tier of ["public", "private", "isolated"] as const) {
            const nacl = findResource(resources, T.nacl, `network-${tier}-nacl`);
            expect({ ingress: nacl.inputs.ingress, egress: nacl.inputs.egress }).toEqual(
                naclRules(tier, outputs.vpcCidr as string),
            );
            expect(nacl.inputs.subnetIds).toEqual(outputs[`${tier}SubnetIds`]);
        }
        const isolated = findResource(resources, T.nacl, "network-isolated-nacl");
        for (const e of [...(isolated.inputs.ingress as Entry[]), ...(isolated.inputs.egress as Entry[])])
            expect(e.cidrBlock).toBe(outputs.vpcCidr);
        expect(isolated.inputs.subnetIds).toEqual(outputs.isolatedSubnetIds);
    });

    it("flow log: ALL traffic to the protected, CMK-encrypted log group, delivered by the global-iam role", () => {
        const group = findResource(resources, T.logGroup);
        expect(group.protect).toBe(true);
        expect(group.inputs).toMatchObject({
            name: names.flowLogGroup(region),
            kmsKeyId: security.logsKeyArn,
            retentionInDays: 365,
            deletionProtectionEnabled: true,
        });
        expect(group.inputs.kmsKeyId).toContain(`:kms:${region}:`);
        const fl = findResource(resources, T.flowLog);
        expect(fl.inputs).toMatchObject({
            vpcId: outputs.vpcId,
            trafficType: "ALL",
            logDestinationType: "cloud-watch-logs",
            logDestination: group.outputs.arn,
            iamRoleArn: iam.flowLogsRoleArn,
        });
        expect(outputs.flowLogId).toBe(fl.id);
    });

    it("execute-api interface endpoint: private DNS, endpoint SG, private subnets", () => {
        const ep = findResource(resources, T.endpoint, "endpoints-execute-api");
        expect(ep.id).toBe(outputs.executeApiEndpointId);
        expect(ep.inputs).toMatchObject({
            serviceName: `com.amazonaws.${region}.execute-api`,
            vpcEndpointType: "Interface",
            privateDnsEnabled: true,
            securityGroupIds: [outputs.endpointSecurityGroupId],
            subnetIds: outputs.privateSubnetIds,
        });
        for (const e of ofType(resources, T.endpoint).filter((r) => r.inputs.vpcEndpointType === "Interface")) {
            expect(e.inputs.privateDnsEnabled).toBe(true);
            expect(e.inputs.securityGroupIds).toEqual([outputs.endpointSecurityGroupId]);
        }
    });

    it("route tables: public via IGW, private via NAT in its own AZ, isolated with no default route; S3 on private and isolated", () => {
        const tables = byId(resources, T.rt);
        const routes = ofType(resources, T.route);
        const tierOf = (rtId: unknown) => (tables.get(rtId as string)?.inputs.tags as Record<string, string>).Tier;
        const defaults = routes.filter((r) => r.inputs.destinationCidrBlock === "0.0.0.0/0");
        expect(defaults.filter((r) => tierOf(r.inputs.routeTableId) === "isolated")).toEqual([]);
        expect(defaults.filter((r) => tierOf(r.inputs.routeTableId) === "public").map((r) => r.inputs.gatewayId)).toEqual([
            findResource(resources, "aws:ec2/internetGateway:InternetGateway").id,
        ]);
        const nats = byId(resources, T.nat);
        const subnets = byId(resources, T.subnet);
        const privateDefaults = defaults.filter((r) => tierOf(r.inputs.routeTableId) === "private");
        expect(privateDefaults).toHaveLength(3);
        // Every private subnet's table routes to the NAT in the same AZ.
        for (const assoc of ofType(resources, T.rta)) {
            const subnet = subnets.get(assoc.inputs.subnetId as string)!;
            const tier = (subnet.inputs.tags as Record<string, string>).Tier;
            expect(tierOf(assoc.inputs.routeTableId)).toBe(tier);
            if (tier !== "private") continue;
            const route = privateDefaults.find((r) => r.inputs.routeTableId === assoc.inputs.routeTableId)!;
            const nat = nats.get(route.inputs.natGatewayId as string)!;
            expect(subnets.get(nat.inputs.subnetId as string)!.inputs.availabilityZone).toBe(subnet.inputs.availabilityZone);
        }
        expect(ofType(resources, T.rta)).toHaveLength(9);
        const s3 = findResource(resources, T.endpoint, "endpoints-s3");
        expect(s3.inputs.vpcEndpointType).toBe("Gateway");
        expect((s3.inputs.routeTableIds as string[]).map(tierOf).sort()).toEqual(["isolated", "private", "private", "private"]);
        expect(outputs.s3GatewayEndpointId).toBe(s3.id);
        // Data perimeter: only this account's data bucket of this region passes the endpoint.
        expect(JSON.parse(s3.inputs.policy as string)).toEqual(s3GatewayEndpointPolicy({ accountId: iam.accountId, region }));
        expect(s3.inputs.policy).toContain(`arn:aws:s3:::${names.dataBucket(iam.accountId, region)}`);
    });

    it("one NAT gateway with its EIP per AZ, in the public subnets", () => {
        const nats = ofType(resources, T.nat);
        expect(nats).toHaveLength(3);
        const publicIds = outputs.publicSubnetIds as string[];
        expect(nats.map((n) => n.inputs.subnetId).sort()).toEqual([...publicIds].sort());
        const eips = byId(resources, T.eip);
        for (const n of nats) expect(eips.get(n.inputs.allocationId as string)?.inputs.domain).toBe("vpc");
    });

    it("monitoring: REJECT metric filter and alarms with deliberate actions and missing-data handling", () => {
        const filter = findResource(resources, T.filter);
        expect(filter.inputs.logGroupName).toBe(names.flowLogGroup(region));
        expect(filter.inputs.pattern).toContain('action="REJECT"');
        const alarms = ofType(resources, T.alarm);
        // One rejected-flows alarm, two per NAT gateway.
        expect(alarms).toHaveLength(1 + 2 * 3);
        for (const a of alarms) {
            expect(a.inputs).toMatchObject({
                actionsEnabled: true,
                alarmActions: [security.alarmTopicArn],
                treatMissingData: "notBreaching",
            });
            expect(a.inputs.alarmDescription).toEqual(expect.any(String));
        }
        const rejects = alarms.find((a) => a.inputs.metricName === "RejectedFlowRecords")!;
        expect(rejects.inputs).toMatchObject({ namespace: "Baseline/Network", threshold: 500, statistic: "Sum" });
        const natIds = new Set(ofType(resources, T.nat).map((n) => n.id));
        const natAlarms = alarms.filter((a) => a.inputs.namespace === "AWS/NATGateway");
        expect(natAlarms.map((a) => a.inputs.metricName).sort()).toEqual([
            ...Array(3).fill("ErrorPortAllocation"),
            ...Array(3).fill("PacketsDropCount"),
        ]);
        for (const a of natAlarms) expect(natIds.has((a.inputs.dimensions as Record<string, string>).NatGatewayId)).toBe(true);
    });

    it("every taggable resource is tagged Environment=Production; children parented to components", () => {
        const aws = resources.filter((r) => r.custom && r.type.startsWith("aws:"));
        expect(aws.length).toBeGreaterThan(50);
        for (const r of aws) {
            if (isTaggable(r.type))
                expect([r.type, r.name, (r.inputs.tags as Record<string, string>)?.Environment]).toEqual([
                    r.type,
                    r.name,
                    "Production",
                ]);
            expect(r.parent).toMatch(/baseline:network:/);
        }
    });
});

describe("network stack options and failures", () => {
    it("single NAT: one gateway shared by every private route table", async () => {
        const { resources } = await run("us-west-2", { "baseline-network:natGateways": "single" });
        const nats = ofType(resources, T.nat);
        expect(nats).toHaveLength(1);
        const privateDefaults = ofType(resources, T.route).filter((r) => r.inputs.natGatewayId !== undefined);
        expect(privateDefaults).toHaveLength(3);
        for (const r of privateDefaults) expect(r.inputs.natGatewayId).toBe(nats[0].id);
        expect(ofType(resources, T.alarm).filter((a) => a.inputs.namespace === "AWS/NATGateway")).toHaveLength(2);
    });

    it("azCount, endpoints and thresholds from config", async () => {
        const { resources, outputs } = await run("us-east-1", {
            "baseline-network:azCount": "2",
            "baseline-network:interfaceEndpoints": JSON.stringify(["logs", "ecr.api"]),
            "baseline-network:rejectedFlowsAlarmThreshold": "42",
            "baseline-network:vpcCidrs": JSON.stringify(["us-east-1=172.16.0.0/16", "us-west-2=172.17.0.0/16"]),
        });
        expect(outputs.availabilityZones).toEqual(zonesByLowestId("us-east-1", 2));
        expect(outputs.vpcCidr).toBe("172.16.0.0/16");
        expect(ofType(resources, T.subnet)).toHaveLength(6);
        expect(Object.keys(outputs.interfaceEndpointIds as object)).toEqual(["logs", "ecr.api"]);
        expect(findResource(resources, T.endpoint, "endpoints-ecr-api").inputs.serviceName).toBe(
            "com.amazonaws.us-east-1.ecr.api",
        );
        expect(ofType(resources, T.alarm).find((a) => a.inputs.metricName === "RejectedFlowRecords")!.inputs.threshold).toBe(42);
    });

    it("more AZs than the region has: ConfigValidationError before any AWS resource", async () => {
        const err = await run("eu-central-1", { "baseline-network:azCount": "4" }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(StackRunError);
        const cause = (err as StackRunError).cause;
        expect(cause).toBeInstanceOf(ConfigValidationError);
        expect((cause as ConfigValidationError).message).toMatch(
            /baseline-network:azCount = 4: from 2 to 3: eu-central-1 has 3 available AZs/,
        );
        expect((err as StackRunError).resources.filter((r) => r.type.startsWith("aws:"))).toEqual([]);
    });

    it("bad config fails before anything is registered", async () => {
        const err = await run("us-east-1", {
            "baseline-network:vpcCidrs": JSON.stringify(["us-east-1=10.0.0.0/16", "us-west-2=10.0.128.0/17"]),
        }).catch((e: unknown) => e);
        expect((err as StackRunError).cause).toBeInstanceOf(ConfigValidationError);
        expect((err as StackRunError).message).toMatch(/vpcCidrs = .*overlap/);
        // Only the stack itself: not even the upstream StackReferences.
        expect((err as StackRunError).resources.map((r) => r.type)).toEqual(["pulumi:pulumi:Stack"]);
    });

    it.each([
        [
            "security",
            { security: { logsKeyArn: undefined } },
            /baseline-security\/production-us-east-1 .*missing output\(s\) logsKeyArn/,
        ],
        [
            "global-iam",
            { "global-iam": { flowLogsRoleArn: undefined } },
            /baseline-global-iam\/production .*missing output\(s\) flowLogsRoleArn/,
        ],
    ] as const)("a missing %s output is an UpstreamError before any AWS resource", async (_layer, overrides, message) => {
        const err = await run("us-east-1", {}, overrides).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(StackRunError);
        expect((err as StackRunError).cause).toBeInstanceOf(UpstreamError);
        expect((err as StackRunError).message).toMatch(message);
        expect((err as StackRunError).resources.filter((r) => r.type.startsWith("aws:"))).toEqual([]);
    });

    it("an upstream security stack from another region is refused", async () => {
        const err = await run("us-west-2", {}, { security: { region: "us-east-1" } }).catch((e: unknown) => e);
        expect((err as StackRunError).cause).toBeInstanceOf(UpstreamError);
        expect((err as StackRunError).resources.filter((r) => r.type.startsWith("aws:"))).toEqual([]);
    });
});
