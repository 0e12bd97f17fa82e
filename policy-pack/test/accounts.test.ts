/** The accounts a stack belongs to, for the "another account" checks (src/accounts.ts). */
import type { PolicyResource } from "@pulumi/policy";
import { configuredAccounts, resourceAccounts, stackAccounts } from "../src/accounts";

const bucket = (name: string, props: Record<string, unknown>, provider?: PolicyResource["provider"]): PolicyResource =>
    ({
        type: "aws:s3/bucketV2:BucketV2",
        name,
        urn: `urn:pulumi:s::p::aws:s3/bucketV2:BucketV2::${name}`,
        props,
        provider,
    }) as PolicyResource;
const arn = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;

describe("stackAccounts", () => {
    it("is the most common account in the stack's ARNs, for each stack's own resources", () => {
        const a = [
            bucket("x", { role: arn("111111111111", "a") }),
            bucket("y", { role: arn("111111111111", "b"), other: arn("999999999999", "c") }),
        ];
        const b = [bucket("x", { role: arn("222222222222", "a") })];
        // Asked by several policies of each stack, in turn: each list keeps its own answer.
        for (let round = 0; round < 2; round++) {
            expect([...stackAccounts(a, [])]).toEqual(["111111111111"]);
            expect([...stackAccounts(b, [])]).toEqual(["222222222222"]);
        }
        expect([...stackAccounts([], [])]).toEqual([]);
    });

    it("counts no principal of a policy statement, never an account AWS owns, and names none on a tie", () => {
        const policy = (principal: string) =>
            JSON.stringify({
                Statement: [{ Effect: "Allow", Principal: { AWS: principal }, Action: "s3:PutObject", Resource: "*" }],
            });
        const ownKey = (name: string) =>
            bucket(name, { kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" });
        // One grant to a stranger beside one reference to the stack's own key: the grant does not vote.
        expect([
            ...stackAccounts([ownKey("data"), bucket("grant", { policy: policy("arn:aws:iam::999999999999:root") })], []),
        ]).toEqual(["123456789012"]);
        // A load balancer's log bucket names the ELB account of eu-west-1 outside a principal too: never the stack's.
        expect([
            ...stackAccounts(
                [
                    ownKey("data"),
                    bucket("logs", { target: "arn:aws:iam::156460612806:root", also: "arn:aws:iam::156460612806:root" }),
                ],
                [],
            ),
        ]).toEqual(["123456789012"]);
        // Two resources naming two accounts once each: either could be the stack's.
        const tie = [
            bucket("vendor", { role: arn("464622532012", "integration") }),
            bucket("ci", { role: arn("123456789012", "ci") }),
        ];
        expect([...stackAccounts(tie, [])]).toEqual([]);
        expect([...stackAccounts([...tie, bucket("more", { role: arn("123456789012", "deploy") })], [])]).toEqual([
            "123456789012",
        ]);
        // Principals alone name no account.
        expect([...stackAccounts([bucket("only-grants", { policy: policy("arn:aws:iam::123456789012:root") })], [])]).toEqual([]);
    });

    it("is the configured accounts and the provider's allowedAccountIds when there are any, whatever the ARNs say", () => {
        const provider = {
            type: "pulumi:providers:aws",
            props: { allowedAccountIds: ["333333333333"] },
            urn: "",
            name: "default",
        };
        const resources = [bucket("x", { role: arn("111111111111", "a") }, provider)];
        expect([...stackAccounts(resources, [])]).toEqual(["333333333333"]);
        expect([...stackAccounts(resources, ["444444444444"])].sort()).toEqual(["333333333333", "444444444444"]);
        // A caller that adds to the answer does not change the next one.
        stackAccounts(resources, []).add("555555555555");
        expect([...stackAccounts(resources, [])]).toEqual(["333333333333"]);
        const plain = [bucket("x", { role: arn("111111111111", "a") })];
        stackAccounts(plain, []).add("555555555555");
        expect([...stackAccounts(plain, [])]).toEqual(["111111111111"]);
    });
});

describe("the accounts a provider names", () => {
    const provider = (props: Record<string, unknown>) => ({ props });

    it("reads allowedAccountIds as a list, or as the JSON text pulumi-aws's Provider hands over", () => {
        expect([...configuredAccounts([], provider({ allowedAccountIds: ["111122223333"] }))]).toEqual(["111122223333"]);
        expect([...configuredAccounts([], provider({ allowedAccountIds: '["111122223333","444455556666"]' }))]).toEqual([
            "111122223333",
            "444455556666",
        ]);
        expect([...configuredAccounts([], provider({ allowedAccountIds: "111122223333" }))]).toEqual(["111122223333"]);
        expect([...configuredAccounts([], provider({}))]).toEqual([]);
    });

    it("adds, for one resource, the account of the role its provider assumes last", () => {
        const chain = [
            { roleArn: "arn:aws:iam::444455556666:role/hop", sessionName: "ci" },
            { roleArn: "arn:aws:iam::111122223333:role/deploy", sessionName: "ci" },
        ];
        for (const assumeRoles of [chain, JSON.stringify(chain)])
            expect([...resourceAccounts([], provider({ assumeRoles }))]).toEqual(["111122223333"]);
        // pulumi-aws 6.x: one `assumeRole`.
        expect([...resourceAccounts([], provider({ assumeRole: JSON.stringify(chain[1]) }))]).toEqual(["111122223333"]);
        expect([...resourceAccounts(["777788889999"], provider({}))]).toEqual(["777788889999"]);
        expect([...resourceAccounts([], undefined)]).toEqual([]);
    });
});
