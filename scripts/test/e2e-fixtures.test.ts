/** Reading a fixture preview's outcome the way scripts/src/e2e/fixtures.ts does. */
import { judgeFixture, mandatoryPolicies } from "../src/e2e/fixtures";
import { VERDICTS } from "@baseline/policy-pack/fixtures/verdicts";

const OUT = `Policies:
    ❌ aws-secure-baseline@v0.3.0 (local: ../..)
        - [mandatory] [severity: critical]  iam-no-admin-statements  (aws:iam/rolePolicy:RolePolicy: deployer-all)
          No IAM policy statement allows '*' actions on '*' resources.
        - [mandatory] [severity: critical]  iam-no-escalation-actions  (aws:iam/rolePolicy:RolePolicy: deployer-all)
        - [advisory] [severity: medium]  cloudwatch-log-group-cmk  (aws:cloudwatch/logGroup:LogGroup: payments)
        - [mandatory]  aws-secure-baseline v0.3.0  iam-pass-role-restricted  (aws:iam/rolePolicy:RolePolicy: deployer-all)
`;

// The first two findings as the engine (3.248.0) printed them for the admin-role fixture; the last in an older layout.
it("reads the policies reported at level mandatory, in both CLI layouts, and not the advisory ones", () => {
    expect(mandatoryPolicies(OUT)).toEqual(["iam-no-admin-statements", "iam-no-escalation-actions", "iam-pass-role-restricted"]);
});

it("holds a preview to its fixture's verdict: exit status and the mandatory policies", () => {
    const admin = VERDICTS.find((v) => v.name === "admin-role")!;
    expect(judgeFixture(admin, { code: 255, out: OUT })).toEqual({ ok: true, detail: "" });
    expect(judgeFixture(admin, { code: 0, out: OUT }).ok).toBe(false);
    const good = VERDICTS.find((v) => v.name === "payments-service")!;
    expect(judgeFixture(good, { code: 255, out: OUT })).toEqual({
        ok: false,
        detail: 'exit status 255, expected 0; mandatory policies ["iam-no-admin-statements","iam-no-escalation-actions","iam-pass-role-restricted"], expected []',
    });
});
