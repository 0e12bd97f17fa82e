/**
 * No two stacks create the same physical name in one place (support/physicalNames.ts): the single
 * account's plan here, the sample organization's in plan-org.test.ts. Each stack is planned alone, so
 * nothing else would show that AWS refuses the second create.
 */
import type { PlanFile, PlanStep } from "@baseline/lib";
import { sharedPlanAll } from "./support/sharedPlan";
import { CHECKED_TYPES, physicalNameClashes } from "./support/physicalNames";

const step = (type: string, inputs: Record<string, unknown>, op: PlanStep["op"] = "create"): PlanStep => ({
    op,
    urn: `urn:pulumi:s::p::${type}::r`,
    newState: { urn: `urn:pulumi:s::p::${type}::r`, type, custom: true, inputs },
});
const plan = (stack: string, region: string, steps: PlanStep[]): PlanFile => ({
    project: "baseline-x",
    stack,
    layer: "security",
    region,
    steps,
    outputs: {},
});
const accountOf = (p: PlanFile) => p.stack.split("-")[0];

describe("physical names", () => {
    it("no two stacks of the single account's plan create the same name in one place", async () => {
        const plans = await sharedPlanAll();
        // The check reads the plan's own types: a type renamed in the provider would leave it checking nothing.
        const planned = new Set(plans.flatMap((p) => p.steps.map((s) => s.newState.type)));
        expect(CHECKED_TYPES.filter((t) => planned.has(t)).length).toBeGreaterThanOrEqual(25);
        expect(physicalNameClashes(plans, () => "the account")).toEqual([]);
    }, 120000);

    it("names a role, log group, recorder or bucket two stacks create in one place, and only there", () => {
        const role = (name: string) => step("aws:iam/role:Role", { name });
        const group = (name: string) => step("aws:cloudwatch/logGroup:LogGroup", { name });
        const bucket = (b: string) => step("aws:s3/bucket:Bucket", { bucket: b });
        const plans = [
            plan("a-us-east-1", "us-east-1", [
                role("r"),
                group("/g"),
                bucket("b"),
                step("aws:cfg/recorder:Recorder", { name: "x" }),
            ]),
            // Same account, another region: the role (account-wide) and the recorder (one per region) differ in scope.
            plan("a-us-west-2", "us-west-2", [role("r"), group("/g"), step("aws:cfg/recorder:Recorder", { name: "y" })]),
            // Another account: only the bucket's name is shared with the first (bucket names are partition-wide).
            plan("b-us-east-1", "us-east-1", [role("r"), group("/g"), bucket("b")]),
            // Unknown at plan time, or not created: not judged.
            plan("a-eu-central-1", "us-east-1", [
                role(undefined as unknown as string),
                step("aws:cloudwatch/logGroup:LogGroup", { name: "/g" }, "same"),
            ]),
        ];
        expect(physicalNameClashes(plans, accountOf)).toEqual([
            { what: 'aws:iam/role:Role "r" in account a', stacks: ["baseline-x/a-us-east-1", "baseline-x/a-us-west-2"] },
            { what: 'aws:s3/bucket:Bucket "b"', stacks: ["baseline-x/a-us-east-1", "baseline-x/b-us-east-1"] },
        ]);
        // A second policy on one bucket, and one role's inline policy written twice, replace the first without an error.
        const configures = [
            plan("a-us-east-1", "us-east-1", [
                step("aws:s3/bucketPolicy:BucketPolicy", { bucket: "logs" }),
                step("aws:iam/rolePolicy:RolePolicy", { role: "r", name: "p" }),
                step("aws:iam/rolePolicy:RolePolicy", { role: "other", name: "p" }),
            ]),
            plan("b-us-east-1", "us-east-1", [step("aws:s3/bucketPolicy:BucketPolicy", { bucket: "logs" })]),
            plan("a-us-west-2", "us-west-2", [step("aws:iam/rolePolicy:RolePolicy", { role: "r", name: "p" })]),
        ];
        expect(physicalNameClashes(configures, accountOf)).toEqual([
            { what: 'aws:s3/bucketPolicy:BucketPolicy "logs"', stacks: ["baseline-x/a-us-east-1", "baseline-x/b-us-east-1"] },
            {
                what: 'aws:iam/rolePolicy:RolePolicy "r/p" in account a',
                stacks: ["baseline-x/a-us-east-1", "baseline-x/a-us-west-2"],
            },
        ]);
        // A second recorder in the same account and region clashes whatever its name: one per region.
        const twice = [
            plan("a-us-east-1", "us-east-1", [step("aws:cfg/recorder:Recorder", { name: "x" })]),
            plan("a-2", "us-east-1", [step("aws:cfg/recorder:Recorder", { name: "y" })]),
        ];
        expect(physicalNameClashes(twice, accountOf)).toEqual([
            {
                what: "aws:cfg/recorder:Recorder in account a and region us-east-1",
                stacks: ["baseline-x/a-us-east-1", "baseline-x/a-2"],
            },
        ]);
    });
});
