import { npmEnv } from "../src/e2e/packedPack";

describe("the environment of the packed pack's npm install", () => {
    it("drops the settings npm exports to the script it runs (its project's prefix among them), keeping the user's cache and registry", () => {
        const env = npmEnv({
            PATH: "/usr/bin",
            HOME: "/home/dev",
            npm_config_local_prefix: "/work/repo",
            npm_config_prefix: "/usr/local",
            npm_package_name: "aws-secure-baseline",
            npm_lifecycle_event: "e2e",
            npm_config_cache: "/home/dev/.npm",
            npm_config_registry: "https://registry.npmjs.org/",
            npm_config_userconfig: "/home/dev/.npmrc",
        });
        expect(env).toEqual({
            PATH: "/usr/bin",
            HOME: "/home/dev",
            npm_config_cache: "/home/dev/.npm",
            npm_config_registry: "https://registry.npmjs.org/",
            npm_config_userconfig: "/home/dev/.npmrc",
        });
    });
});
