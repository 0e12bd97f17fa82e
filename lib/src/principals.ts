/**
 * Principal ARNs from config checked against the account the stack deploys into. The account is
 * known only once the program runs (global-iam asks STS, the other layers read it from
 * global-iam's outputs), so these checks run there, still before any resource is registered, and
 * raise the same ConfigValidationError as the layers' `readConfig`.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigValidationError } from "./config";

/** The 12-digit account of an IAM principal ARN (`arn:aws:iam::<account>:...`), or undefined. */
export function accountOfPrincipal(arn: string): string | undefined {
    return /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(arn)?.[1];
}

/** True for an account principal (`arn:aws:iam::<account>:root`): every principal of that account IAM lets assume. */
export function isAccountRoot(arn: string): boolean {
    return /^arn:aws[a-z-]*:iam::\d{12}:root$/.test(arn);
}

/** The stack the program runs as, for error messages (`project/stack`). */
export function currentStackName(fallbackProject: string): string {
    try {
        return `${pulumi.getProject()}/${pulumi.getStack()}`;
    } catch {
        return `${fallbackProject}/(unknown stack)`;
    }
}

/** Throws one ConfigValidationError naming every entry of `key` that `refuse` rejects, with `allowed`. */
export function refusePrincipals(args: {
    readonly stack: string;
    /** The qualified key, e.g. `baseline-security:keyAdministrators`. */
    readonly key: string;
    readonly principals: readonly string[];
    readonly refuse: (arn: string) => boolean;
    readonly allowed: string;
}): void {
    const bad = args.principals.filter(args.refuse);
    if (bad.length > 0) {
        throw new ConfigValidationError(
            args.stack,
            bad.map((arn) => ({ key: args.key, value: arn, allowed: args.allowed })),
        );
    }
}
