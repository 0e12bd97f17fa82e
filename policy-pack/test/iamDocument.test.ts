import { actionMatches, readPolicyDocument, Statement } from "../src/iamDocument";
import { expandAction, grantsAction, parseDocument } from "../src/iam";

const statements = (doc: unknown): Statement[] => {
    const r = readPolicyDocument(doc);
    if ("errors" in r) throw new Error(JSON.stringify(r.errors));
    return r.statements;
};
const errorsOf = (doc: unknown): string[] => {
    const r = readPolicyDocument(doc);
    return "errors" in r ? r.errors.map((e) => `${e.path}: ${e.message}`) : [];
};

describe("readPolicyDocument: the statement forms IAM accepts", () => {
    it("reads Statement as one object or as an array, numbering statements from 1", () => {
        const one = statements({ Statement: { Effect: "Allow", Action: "s3:GetObject", Resource: "*" } });
        expect(one.map((s) => s.index())).toEqual([1]);
        const two = statements({
            Version: "2012-10-17",
            Statement: [
                { Sid: "A", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "arn:aws:s3:::b/*" },
                { Effect: "Deny", NotAction: "iam:*", NotResource: ["arn:aws:iam::123456789012:role/x"] },
            ],
        });
        expect(two.map((s) => [s.index(), s.sid(), s.effect(), s.isAllow(), s.isDeny()])).toEqual([
            [1, "A", "Allow", true, false],
            [2, undefined, "Deny", false, true],
        ]);
        expect(two[0].isActionStatement()).toBe(true);
        expect(two[0].actions().map((a) => a.value())).toEqual(["s3:GetObject", "s3:PutObject"]);
        expect(two[0].resources().map((r) => r.value())).toEqual(["arn:aws:s3:::b/*"]);
        expect(two[1].isNotActionStatement()).toBe(true);
        expect(two[1].notActions().map((a) => [a.service(), a.action()])).toEqual([["iam", "*"]]);
        expect(two[1].isNotResourceStatement()).toBe(true);
        expect(two[1].isResourceStatement()).toBe(false);
        expect(two[1].notResources().map((r) => r.value())).toEqual(["arn:aws:iam::123456789012:role/x"]);
    });

    it('reads Principal "*" as everyone and each principal type with one or many names', () => {
        const [star] = statements({ Statement: [{ Effect: "Allow", Principal: "*", Action: "sqs:SendMessage" }] });
        expect(star.isPrincipalStatement()).toBe(true);
        expect(star.principals().map((p) => [p.type(), p.value(), p.isWildcardPrincipal()])).toEqual([["AWS", "*", true]]);

        const [mixed] = statements({
            Statement: [
                {
                    Effect: "Allow",
                    Principal: {
                        AWS: ["*", "123456789012", "arn:aws:iam::123456789012:root", "arn:aws:iam::123456789012:role/r"],
                        Service: "logs.amazonaws.com",
                        Federated: "cognito-identity.amazonaws.com",
                        CanonicalUser: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be",
                    },
                    Action: "sts:AssumeRole",
                },
            ],
        });
        expect(
            mixed
                .principals()
                .map((p) => [
                    p.type(),
                    p.isWildcardPrincipal(),
                    p.isAccountPrincipal(),
                    p.isAwsPrincipal(),
                    p.isServicePrincipal(),
                    p.isFederatedPrincipal(),
                    p.isCanonicalUserPrincipal(),
                ]),
        ).toEqual([
            ["AWS", true, false, true, false, false, false],
            ["AWS", false, true, true, false, false, false],
            ["AWS", false, true, true, false, false, false],
            ["AWS", false, false, true, false, false, false],
            ["Service", false, false, false, true, false, false],
            ["Federated", false, false, false, false, true, false],
            ["CanonicalUser", false, false, false, false, false, true],
        ]);

        const [not] = statements({
            Statement: [{ Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::1:root" }, Action: "s3:*" }],
        });
        expect([not.isPrincipalStatement(), not.isNotPrincipalStatement(), not.principals().length]).toEqual([false, true, 0]);
        expect(not.notPrincipals().map((p) => p.value())).toEqual(["arn:aws:iam::1:root"]);
    });

    it("reads conditions as operator, key and values, with the set prefix and IfExists split off", () => {
        const [s] = statements({
            Statement: [
                {
                    Effect: "Allow",
                    Action: "s3:GetObject",
                    Resource: "*",
                    Condition: {
                        Bool: { "aws:SecureTransport": true },
                        "ForAnyValue:StringLikeIfExists": { "aws:TagKeys": ["a*", 12] },
                        StringNotEquals: { "aws:SourceVpce": "vpce-1" },
                    },
                },
            ],
        });
        expect(
            s
                .conditions()
                .map((c) => [
                    c.operation().value(),
                    c.operation().baseOperator(),
                    c.operation().setOperator(),
                    c.operation().isIfExists(),
                    c.conditionKey(),
                    c.conditionValues(),
                ]),
        ).toEqual([
            ["Bool", "Bool", undefined, false, "aws:SecureTransport", ["true"]],
            ["ForAnyValue:StringLikeIfExists", "StringLike", "ForAnyValue", true, "aws:TagKeys", ["a*", "12"]],
            ["StringNotEquals", "StringNotEquals", undefined, false, "aws:SourceVpce", ["vpce-1"]],
        ]);
    });
});

describe("readPolicyDocument: what breaks the grammar is named with its path", () => {
    it.each<[string, unknown, string[]]>([
        ["no Statement", { Version: "2012-10-17" }, ["Statement: is required"]],
        ["empty Statement array", { Statement: [] }, ["Statement: must hold at least one statement"]],
        ["Statement a string", { Statement: "x" }, ["Statement: must be a statement object or an array of them"]],
        [
            "no Effect",
            { Statement: [{ Action: "s3:GetObject", Resource: "*" }] },
            ['Statement[0].Effect: must be "Allow" or "Deny", found none'],
        ],
        [
            "Effect spelt otherwise",
            { Statement: { Effect: "allow", Action: "s3:GetObject" } },
            ['Statement.Effect: must be "Allow" or "Deny", found "allow"'],
        ],
        [
            "Action and NotAction",
            { Statement: [{ Effect: "Allow", Action: "a:b", NotAction: "c:d" }] },
            ["Statement[0]: has both Action and NotAction; a statement takes one of them"],
        ],
        [
            "neither Action nor NotAction",
            { Statement: [{ Effect: "Allow", Resource: "*" }] },
            ["Statement[0]: has neither Action nor NotAction; a statement takes one of them"],
        ],
        [
            "Resource and NotResource",
            { Statement: [{ Effect: "Allow", Action: "a:b", Resource: "*", NotResource: "*" }] },
            ["Statement[0]: has both Resource and NotResource; a statement takes one of them"],
        ],
        [
            "a number among the actions",
            { Statement: [{ Effect: "Allow", Action: ["s3:GetObject", 3], Resource: "*" }] },
            ["Statement[0].Action[1]: must be a string, found 3"],
        ],
        [
            "an unknown principal type",
            { Statement: [{ Effect: "Allow", Principal: { User: "bob" }, Action: "a:b" }] },
            ['Statement[0].Principal.User: unknown principal type (allowed: "AWS", "Service", "Federated", "CanonicalUser")'],
        ],
        [
            "a Principal string other than *",
            { Statement: [{ Effect: "Allow", Principal: "AWS", Action: "a:b" }] },
            [
                'Statement[0].Principal: must be "*" or an object of "AWS", "Service", "Federated", "CanonicalUser" to names, found "AWS"',
            ],
        ],
        [
            "an unknown condition operator",
            { Statement: [{ Effect: "Allow", Action: "a:b", Resource: "*", Condition: { StringEqual: { k: "v" } } }] },
            [
                "Statement[0].Condition.StringEqual: unknown condition operator (see the IAM condition operators: StringEquals, ArnLike, Bool, ...)",
            ],
        ],
        [
            "a condition block that is not an object",
            { Statement: [{ Effect: "Allow", Action: "a:b", Resource: "*", Condition: { StringEquals: "x" } }] },
            ['Statement[0].Condition.StringEquals: must be an object of condition key -> values, found "x"'],
        ],
        [
            "an unknown statement element and a bad version",
            { Version: "2013", Statement: [{ Effect: "Allow", Action: "a:b", Resource: "*", Actions: "c:d" }] },
            [
                'Version: must be "2012-10-17", "2008-10-17", found "2013"',
                'Statement[0].Actions: unknown element (a statement has "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition")',
            ],
        ],
    ])("%s", (_name, doc, expected) => {
        expect(errorsOf(doc)).toEqual(expected);
    });

    it("keeps action spellings IAM refuses, so what they would grant is still judged", () => {
        expect(errorsOf({ Statement: [{ Effect: "Allow", Action: ["*:*", "s3GetObject"], Resource: "*" }] })).toEqual([]);
    });

    it("parseDocument lists every problem in one message", () => {
        expect(parseDocument(JSON.stringify({ Statement: [{ Action: ["a:b", 1], Principal: "x" }] }))).toEqual({
            error:
                'is not a valid policy (Statement[0].Effect: must be "Allow" or "Deny", found none; Statement[0].Action[1]: must be a string, found 1; ' +
                'Statement[0].Principal: must be "*" or an object of "AWS", "Service", "Federated", "CanonicalUser" to names, found "x")',
        });
        expect(parseDocument("{")).toEqual({ error: "is not JSON" });
        expect(parseDocument("[1]")).toEqual({ error: "is not a JSON object" });
    });
});

describe("actionMatches: IAM's action patterns", () => {
    it.each<[string, string, boolean]>([
        ["iam:PassRole", "*", true],
        ["iam:PassRole", "iam:*", true],
        ["iam:PassRole", "IAM:passrole", true],
        ["iam:PassRole", "iam:Pass?ole", true],
        ["iam:PassRole", "iam:*Role", true],
        ["iam:PassRole", "iam:Pass", false],
        ["iam:PassRole", "iam:Pass??", false],
        // Literal characters stay literal: a dot is not "any character".
        ["iam:PassRole", "iam:Pass.*", false],
        ["iam:PassRole", "iam:Pass(Role)?", false],
        // The service prefix is matched literally.
        ["iam:PassRole", "i*:PassRole", false],
        ["iam:PassRole", "*:*", false],
        ["iam:PassRole", "iam*", false],
        ["s3:GetObject", "iam:GetObject", false],
    ])("%s against %s: %s", (action, pattern, expected) => {
        expect(actionMatches(action, pattern)).toBe(expected);
    });

    it("expands a pattern against the service authorization data, case-insensitively", () => {
        const passes = expandAction("IAM:pass*");
        expect(passes).toContain("iam:PassRole");
        expect(passes.every((a) => /^iam:pass/i.test(a))).toBe(true);
        expect(expandAction("iam:Nope*")).toEqual([]);
    });

    it("grantsAction honours NotAction: everything except what it names", () => {
        const [s] = statements({ Statement: [{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }] });
        expect(grantsAction(s, "iam:PassRole")).toBe(false);
        expect(grantsAction(s, "s3:GetObject")).toBe(true);
    });
});
