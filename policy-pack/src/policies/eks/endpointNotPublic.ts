import { resourcePolicy } from "../../policy";

const OPEN = ["0.0.0.0/0", "::/0"];

/**
 * An EKS cluster's Kubernetes API endpoint is not open to the whole internet: @pulumi/aws's
 * `vpcConfig.endpointPublicAccess` "Default is `true`", and `publicAccessCidrs` "EKS defaults this to a list
 * with `0.0.0.0/0`", so a cluster that sets neither answers every address. Private access only
 * (`endpointPublicAccess: false`, `endpointPrivateAccess: true`) meets EKS.1; a public endpoint limited to
 * named CIDRs is the organization's call, and passes here.
 *
 * Controls: EKS.1 (FSBP).
 */
export const eksEndpointNotPublic = resourcePolicy({
    name: "eks-endpoint-not-public",
    description: "EKS cluster API endpoints are private, or public only to listed CIDRs (not 0.0.0.0/0).",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "eks",
    controls: ["EKS.1"],
    onUnknown: "defer",
    resourceTypes: ["aws:eks/cluster:Cluster"],
    validateResource: (args, reportViolation) => {
        if (args.type !== "aws:eks/cluster:Cluster") return;
        const vpc = args.props["vpcConfig"] as { endpointPublicAccess?: unknown; publicAccessCidrs?: unknown } | undefined;
        if (vpc?.endpointPublicAccess === false) return;
        const cidrs = Array.isArray(vpc?.publicAccessCidrs) ? (vpc!.publicAccessCidrs as unknown[]) : undefined;
        const open =
            cidrs === undefined || cidrs.length === 0
                ? ["0.0.0.0/0 (the default)"]
                : cidrs.filter((c) => OPEN.includes(String(c)));
        if (open.length > 0)
            reportViolation(
                `EKS cluster's API endpoint is public to ${open.join(", ")}: set vpcConfig.endpointPublicAccess: false with endpointPrivateAccess: true, or list in publicAccessCidrs the networks that may reach it.`,
            );
    },
});
