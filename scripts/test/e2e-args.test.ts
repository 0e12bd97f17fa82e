/**
 * `npm run e2e`'s command line, in process (the run itself is slow): the shared parser's rules, so a
 * flag given twice is refused as such rather than one of its values winning or failing a range check.
 */
import { UsageError } from "../src/cli";
import { parseE2eArgs } from "../src/e2e";

describe("npm run e2e arguments", () => {
    it("defaults, and takes --flag value and --flag=value", () => {
        expect(parseE2eArgs([])).toEqual({ keep: false, parallel: 3, loadTime: false });
        expect(parseE2eArgs(["--keep", "--parallel", "5"])).toEqual({ keep: true, parallel: 5, loadTime: false });
        expect(parseE2eArgs(["--parallel=13", "--load-time"])).toEqual({ keep: false, parallel: 13, loadTime: true });
        expect(parseE2eArgs(["-h"])).toBe("help");
        expect(parseE2eArgs(["--help"])).toBe("help");
    });

    it.each([
        [["--parallel", "2", "--parallel", "99"], "--parallel given twice"],
        [["--parallel", "2", "--parallel", "2"], "--parallel given twice"],
        [["--keep", "--keep"], "--keep given twice"],
        [["--parallel", "99"], '--parallel must be a whole number from 1 to 13, got "99"'],
        [["--parallel", "0"], '--parallel must be a whole number from 1 to 13, got "0"'],
        [["--parallel", "2.5"], '--parallel must be a whole number from 1 to 13, got "2.5"'],
        [["--parallel"], "--parallel needs a value"],
        [["--only", "up"], "unknown option --only (known: --keep, --parallel, --load-time, --help)"],
        [["stray"], "unexpected argument stray"],
    ])("refuses %j: %s", (argv, message) => {
        expect(() => parseE2eArgs(argv)).toThrow(UsageError);
        expect(() => parseE2eArgs(argv)).toThrow(message);
    });
});
