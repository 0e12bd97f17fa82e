import { resourcePolicy } from "../../policy";
import { asArray } from "../../util";

const SERVICE = "aws:ec2/vpcEndpointService:VpcEndpointService";
const ALLOWED_PRINCIPAL = "aws:ec2/vpcEndpointServiceAllowedPrinciple:VpcEndpointServiceAllowedPrinciple";

/**
 * A VPC endpoint service (PrivateLink) is not offered to every AWS principal: `*` among its allowed principals
 * lets any account discover it and request a connection ("The ARNs of one or more principals allowed to discover
 * the endpoint service", @pulumi/aws), and with `acceptanceRequired: false` connect at once.
 *
 * Controls: none in Security Hub.
 */
export const endpointServiceNotPublic = resourcePolicy({
    name: "ec2-endpoint-service-not-public",
    description: "VPC endpoint services do not allow the principal '*'.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "ec2",
    controls: [],
    onUnknown: "defer",
    resourceTypes: [SERVICE, ALLOWED_PRINCIPAL],
    validateResource: (args, reportViolation) => {
        const principals =
            args.type === SERVICE
                ? asArray<unknown>(args.props["allowedPrincipals"] as unknown[])
                : args.type === ALLOWED_PRINCIPAL
                  ? [args.props["principalArn"]]
                  : [];
        if (principals.some((p) => p === "*"))
            reportViolation(
                "Endpoint service allows the principal '*': every AWS account can discover it and ask to connect; name the accounts or roles.",
            );
    },
});
