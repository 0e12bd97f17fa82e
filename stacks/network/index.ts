import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { applyBaselineTags, Exports, names, NetworkOutputs, resolveUpstream } from "@baseline/lib";
import { chooseAvailabilityZones, readConfig, refuseUnrestrictedEndpoints } from "./src/config";
import { ClosedDefaultVpc, hasDefaultVpc } from "./src/defaultVpc";
import { VpcEndpoints } from "./src/endpoints";
import { EXECUTE_API_SERVICE } from "./src/services";
import { FlowLogs } from "./src/flowLogs";
import { NetworkMonitoring } from "./src/monitoring";
import { WorkloadSecurityGroups } from "./src/securityGroups";
import { BaselineVpc } from "./src/vpc";

// `export =`, not `export default`: Pulumi loads a TypeScript program as CommonJS and
// calls the module itself when it is a function; it does not unwrap a default export
// there, so `export default` would run nothing and export the function object.
export = async (): Promise<Exports<NetworkOutputs>> => {
    const cfg = readConfig();
    applyBaselineTags("network", cfg.owner);
    // Region, upstreamOrg and any upstreamStacks overrides, as read and validated by readCommonConfig.
    const upstream = cfg.upstream;
    const iam = await resolveUpstream("global-iam", upstream);
    const security = await resolveUpstream("security", upstream);

    // Local Zones and Wavelength Zones are excluded: only regular AZs carry a baseline tier.
    const zones = await aws.getAvailabilityZones({
        state: "available",
        filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }],
    });
    // Every interface endpoint gets a network interface in each subnet's zone: only zones that
    // every one of them offers are usable.
    const interfaceServices = [EXECUTE_API_SERVICE, ...cfg.interfaceEndpoints];
    const offered = await Promise.all(
        interfaceServices.map((service) => aws.ec2.getVpcEndpointService({ service, serviceType: "Interface" })),
    );
    refuseUnrestrictedEndpoints(
        cfg.interfaceEndpoints,
        Object.fromEntries(interfaceServices.map((s, i) => [s, offered[i].vpcEndpointPolicySupported])),
        cfg.region,
    );
    const azs = chooseAvailabilityZones(
        cfg.azCount,
        zones.names.map((name, i) => ({ name, zoneId: zones.zoneIds[i] })),
        Object.fromEntries(interfaceServices.map((s, i) => [s, offered[i].availabilityZones])),
        cfg.region,
    );

    const defaultVpcExists = await hasDefaultVpc();

    const vpc = new BaselineVpc("network", {
        cidr: cfg.vpcCidr,
        availabilityZones: azs,
        subnetPrefixes: cfg.subnetPrefixes,
        natGateways: cfg.natGateways,
    });
    const endpoints = new VpcEndpoints("endpoints", {
        region: cfg.region,
        accountId: iam.accountId,
        vpcId: vpc.vpcId,
        vpcCidr: vpc.cidrBlock,
        subnetIds: vpc.subnetIds.private,
        gatewayRouteTableIds: [...vpc.routeTables.private, ...vpc.routeTables.isolated].map((rt) => rt.id),
        interfaceServices: cfg.interfaceEndpoints,
    });
    const groups = new WorkloadSecurityGroups("sg", {
        vpcId: vpc.vpcId,
        vpcCidr: vpc.cidrBlock,
        endpointSecurityGroupId: endpoints.securityGroup.id,
        s3PrefixListId: endpoints.s3Gateway.prefixListId,
    });
    const flowLogs = new FlowLogs("flow-logs", {
        vpcId: vpc.vpcId,
        logGroupName: names.flowLogGroup(cfg.region),
        kmsKeyArn: security.logsKeyArn,
        deliveryRoleArn: iam.flowLogsRoleArn,
        retentionInDays: cfg.flowLogRetentionDays,
    });
    // The region's default VPC, if it still exists: adopted and closed (see src/defaultVpc.ts).
    if (defaultVpcExists) new ClosedDefaultVpc("default-vpc");
    new NetworkMonitoring("network-alarms", {
        flowLogGroupName: flowLogs.logGroup.name,
        alarmTopicArn: security.alarmTopicArn,
        natGateways: vpc.natGateways.map((n) => ({ az: n.az, id: n.natGateway.id })),
        rejectedFlowsThreshold: cfg.rejectedFlowsAlarmThreshold,
        natPacketsDropThreshold: cfg.natPacketsDropAlarmThreshold,
    });

    return {
        region: cfg.region,
        vpcId: vpc.vpcId,
        vpcCidr: vpc.cidrBlock,
        availabilityZones: azs,
        publicSubnetIds: pulumi.output(vpc.subnetIds.public),
        privateSubnetIds: pulumi.output(vpc.subnetIds.private),
        isolatedSubnetIds: pulumi.output(vpc.subnetIds.isolated),
        appSecurityGroupId: groups.app.id,
        databaseSecurityGroupId: groups.database.id,
        endpointSecurityGroupId: endpoints.securityGroup.id,
        executeApiEndpointId: endpoints.executeApi.id,
        s3GatewayEndpointId: endpoints.s3Gateway.id,
        interfaceEndpointIds: endpoints.interfaceEndpointIds,
        flowLogId: flowLogs.flowLog.id,
        flowLogGroupName: flowLogs.logGroup.name,
    };
};
