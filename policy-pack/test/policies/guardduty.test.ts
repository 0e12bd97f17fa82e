import { detectorNotSuspended as detectorEnabled } from "../../src/policies/guardduty/detectorSettings";
import { runAddedResourceCases, runResourcePolicyCases } from "../cases";

runResourcePolicyCases([
    [
        detectorEnabled,
        [["detector suspended", "guardduty", { enable: false }, ["GuardDuty detector is suspended: set enable: true."]]],
    ],
]);

runAddedResourceCases([
    [
        detectorEnabled,
        [
            [
                "a feature switched off",
                [
                    {
                        type: "aws:guardduty/detectorFeature:DetectorFeature",
                        name: "s3-protection",
                        inputs: { detectorId: "d-1", name: "S3_DATA_EVENTS", status: "DISABLED" },
                    },
                ],
                [["s3-protection", "GuardDuty feature S3_DATA_EVENTS is DISABLED."]],
            ],
        ],
    ],
]);
