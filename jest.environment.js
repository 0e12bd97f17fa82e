/**
 * jest's node environment, with one change: the test context names the stack
 * formatter that already applies to it.
 *
 * Node formats a stack thrown in a vm context with the main realm's
 * `Error.prepareStackTrace` when the context sets none; jest installs its
 * source-map formatter there. The context's own `Error.prepareStackTrace` is
 * therefore empty, and the library's promise-stack filter
 * (lib/src/promiseStacks.ts) would find nothing to wrap, leaving every
 * @pulumi/pulumi promise stack to be source-mapped. Here the context gets a
 * formatter that calls the main realm's, looked up at each call (jest swaps it
 * per test file), so the filter wraps it as it does under ts-node. Stacks read
 * the same as before.
 */
const { TestEnvironment } = require("jest-environment-node");

class BaselineEnvironment extends TestEnvironment {
    constructor(config, context) {
        super(config, context);
        this.global.Error.prepareStackTrace = (err, frames) =>
            typeof Error.prepareStackTrace === "function"
                ? Error.prepareStackTrace(err, frames)
                : `${Error.prototype.toString.call(err)}${frames.map((f) => `\n    at ${f}`).join("")}`;
    }
}

module.exports = BaselineEnvironment;
