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
 * None by default: an interface endpoint serves only what code in the VPC calls through its own
 * network interface, and the API's handler calls nothing but S3 (the gateway endpoint) and a TCP
 * probe of the database. Lambda delivers the function's logs, traces and dead letters itself,
 * outside the function's network interface (the Lambda developer guide lists CloudWatch Logs
 * PutLogEvents and X-Ray PutTraceSegments among the "AWS API requests that Lambda makes on your
 * behalf outside of your execution environment"), the role reads no secret, and S3 calls KMS for
 * SSE-KMS objects itself. A test (test/endpoints.test.ts) keeps this list equal to the AWS SDK
 * clients the handler imports. Add entries when code in the VPC starts calling a service.
 */
export const DEFAULT_INTERFACE_SERVICES: readonly string[] = [];

/**
 * The IAM service prefix of each endpoint service: an interface endpoint carries only its own
 * service's API, so its policy allows `<prefix>:*` and no other service.
 */
export const SERVICE_ACTION_PREFIX: Readonly<Record<(typeof KNOWN_INTERFACE_SERVICES)[number] | "execute-api", string>> = {
    logs: "logs",
    kms: "kms",
    sqs: "sqs",
    sns: "sns",
    secretsmanager: "secretsmanager",
    ssm: "ssm",
    ssmmessages: "ssmmessages",
    ec2messages: "ec2messages",
    ec2: "ec2",
    "ecr.api": "ecr",
    "ecr.dkr": "ecr",
    xray: "xray",
    sts: "sts",
    monitoring: "cloudwatch",
    events: "events",
    lambda: "lambda",
    states: "states",
    rds: "rds",
    elasticloadbalancing: "elasticloadbalancing",
    "ssm-contacts": "ssm-contacts",
    "ssm-incidents": "ssm-incidents",
    "execute-api": "execute-api",
};

/** Always created, not configurable: the private API is locked to this endpoint. */
export const EXECUTE_API_SERVICE = "execute-api";

export function isKnownInterfaceService(s: string): boolean {
    return (KNOWN_INTERFACE_SERVICES as readonly string[]).includes(s);
}

export function endpointServiceName(region: string, service: string): string {
    return `com.amazonaws.${region}.${service}`;
}
