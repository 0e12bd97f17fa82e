import { ANONYMOUS, simulate } from "@baseline/lib/src/testing";
import { apiResourcePolicy, methodArgs, pathSlug, resourcePaths } from "../src/privateApi";
import { API_ROUTES } from "../handler/app";

const ACCOUNT = "123456789012";
const FOREIGN = "210987654321";
const EXEC = `arn:aws:execute-api:us-east-1:${ACCOUNT}:a1b2c3d4e5`;
const VPCE = "vpce-0a000000000exapi";
const CALLER = `arn:aws:iam::${ACCOUNT}:role/app`;
/** The identity policy a caller of this account gets to call the API (the resource policy delegates to it). */
const CALLER_POLICY = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "execute-api:Invoke", Resource: `${EXEC}/*` }],
};

/**
 * One invocation of GET /v1/health against the policy. The request context is what API Gateway
 * sets for a SigV4-signed request: the endpoint it came through and the signer's account (an
 * unsigned request has no principal, so no `aws:PrincipalAccount`).
 */
function invoke(policy: object, opts: { principal?: string; vpce?: string; identity?: boolean; resource?: string } = {}) {
    const principal = opts.principal ?? CALLER;
    const account = principal === ANONYMOUS ? undefined : /^arn:aws:iam::(\d{12}):/.exec(principal)?.[1];
    return simulate({
        principal,
        action: "execute-api:Invoke",
        resource: opts.resource ?? `${EXEC}/v1/GET/health`,
        resourceAccount: ACCOUNT,
        resourcePolicy: policy as never,
        identityPolicies: opts.identity === false || principal === ANONYMOUS ? [] : [CALLER_POLICY],
        context: {
            ...(opts.vpce === undefined ? {} : { "aws:SourceVpce": opts.vpce }),
            ...(account === undefined ? {} : { "aws:PrincipalAccount": account }),
        },
    });
}

describe("API resource policy", () => {
    const policy = apiResourcePolicy(EXEC, VPCE, ACCOUNT);

    test("allows this account's role, granted by its own policy, through the bound execute-api endpoint", async () => {
        await expect(invoke(policy, { vpce: VPCE })).resolves.toBe("Allowed");
        await expect(invoke(policy, { vpce: VPCE, resource: `${EXEC}/v1/GET/objects/reports/a.csv` })).resolves.toBe("Allowed");
    });

    test("a role of this account without an identity grant is not allowed (the policy delegates to the account)", async () => {
        await expect(invoke(policy, { vpce: VPCE, identity: false })).resolves.not.toBe("Allowed");
    });

    test("explicitly denies the same role through another VPC endpoint", async () => {
        await expect(invoke(policy, { vpce: "vpce-0b0000000000other" })).resolves.toBe("ExplicitlyDenied");
    });

    test("explicitly denies a call that comes through no endpoint", async () => {
        await expect(invoke(policy, {})).resolves.toBe("ExplicitlyDenied");
    });

    test("explicitly denies another account's role, even through the bound endpoint", async () => {
        await expect(invoke(policy, { principal: `arn:aws:iam::${FOREIGN}:role/app`, vpce: VPCE })).resolves.toBe(
            "ExplicitlyDenied",
        );
        await expect(invoke(policy, { principal: `arn:aws:iam::${FOREIGN}:root`, vpce: VPCE })).resolves.toBe("ExplicitlyDenied");
    });

    test("explicitly denies an unsigned (anonymous) call, even through the bound endpoint", async () => {
        await expect(invoke(policy, { principal: ANONYMOUS, vpce: VPCE })).resolves.toBe("ExplicitlyDenied");
    });

    test("names this account, never '*', as the principal it allows", () => {
        const allows = policy.Statement.filter((s) => (s as { Effect: string }).Effect === "Allow");
        expect(allows).toHaveLength(1);
        expect((allows[0] as { Principal: unknown }).Principal).toEqual({ AWS: `arn:aws:iam::${ACCOUNT}:root` });
    });

    test("covers only this API", async () => {
        const other = `arn:aws:execute-api:us-east-1:${ACCOUNT}:zzzzzzzzzz/v1/GET/health`;
        await expect(invoke(policy, { vpce: VPCE, resource: other, identity: false })).resolves.not.toBe("Allowed");
    });

    test("grants only execute-api:Invoke", () => {
        for (const s of policy.Statement) expect((s as { Action: string }).Action).toBe("execute-api:Invoke");
        expect(policy.Statement.map((s) => (s as { Effect: string }).Effect)).toEqual(["Allow", "Deny", "Deny"]);
    });
});

describe("method authorization", () => {
    test.each(API_ROUTES.map((r) => [`${r.method} ${r.path}`, r] as const))("%s requires SigV4 (AWS_IAM)", (_n, route) => {
        expect(methodArgs(route).authorization).toBe("AWS_IAM");
        expect(methodArgs(route).apiKeyRequired).toBe(false);
    });
});

describe("resource tree", () => {
    test("creates every parent before its children", () => {
        expect(
            resourcePaths([
                { path: "/objects/{key+}", method: "GET" },
                { path: "/health", method: "GET" },
            ]),
        ).toEqual(["/health", "/objects", "/objects/{key+}"]);
    });

    test("derives logical-name fragments from paths", () => {
        expect(pathSlug("/objects/{key+}")).toBe("objects-key");
        expect(pathSlug("/health")).toBe("health");
    });
});
