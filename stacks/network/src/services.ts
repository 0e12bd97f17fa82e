/**
 * Interface endpoint services the network layer knows, by the short name that
 * follows `com.amazonaws.<region>.` in the endpoint service name. The list is
 * deliberately closed: a typo in config fails validation instead of failing
 * `pulumi up` halfway through a region.
 */
export const KNOWN_INTERFACE_SERVICES = [
    "logs",
    "kms",
    "sqs",
    "sns",
    "secretsmanager",
    "ssm",
    "ssmmessages",
    "ec2messages",
    "ec2",
    "ecr.api",
    "ecr.dkr",
    "xray",
    "sts",
    "monitoring",
    "events",
    "lambda",
    "states",
    "rds",
    "elasticloadbalancing",
    "ssm-contacts",
    "ssm-incidents",
] as const;

/**
 * What the private API Lambda calls: logs (its log group), kms (decrypt with the
 * CMKs), sqs (dead-letter queue), secretsmanager (database secret), xray (active
 * tracing), sts (assume-role/credentials for SDK calls). With these the function
 * needs no internet path.
 */
export const DEFAULT_INTERFACE_SERVICES: readonly string[] = ["logs", "kms", "sqs", "secretsmanager", "xray", "sts"];

/** Always created, not configurable: the private API is locked to this endpoint. */
export const EXECUTE_API_SERVICE = "execute-api";

export function isKnownInterfaceService(s: string): boolean {
    return (KNOWN_INTERFACE_SERVICES as readonly string[]).includes(s);
}

export function endpointServiceName(region: string, service: string): string {
    return `com.amazonaws.${region}.${service}`;
}
