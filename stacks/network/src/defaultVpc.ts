/**
 * The region's default VPC, adopted and closed. Every region of a new account has one (with
 * public subnets that hand out public IPs, a default security group that allows all traffic
 * between its members and all egress, and a default network ACL that allows everything), and
 * nothing of the baseline uses it.
 *
 * Decision: adopt and close rather than delete. Deleting it is irreversible through Pulumi (the
 * provider creates a new default VPC when `aws.ec2.DefaultVpc` finds none) and breaks tooling that
 * still assumes one; closing it leaves nothing reachable in or out:
 * - its default security group gets no rules (EC2.2), so nothing launched into it can talk;
 * - its default network ACL gets no entries, so its subnets (the default subnets) pass no traffic;
 * - its flow log comes from the security layer's automatic VPC_FLOW_LOGS_ENABLED remediation,
 *   into that layer's own group (`names.remediationFlowLogGroup`): the remediation runs as soon as
 *   security exists, before this layer, so managing a second flow log here would log it twice.
 *
 * Adopted only when the region still has a default VPC (aws.ec2.getVpcs with is-default): the
 * provider would otherwise create one. `pulumi destroy` leaves it in place (no `forceDestroy`).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export class ClosedDefaultVpc extends pulumi.ComponentResource {
    readonly vpc: aws.ec2.DefaultVpc;
    readonly securityGroup: aws.ec2.DefaultSecurityGroup;
    readonly networkAcl: aws.ec2.DefaultNetworkAcl;

    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:network:ClosedDefaultVpc", name, {}, opts);
        this.vpc = new aws.ec2.DefaultVpc(`${name}-vpc`, { forceDestroy: false }, { parent: this });
        this.securityGroup = new aws.ec2.DefaultSecurityGroup(
            `${name}-sg`,
            { vpcId: this.vpc.id, ingress: [], egress: [] },
            { parent: this },
        );
        // subnetIds is ignored: the default subnets stay associated with this ACL, which is the point.
        this.networkAcl = new aws.ec2.DefaultNetworkAcl(
            `${name}-nacl`,
            { defaultNetworkAclId: this.vpc.defaultNetworkAclId, ingress: [], egress: [] },
            { parent: this, ignoreChanges: ["subnetIds"] },
        );
        this.registerOutputs({ vpcId: this.vpc.id });
    }
}

/** Whether the region still has its default VPC (looked up before any resource is registered). */
export async function hasDefaultVpc(): Promise<boolean> {
    const found = await aws.ec2.getVpcs({ filters: [{ name: "is-default", values: ["true"] }] });
    return found.ids.length > 0;
}
