/**
 * IAM policy documents as plain JSON, shared by every layer: identity, trust,
 * key, bucket, topic and API resource policies are built by pure functions of
 * these types, so tests can run them through the IAM policy simulator.
 */

export type ConditionValue = string | string[] | boolean | number;

export type Principal = "*" | { AWS?: string | string[]; Service?: string | string[] };

export interface Statement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Principal?: Principal;
    Action: string | string[];
    Resource?: string | string[];
    Condition?: Record<string, Record<string, ConditionValue>>;
}

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: Statement[];
}

export function policyDocument(...statements: Statement[]): PolicyDocument {
    return { Version: "2012-10-17", Statement: statements };
}

/**
 * Security Hub S3.5 / CIS 2.1.1: deny every request to the bucket and its
 * objects that does not use TLS. `s3:*` is the point here: a Deny on every
 * action, not a grant.
 */
export function denyInsecureTransport(bucketArn: string): Statement {
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}
