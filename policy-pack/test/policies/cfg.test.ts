import { recorderEnabled } from "../../src/policies/cfg/recorderEnabled";
import { runResourcePolicyCases } from "../cases";

runResourcePolicyCases([
    [
        recorderEnabled,
        [
            [
                "recorder stopped",
                "recorder-status",
                { isEnabled: false },
                ["Config recorder status is not enabled: set isEnabled: true."],
            ],
            [
                "recorder limited to a hand-picked list",
                "recorder",
                { recordingGroup: { allSupported: false, resourceTypes: ["AWS::S3::Bucket"] } },
                ["Config recorder records only a list of resource types: set recordingGroup.allSupported: true."],
            ],
            [
                "an exclusion strategy passes",
                "recorder",
                {
                    recordingGroup: {
                        allSupported: false,
                        exclusionByResourceTypes: [{ resourceTypes: ["AWS::EC2::NetworkInterface"] }],
                        recordingStrategy: [{ useOnly: "EXCLUSION_BY_RESOURCE_TYPES" }],
                    },
                },
                [],
            ],
        ],
    ],
]);
