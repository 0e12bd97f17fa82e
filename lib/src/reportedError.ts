/**
 * The errors a stack program reports to the person running it (invalid config,
 * an upstream stack that is missing or of the wrong shape): what they read is
 * the message, which names the file, key or stack and what to do.
 *
 * They are `pulumi.RunError`s: @pulumi/pulumi's runner (cmd/run/run.js, its
 * uncaught-exception handler) prints a RunError's message alone, where any other
 * exception is printed as "failed with an unhandled exception" followed by
 * `util.inspect(err)`, which for an error with own fields shows those fields
 * rather than the message.
 *
 * Their `stack` is the message alone, with no frames. The engine never shows a
 * RunError's stack, but the same handler still formats it with
 * `util.inspect(err, { colors: true })` for its trace span, and Node 20.20's
 * inspect loops forever on a frame whose path ends right after a scoped folder
 * in node_modules (nodejs/node#64011, fixed by nodejs/node#64022). Under ts-node
 * every frame inside @pulumi/pulumi is such a frame: the SDK's source maps put
 * resource.js at `node_modules/@pulumi/resource.ts`. Measured under the engine
 * (a network stack whose upstream stack is missing): the program grew to 2.8 GB
 * and used 13 s of CPU after printing the message, against under 2 s once the
 * error had no frames.
 */
import * as pulumi from "@pulumi/pulumi";

export abstract class ReportedError extends pulumi.RunError {
    protected constructor(name: string, message: string) {
        super(message);
        this.name = name;
        this.stack = `${name}: ${message}`;
    }
}
