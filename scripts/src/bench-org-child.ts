/**
 * The process `npm run bench:org` starts for each generated topology: the offline plan
 * (scripts/src/plan.ts) over the stacks folder it is given, which holds stand-ins for the layers
 * that are not built yet. Usage: bench-org-child.ts <out dir> <stacks dir>.
 */
import { describeFailure } from "@baseline/lib/src/testing";
import { main } from "./plan";

const [out, stacksDir] = process.argv.slice(2);
main(["--out", out], undefined, { stacksDir }).then(
    (code) => process.exit(code),
    (err: unknown) => {
        console.error(`plan FAILED: ${describeFailure(err)}`);
        process.exit(1);
    },
);
