import { resourcePolicy } from "../../policy";

const TYPE = "aws:iam/serviceLinkedRole:ServiceLinkedRole";

/**
 * A service-linked role is created for an AWS service principal
 * (`<service>.amazonaws.com`): its permissions are the service's own, defined
 * by AWS, so the only thing a program chooses is which service, and a name that
 * is not a service principal is a typo or a disguise.
 *
 * Controls: Config.1 (FSBP) asks for the Config service-linked role.
 */
export const serviceLinkedRole = resourcePolicy({
    name: "iam-service-linked-role-aws-service",
    description: "Service-linked roles name an AWS service principal (<service>.amazonaws.com).",
    enforcementLevel: "mandatory",
    severity: "low",
    service: "iam",
    controls: [],
    onUnknown: "fail",
    resourceTypes: [TYPE],
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPE) return;
        const name = String(args.props["awsServiceName"] ?? "");
        if (!/^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com$/.test(name))
            reportViolation(`awsServiceName ${JSON.stringify(name)} is not an AWS service principal (<service>.amazonaws.com).`);
    },
});
