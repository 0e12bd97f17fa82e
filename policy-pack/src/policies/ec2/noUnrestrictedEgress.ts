import { resourcePolicy } from "../../policy";
import { internetCoverage } from "../../cidr";
import { allProtocols, rulesOf, SECURITY_GROUP_TYPE, SG_EGRESS_RULE_TYPE, SG_RULE_TYPE } from "./rules";

const TYPES = [SECURITY_GROUP_TYPE, SG_RULE_TYPE, SG_EGRESS_RULE_TYPE];

/**
 * No security group allows egress to the internet on every port (all
 * protocols, or TCP/UDP 0-65535): a compromised workload could then reach any
 * service anywhere. Egress to the internet on named ports (443 through NAT) is
 * allowed.
 *
 * Controls: none in Security Hub (EC2.2 covers the default group only); cdk-nag
 * AwsSolutions-EC23's egress counterpart, checkov CKV_AWS_382.
 */
export const noUnrestrictedEgress = resourcePolicy({
    name: "ec2-no-unrestricted-egress",
    description: "No security group allows egress to 0.0.0.0/0 or ::/0 on all ports.",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "ec2",
    controls: [],
    onUnknown: "defer",
    resourceTypes: TYPES,
    validateResource: (args, reportViolation) => {
        if (!TYPES.includes(args.type)) return;
        for (const r of rulesOf(args.type, args.props)) {
            if (r.direction !== "egress") continue;
            const p = r.protocol.toLowerCase();
            const everyPort =
                allProtocols(r) ||
                (["tcp", "udp", "6", "17"].includes(p) && (r.fromPort ?? 0) <= 0 && (r.toPort ?? 65535) >= 65535);
            const via = internetCoverage(r.cidrs);
            if (everyPort && via !== undefined)
                reportViolation(
                    `Egress to ${via} on all ports (protocol ${r.protocol}): name the ports and destinations the workload needs.`,
                );
        }
    },
});
