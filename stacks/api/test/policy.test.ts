import { simulate } from "@baseline/lib/src/testing";
import { apiResourcePolicy, pathSlug, resourcePaths } from "../src/privateApi";

const EXEC = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5";
const VPCE = "vpce-0a000000000exapi";
const CALLER = "arn:aws:iam::123456789012:role/app";

/** One invocation of GET /v1/health against the policy, from `vpce` (or from no endpoint). */
function invoke(policy: object, vpce: string | undefined, resource = `${EXEC}/v1/GET/health`) {
    return simulate({
        principal: CALLER,
        action: "execute-api:Invoke",
        resource,
        resourcePolicy: policy as never,
        context: vpce === undefined ? {} : { "aws:SourceVpce": vpce },
    });
}

describe("API resource policy", () => {
    const policy = apiResourcePolicy(EXEC, VPCE);

    test("allows an invocation through the bound execute-api endpoint", async () => {
        await expect(invoke(policy, VPCE)).resolves.toBe("Allowed");
        await expect(invoke(policy, VPCE, `${EXEC}/v1/GET/objects/reports/a.csv`)).resolves.toBe("Allowed");
    });

    test("explicitly denies another VPC endpoint", async () => {
        await expect(invoke(policy, "vpce-0b0000000000other")).resolves.toBe("ExplicitlyDenied");
    });

    test("explicitly denies a call that comes through no endpoint", async () => {
        await expect(invoke(policy, undefined)).resolves.toBe("ExplicitlyDenied");
    });

    test("covers only this API", async () => {
        const other = "arn:aws:execute-api:us-east-1:123456789012:zzzzzzzzzz/v1/GET/health";
        await expect(invoke(policy, VPCE, other)).resolves.not.toBe("Allowed");
    });

    test("grants only execute-api:Invoke", () => {
        for (const s of policy.Statement) expect(s.Action).toBe("execute-api:Invoke");
        expect(policy.Statement.map((s) => s.Effect)).toEqual(["Allow", "Deny"]);
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
