import { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { stackPolicy } from "../../policy";
import { ifKnown } from "../../unknown";
import { refersTo } from "../../util";
import { SG_EGRESS_RULE_TYPE, SG_INGRESS_RULE_TYPE, SG_RULE_TYPE } from "./rules";

const RULE_TYPES = [SG_RULE_TYPE, SG_INGRESS_RULE_TYPE, SG_EGRESS_RULE_TYPE];

/** Values that name a VPC's default security group: the adopted group's id, or the VPC's `defaultSecurityGroupId`. */
function defaultGroups(resources: readonly PolicyResource[]): PolicyResource[] {
    return resources.filter((r) => r.type === "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup");
}

function defaultGroupIds(resources: readonly PolicyResource[]): Set<string> {
    const out = new Set<string>();
    // Outputs of resources the update creates are unknown at preview: they match nothing.
    for (const r of resources) {
        const key =
            r.type === "aws:ec2/vpc:Vpc"
                ? "defaultSecurityGroupId"
                : r.type === "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
                  ? "id"
                  : undefined;
        const v = key === undefined ? undefined : ifKnown(() => r.props[key]);
        if (typeof v === "string") out.add(v);
    }
    return out;
}

/**
 * No separate rule resource (`SecurityGroupRule`, `SecurityGroupIngressRule`,
 * `SecurityGroupEgressRule`) adds a rule to a VPC's default security group,
 * which the baseline adopts and empties: the inline check on
 * `DefaultSecurityGroup` cannot see rules added from outside.
 *
 * Controls: EC2.2 (FSBP, CIS v3.0.0 5.4).
 */
export const defaultSecurityGroupNoRules = stackPolicy({
    name: "ec2-default-security-group-no-rules",
    description: "No security group rule resource targets a VPC's default security group.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "ec2",
    controls: ["EC2.2"],
    onUnknown: "defer",
    resourceTypes: RULE_TYPES,
    validateStack: (args: StackValidationArgs, reportViolation) => {
        const groups = defaultGroups(args.resources);
        const ids = defaultGroupIds(args.resources);
        for (const r of args.resources.filter((x) => RULE_TYPES.includes(x.type))) {
            const target = r.props["securityGroupId"];
            if (
                groups.some((g) => ifKnown(() => refersTo(r, "securityGroupId", g)) === true) ||
                (typeof target === "string" && ids.has(target))
            )
                reportViolation(
                    `Rule '${r.name}' adds a rule to the default security group (${String(target)}), which must stay empty.`,
                    r.urn,
                );
        }
    },
});
