import { controlsNotSilenced } from "../../src/policies/securityhub/controlsNotSilenced";
import { runAddedResourceCases, runResourcePolicyCases } from "../cases";

runResourcePolicyCases([
    [
        controlsNotSilenced,
        [
            [
                "new controls no longer enabled",
                "securityhub",
                { autoEnableControls: false },
                ["Security Hub account does not auto-enable new controls: set autoEnableControls: true."],
            ],
        ],
    ],
]);

runAddedResourceCases([
    [
        controlsNotSilenced,
        [
            [
                "a control disabled without a reason",
                [
                    {
                        type: "aws:securityhub/standardsControlAssociation:StandardsControlAssociation",
                        name: "no-cloudtrail-1",
                        inputs: {
                            securityControlId: "CloudTrail.1",
                            standardsArn:
                                "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0",
                            associationStatus: "DISABLED",
                        },
                    },
                ],
                [["no-cloudtrail-1", "Security Hub control CloudTrail.1 is DISABLED without an updatedReason."]],
            ],
            [
                "a control disabled with its reason passes",
                [
                    {
                        type: "aws:securityhub/standardsControlAssociation:StandardsControlAssociation",
                        name: "no-guardduty-5",
                        inputs: {
                            securityControlId: "GuardDuty.5",
                            standardsArn:
                                "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0",
                            associationStatus: "DISABLED",
                            updatedReason: "EKS is not used in this account.",
                        },
                    },
                ],
                [],
            ],
        ],
    ],
]);
