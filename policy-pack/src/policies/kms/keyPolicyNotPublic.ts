import { resourcePolicy } from "../../policy";
import { publicPolicyValidation } from "../../resourcePolicies";

/** Every key type that carries its own key policy: replica and imported-material keys too. */
const PROPERTIES = {
    "aws:kms/key:Key": "policy",
    "aws:kms/keyPolicy:KeyPolicy": "policy",
    "aws:kms/replicaKey:ReplicaKey": "policy",
    "aws:kms/externalKey:ExternalKey": "policy",
    "aws:kms/replicaExternalKey:ReplicaExternalKey": "policy",
};

/**
 * KMS key policies grant nothing to anyone without a pinning condition; for
 * keys `kms:CallerAccount` also pins the caller (the AWS-managed key policies
 * use it with `Principal: *`).
 *
 * Controls: KMS.5 (FSBP; "conditions must use fixed values").
 */
export const keyPolicyNotPublic = resourcePolicy({
    name: "kms-key-policy-not-public",
    description: "KMS key policies allow no '*' principal without a condition that pins the caller.",
    enforcementLevel: "mandatory",
    severity: "critical",
    service: "kms",
    controls: ["KMS.5"],
    onUnknown: "defer",
    resourceTypes: Object.keys(PROPERTIES),
    validateResource: publicPolicyValidation(PROPERTIES, ["kms:CallerAccount"]),
});
