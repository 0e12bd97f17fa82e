/**
 * VPC endpoints: the S3 gateway endpoint on the private and isolated route
 * tables, the execute-api interface endpoint the private API is locked to, and
 * interface endpoints for the AWS APIs the private Lambda calls, so it needs no
 * internet path. Interface endpoints are billed per AZ-hour and per GB: the
 * `interfaceEndpoints` config list is the cost switch.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Region } from "@baseline/lib";
import { executeApiEndpointPolicy, interfaceEndpointPolicy, s3GatewayEndpointPolicy } from "./policies";
import { GROUP_DESCRIPTIONS, createRule, securityGroupRuleSpecs } from "./securityGroups";
import { EXECUTE_API_SERVICE, endpointServiceName } from "./services";

export interface VpcEndpointsArgs {
    readonly region: Region;
    /** The account whose data bucket the S3 gateway endpoint policy admits. */
    readonly accountId: string;
    readonly vpcId: pulumi.Input<string>;
    readonly vpcCidr: string;
    /** Subnets of the interface endpoints' network interfaces (one per AZ). */
    readonly subnetIds: pulumi.Input<string>[];
    /** Route tables that get the S3 prefix-list route. */
    readonly gatewayRouteTableIds: pulumi.Input<string>[];
    /** Interface endpoint service short names besides execute-api. */
    readonly interfaceServices: readonly string[];
}

export class VpcEndpoints extends pulumi.ComponentResource {
    public readonly securityGroup: aws.ec2.SecurityGroup;
    public readonly s3Gateway: aws.ec2.VpcEndpoint;
    public readonly executeApi: aws.ec2.VpcEndpoint;
    public readonly interfaceEndpoints: Readonly<Record<string, aws.ec2.VpcEndpoint>>;
    public readonly interfaceEndpointIds: pulumi.Output<Record<string, string>>;

    constructor(name: string, args: VpcEndpointsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:network:VpcEndpoints", name, {}, opts);

        // No egress rules: endpoint interfaces only answer, and security groups are stateful.
        this.securityGroup = new aws.ec2.SecurityGroup(
            `${name}-sg`,
            { vpcId: args.vpcId, description: GROUP_DESCRIPTIONS.endpoint },
            { parent: this },
        );
        for (const spec of securityGroupRuleSpecs(args.vpcCidr).filter((s) => s.group === "endpoint")) {
            createRule(name, spec, this.securityGroup.id, { groups: { endpoint: this.securityGroup.id } }, this);
        }

        this.s3Gateway = new aws.ec2.VpcEndpoint(
            `${name}-s3`,
            {
                vpcId: args.vpcId,
                serviceName: endpointServiceName(args.region, "s3"),
                vpcEndpointType: "Gateway",
                routeTableIds: args.gatewayRouteTableIds,
                // Data perimeter: only this account's data bucket (see policies.ts).
                policy: JSON.stringify(s3GatewayEndpointPolicy({ accountId: args.accountId, region: args.region })),
            },
            { parent: this },
        );

        const iface = (service: string): aws.ec2.VpcEndpoint =>
            new aws.ec2.VpcEndpoint(
                `${name}-${service.replace(/\./g, "-")}`,
                {
                    vpcId: args.vpcId,
                    serviceName: endpointServiceName(args.region, service),
                    vpcEndpointType: "Interface",
                    // The SDKs' default hostnames resolve to the endpoint inside the VPC.
                    // For execute-api this also means the VPC cannot reach *public* API
                    // Gateway APIs by their default hostname: intended, the baseline's API is private.
                    privateDnsEnabled: true,
                    subnetIds: args.subnetIds,
                    securityGroupIds: [this.securityGroup.id],
                    // Data perimeter: this account's principals and resources only (see policies.ts).
                    policy: JSON.stringify(
                        service === EXECUTE_API_SERVICE
                            ? executeApiEndpointPolicy({ accountId: args.accountId, region: args.region })
                            : interfaceEndpointPolicy({ accountId: args.accountId, service, region: args.region }),
                    ),
                },
                { parent: this },
            );
        this.executeApi = iface(EXECUTE_API_SERVICE);
        const endpoints: Record<string, aws.ec2.VpcEndpoint> = {};
        for (const service of args.interfaceServices) endpoints[service] = iface(service);
        this.interfaceEndpoints = endpoints;
        const services = Object.keys(endpoints);
        this.interfaceEndpointIds = pulumi
            .all(services.map((s) => endpoints[s].id))
            .apply((ids) => Object.fromEntries(services.map((s, i) => [s, ids[i]])));

        this.registerOutputs({
            endpointSecurityGroupId: this.securityGroup.id,
            s3GatewayEndpointId: this.s3Gateway.id,
            executeApiEndpointId: this.executeApi.id,
            interfaceEndpointIds: this.interfaceEndpointIds,
        });
    }
}
