import { contains, formatCidr, isPrivate, mustParseCidr, overlaps, parseCidr, subnet } from "../src";

describe("cidr", () => {
    test("parses and formats", () => {
        expect(formatCidr(mustParseCidr("10.20.0.0/16"))).toBe("10.20.0.0/16");
        expect(parseCidr("256.0.0.0/8")).toMatch(/octet above 255/);
        expect(parseCidr("10.0.0.0/33")).toMatch(/prefix length above 32/);
    });
    test("subnets tile the parent without overlap", () => {
        const vpc = mustParseCidr("10.10.0.0/16");
        const subs = [0, 1, 2, 3].map((i) => subnet(vpc, 20, i));
        expect(subs.map(formatCidr)).toEqual(["10.10.0.0/20", "10.10.16.0/20", "10.10.32.0/20", "10.10.48.0/20"]);
        for (const s of subs) expect(contains(vpc, s)).toBe(true);
        for (let i = 0; i < subs.length; i++)
            for (let j = i + 1; j < subs.length; j++) expect(overlaps(subs[i], subs[j])).toBe(false);
        expect(() => subnet(vpc, 17, 2)).toThrow("holds 2 /17 subnets; index 2 is out of range");
        expect(() => subnet(vpc, 8, 0)).toThrow("cannot carve a /8 out of 10.10.0.0/16");
    });
    test("private ranges", () => {
        expect(isPrivate(mustParseCidr("172.31.0.0/16"))).toBe(true);
        expect(isPrivate(mustParseCidr("172.32.0.0/16"))).toBe(false);
        expect(overlaps(mustParseCidr("10.0.0.0/8"), mustParseCidr("10.1.0.0/16"))).toBe(true);
    });
});
