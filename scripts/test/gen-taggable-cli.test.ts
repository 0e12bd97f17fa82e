/** `npm run gen:taggable` says what it did for each file: wrote it, left it (up to date), or found it stale. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { run } from "../src/gen-taggable";

test("writes, then reports up to date; --check names a stale file and exits 1; bad flags exit 2", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gen-taggable-"));
    const targets = { lib: path.join(dir, "lib.ts"), policyPack: path.join(dir, "pack.ts") };
    try {
        fs.writeFileSync(targets.lib, "stale");
        const stale = run(["--check"], targets);
        expect(stale.code).toBe(1);
        expect(stale.lines).toEqual([
            expect.stringMatching(/lib\.ts is stale for @pulumi\/aws 7\.48\.0: run npm run gen:taggable$/),
            expect.stringMatching(/pack\.ts is stale/),
        ]);
        expect(fs.readFileSync(targets.lib, "utf8")).toBe("stale");

        const wrote = run([], targets);
        expect(wrote.code).toBe(0);
        expect(wrote.lines).toEqual([
            expect.stringMatching(/^wrote .*lib\.ts \(\d+ taggable resource types from @pulumi\/aws 7\.48\.0\)$/),
            expect.stringMatching(/^wrote .*pack\.ts/),
        ]);
        expect(run(["--check"], targets).lines).toEqual([
            expect.stringMatching(/lib\.ts: up to date \(\d+ taggable resource types/),
            expect.stringMatching(/pack\.ts: up to date/),
        ]);
        const bad = run(["--chek"], targets);
        expect([bad.code, bad.lines[0]]).toEqual([2, "gen:taggable: unknown option --chek (known: --check, --help)"]);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}, 60000);
