import { contains, formatCidr, mustParseCidr, overlaps, size } from "@baseline/lib";
import { TIERS, Tier, addressesNeeded, planSubnets, subnetPlanProblems } from "../src/subnetPlan";

const VPCS = ["10.10.0.0/16", "10.20.0.0/17", "172.16.0.0/18", "192.168.0.0/19", "10.255.240.0/20", "10.0.0.0/22"];
const PREFIX_SETS: Record<Tier, number>[] = [
    { public: 24, private: 20, isolated: 24 },
    { public: 26, private: 22, isolated: 25 },
    { public: 28, private: 24, isolated: 28 },
    { public: 27, private: 27, isolated: 27 },
];

describe("planSubnets (property-style over VPC CIDRs, AZ counts and subnet sizes)", () => {
    const cases = VPCS.flatMap((vpc) =>
        [2, 3, 4, 6].flatMap((azCount) => PREFIX_SETS.map((prefixes) => ({ vpc, azCount, prefixes }))),
    );

    it.each(cases)("$vpc x $azCount AZs x $prefixes", ({ vpc, azCount, prefixes }) => {
        const vpcCidr = mustParseCidr(vpc);
        const input = { vpcCidr, azCount, prefixes };
        const fits = TIERS.every((t) => prefixes[t] > vpcCidr.prefix) && addressesNeeded(input) <= size(vpcCidr);
        if (!fits) {
            expect(subnetPlanProblems(input).length).toBeGreaterThan(0);
            expect(() => planSubnets(input)).toThrow(/cannot plan subnets/);
            return;
        }
        const plan = planSubnets(input);
        expect(plan).toHaveLength(3 * azCount);
        for (const tier of TIERS) {
            const ofTier = plan.filter((s) => s.tier === tier);
            expect(ofTier.map((s) => s.azIndex)).toEqual([...Array(azCount).keys()]);
            for (const s of ofTier) expect(s.cidr.prefix).toBe(prefixes[tier]);
        }
        for (let i = 0; i < plan.length; i++) {
            expect(contains(vpcCidr, plan[i].cidr)).toBe(true);
            expect(formatCidr(plan[i].cidr)).toBe(plan[i].cidrBlock);
            for (let j = i + 1; j < plan.length; j++) expect(overlaps(plan[i].cidr, plan[j].cidr)).toBe(false);
        }
    });

    it("the default layout of a /16 with 3 AZs", () => {
        const plan = planSubnets({
            vpcCidr: mustParseCidr("10.10.0.0/16"),
            azCount: 3,
            prefixes: { public: 24, private: 20, isolated: 24 },
        });
        expect(plan.map((s) => `${s.tier}:${s.cidrBlock}`)).toEqual([
            "public:10.10.48.0/24",
            "public:10.10.49.0/24",
            "public:10.10.50.0/24",
            "private:10.10.0.0/20",
            "private:10.10.16.0/20",
            "private:10.10.32.0/20",
            "isolated:10.10.51.0/24",
            "isolated:10.10.52.0/24",
            "isolated:10.10.53.0/24",
        ]);
    });

    it("fills a VPC exactly when the sizes add up, and refuses one address more", () => {
        // 4 AZs x (/20 + /21 + /21) = 4 x 8192 = a whole /17.
        const vpcCidr = mustParseCidr("10.0.0.0/17");
        expect(planSubnets({ vpcCidr, azCount: 4, prefixes: { public: 21, private: 20, isolated: 21 } })).toHaveLength(12);
        const tooMuch = { vpcCidr, azCount: 4, prefixes: { public: 21, private: 20, isolated: 20 } };
        expect(subnetPlanProblems(tooMuch)).toEqual([
            { message: expect.stringMatching(/10\.0\.0\.0\/17 holds 32768 addresses, but 4 AZs .* need 40960/) },
        ]);
    });

    it("names the tier whose prefix is not longer than the VPC's", () => {
        const problems = subnetPlanProblems({
            vpcCidr: mustParseCidr("10.0.0.0/20"),
            azCount: 3,
            prefixes: { public: 24, private: 20, isolated: 29 },
        });
        expect(problems.map((p) => p.tier)).toEqual(["private", "isolated"]);
    });
});
