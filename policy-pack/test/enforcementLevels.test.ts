/**
 * The pack's own check of `--policy-pack-config` enforcement levels: an unknown
 * level, or a known one in the wrong case, is an error naming the policy, never
 * a silent fall back to the policy's default level.
 */
import { ENFORCEMENT_LEVELS } from "../src/config";
import { PolicyConfigError, evaluatePlans } from "../src/offline";

const evaluate = (policyPackConfig: unknown) => () =>
    evaluatePlans([], undefined, { policyPackConfig: policyPackConfig as never });

test("the levels are CrossGuard's, spelled as @pulumi/policy spells them", () => {
    expect([...ENFORCEMENT_LEVELS].sort()).toEqual(["advisory", "disabled", "mandatory", "remediate"]);
});

test.each([
    [
        { all: "Mandatory" },
        'all: "Mandatory" is not an enforcement level: one of advisory, mandatory, remediate, disabled (levels are lower case: did you mean mandatory?)',
    ],
    [{ "kms-key-rotation": "warn" }, 'kms-key-rotation: "warn" is not an enforcement level'],
    [
        { "kms-key-rotation": { enforcementLevel: " advisory" } },
        'kms-key-rotation.enforcementLevel: " advisory" is not an enforcement level',
    ],
    [{ all: { enforcementLevel: null } }, "all.enforcementLevel: null is not an enforcement level"],
])("%j is refused", (config, message) => {
    expect(evaluate(config)).toThrow(PolicyConfigError);
    expect(evaluate(config)).toThrow(message);
});

test.each(ENFORCEMENT_LEVELS.map((l) => [l]))("%s is accepted", (level) => {
    expect(evaluate({ all: level })()).toMatchObject({ counts: { stacks: 0 } });
});
